using System.Text.Json;

namespace Vigie.Core.Vault.Generation;

/// <summary>
/// How passwords are generated for a folder: random characters from chosen classes, or a passphrase of
/// words from the embedded list. Stored as JSON (camelCase) beside the folder; check with <see cref="Validate"/>.
/// </summary>
/// <remarks>
/// Only the fields of the chosen <see cref="Mode"/> are checked and used, so a form can keep the other
/// mode's values. The default is 20 characters from all four classes, at least one of each, without the
/// ambiguous characters (<see cref="AmbiguousCharacters"/>): at least 126.8 bits. The passphrase default is six
/// capitalised words joined by dashes and a final digit: 80.9 bits.
/// </remarks>
public sealed record GeneratorPolicy
{
    public const string CharactersMode = "characters";
    public const string PassphraseMode = "passphrase";
    public const int MinLength = 8;
    public const int MaxLength = 256;
    public const int MinWords = 3;
    public const int MaxWords = 20;
    public const int MaxSeparatorLength = 3;

    /// <summary>Left out by <see cref="ExcludeAmbiguous"/>: I l 1 | (one stroke), O 0 o (a ring), and
    /// ` ' " (quotes that look alike and break naive quoting in shells and configuration files).</summary>
    public const string AmbiguousCharacters = "Il1|O0o`'\"";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary><see cref="CharactersMode"/> or <see cref="PassphraseMode"/>.</summary>
    public string Mode { get; init; } = CharactersMode;

    public int Length { get; init; } = 20;
    public bool Lowercase { get; init; } = true;
    public bool Uppercase { get; init; } = true;
    public bool Digits { get; init; } = true;
    public bool Symbols { get; init; } = true;

    /// <summary>Characters guaranteed from each enabled class.</summary>
    public int MinimumPerClass { get; init; } = 1;

    public bool ExcludeAmbiguous { get; init; } = true;

    public int Words { get; init; } = 6;

    /// <summary>Between words: up to three printable ASCII characters that are neither letters nor digits, or empty.</summary>
    public string Separator { get; init; } = "-";

    /// <summary>Upper-cases the first letter of every word (adds no entropy, satisfies composition rules).</summary>
    public bool Capitalize { get; init; } = true;

    /// <summary>Ends the passphrase with one random digit (log2 10 = 3.3 bits).</summary>
    public bool AppendDigit { get; init; } = true;

    public static GeneratorPolicy Default { get; } = new();

    public static GeneratorPolicy DefaultPassphrase { get; } = new() { Mode = PassphraseMode };

    /// <summary>Field name (the JSON name; <c>classes</c> for the four class switches together) → message.
    /// Empty when the policy can be used.</summary>
    public IReadOnlyDictionary<string, string> Validate()
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Mode == CharactersMode)
        {
            ValidateCharacters(errors);
        }
        else if (Mode == PassphraseMode)
        {
            ValidatePassphrase(errors);
        }
        else
        {
            errors["mode"] = $"must be \"{CharactersMode}\" or \"{PassphraseMode}\"";
        }
        return errors;
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a policy; absent fields take their defaults. Throws <see cref="JsonException"/> on malformed
    /// JSON. The result still needs <see cref="Validate"/>.</summary>
    public static GeneratorPolicy FromJson(string json) =>
        JsonSerializer.Deserialize<GeneratorPolicy>(json, Json) ?? throw new JsonException("The policy is null.");

    internal int EnabledClassCount => (Lowercase ? 1 : 0) + (Uppercase ? 1 : 0) + (Digits ? 1 : 0) + (Symbols ? 1 : 0);

    private void ValidateCharacters(Dictionary<string, string> errors)
    {
        if (Length is < MinLength or > MaxLength)
        {
            errors["length"] = $"must be between {MinLength} and {MaxLength}";
        }
        var classes = EnabledClassCount;
        if (classes == 0)
        {
            errors["classes"] = "enable at least one of lowercase, uppercase, digits and symbols";
        }
        if (MinimumPerClass < 0)
        {
            errors["minimumPerClass"] = "must not be negative";
        }
        else if (classes > 0 && !errors.ContainsKey("length") && MinimumPerClass * classes > Length)
        {
            errors["minimumPerClass"] = $"{MinimumPerClass} for each of {classes} classes does not fit in {Length} characters";
        }
    }

    private void ValidatePassphrase(Dictionary<string, string> errors)
    {
        if (Words is < MinWords or > MaxWords)
        {
            errors["words"] = $"must be between {MinWords} and {MaxWords}";
        }
        if (Separator is null)
        {
            errors["separator"] = "is required (an empty string for none)";
        }
        else if (Separator.Length > MaxSeparatorLength)
        {
            errors["separator"] = $"must be at most {MaxSeparatorLength} characters";
        }
        else if (!Separator.All(c => c is >= ' ' and <= '~' && !char.IsAsciiLetterOrDigit(c)))
        {
            errors["separator"] = "may hold only printable ASCII characters that are not letters or digits";
        }
    }
}
