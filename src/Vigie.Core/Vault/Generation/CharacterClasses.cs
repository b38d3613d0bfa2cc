namespace Vigie.Core.Vault.Generation;

/// <summary>The alphabets of the character generator: printable ASCII without space, in four disjoint classes.</summary>
internal static class CharacterClasses
{
    public const string Lowercase = "abcdefghijklmnopqrstuvwxyz";
    public const string Uppercase = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    public const string Digits = "0123456789";
    public const string Symbols = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    /// <summary>The enabled classes of a policy, each without the ambiguous characters when asked.</summary>
    public static IReadOnlyList<string> For(GeneratorPolicy policy)
    {
        var classes = new List<string>(4);
        foreach (var (enabled, alphabet) in new[]
                 {
                     (policy.Lowercase, Lowercase), (policy.Uppercase, Uppercase),
                     (policy.Digits, Digits), (policy.Symbols, Symbols),
                 })
        {
            if (enabled)
            {
                classes.Add(policy.ExcludeAmbiguous
                    ? string.Concat(alphabet.Where(c => !GeneratorPolicy.AmbiguousCharacters.Contains(c)))
                    : alphabet);
            }
        }
        return classes;
    }
}
