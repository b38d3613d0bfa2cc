namespace Vigie.Core.Vault.Generation;

/// <summary>
/// The 7,776 passphrase words embedded from <c>wordlist.txt</c> (SCOWL, chosen by scripts/build-wordlist.py;
/// source and licence in the file's header and in <c>wordlist-copyright.txt</c>).
/// </summary>
internal static class WordList
{
    public const int Size = 7776;
    private const string ResourceName = "Vigie.Core.Vault.Generation.wordlist.txt";

    private static readonly Lazy<(string[] Words, HashSet<string> Set)> Loaded = new(Load);

    public static IReadOnlyList<string> Words => Loaded.Value.Words;

    /// <summary>Whether a lowercase span is a word of the list, without making a string of it.</summary>
    public static bool Contains(ReadOnlySpan<char> lowercase) =>
        Loaded.Value.Set.GetAlternateLookup<ReadOnlySpan<char>>().Contains(lowercase);

    private static (string[], HashSet<string>) Load()
    {
        using var stream = typeof(WordList).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        var words = new List<string>(Size);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
            {
                words.Add(line);
            }
        }
        var set = new HashSet<string>(words, StringComparer.Ordinal);
        if (words.Count != Size || set.Count != Size)
        {
            throw new InvalidOperationException($"The embedded word list holds {words.Count} words, {set.Count} distinct; {Size} expected.");
        }
        return (words.ToArray(), set);
    }
}
