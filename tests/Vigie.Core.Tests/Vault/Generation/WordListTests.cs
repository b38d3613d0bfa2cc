using Vigie.Core.Vault.Generation;

namespace Vigie.Core.Tests.Vault.Generation;

public class WordListTests
{
    [Fact]
    public void Words_Are7776DistinctLowercaseWordsOfFourToEightLetters()
    {
        var words = WordList.Words;

        Assert.Equal(7776, words.Count);
        Assert.Equal(7776, words.Distinct(StringComparer.Ordinal).Count());
        Assert.All(words, w => Assert.Matches("^[a-z]{4,8}$", w));
    }

    [Fact]
    public void Contains_ListedAndUnlistedWords()
    {
        Assert.True(WordList.Contains("dragon"));
        Assert.True(WordList.Contains("water".AsSpan()));
        Assert.False(WordList.Contains("Dragon"));
        Assert.False(WordList.Contains("xqzvk"));
    }

    [Fact]
    public void Resource_CarriesTheSourceAndLicence()
    {
        var assembly = typeof(PasswordGenerator).Assembly;
        using var list = new StreamReader(assembly.GetManifestResourceStream("Vigie.Core.Vault.Generation.wordlist.txt")!);
        using var copyright = new StreamReader(assembly.GetManifestResourceStream("Vigie.Core.Vault.Generation.wordlist-copyright.txt")!);

        var header = list.ReadToEnd().Split('\n').TakeWhile(l => l.StartsWith('#')).ToList();
        Assert.Contains(header, l => l.Contains("SCOWL", StringComparison.Ordinal));
        Assert.Contains(header, l => l.Contains("Copyright 2000-2011 by Kevin Atkinson", StringComparison.Ordinal));
        Assert.Contains("Kevin Atkinson", copyright.ReadToEnd(), StringComparison.Ordinal);
    }
}
