using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Vigie.Core.Vault.Sealing;

namespace Vigie.Core.Tests.Vault.Sealing;

public partial class ShareTextTests
{
    private const string Crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    // A fixed 33-byte share (32 value bytes, x = 3), so that the single-typo sweep below is deterministic.
    private static readonly byte[] FixedShare =
        [.. Enumerable.Range(0, 32).Select(i => (byte)(i * 37 + 11)), 3];

    // BIP-350's valid bech32m strings: with the human-readable part expanded as BIP-173 specifies, the
    // checksum state must end at the bech32m constant. This pins the generator and constant ShareText uses.
    [Theory]
    [InlineData("A1LQFN3A")]
    [InlineData("abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx")]
    [InlineData("split1checkupstagehandshakeupstreamerranterredcaperredlc445v")]
    [InlineData("?1v759aa")]
    public void Polymod_Bip350ValidStrings_EndAtTheBech32mConstant(string text)
    {
        const string charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
        var lower = text.ToLowerInvariant();
        var separator = lower.LastIndexOf('1');
        var hrp = lower[..separator];
        var values = new List<byte>();
        values.AddRange(hrp.Select(c => (byte)(c >> 5)));
        values.Add(0);
        values.AddRange(hrp.Select(c => (byte)(c & 31)));
        values.AddRange(lower[(separator + 1)..].Select(c => (byte)charset.IndexOf(c, StringComparison.Ordinal)));

        Assert.Equal(ShareText.ChecksumConstant, ShareText.Polymod(values.ToArray()));
    }

    [Fact]
    public void Encode_RootKeyShare_HasTheDocumentedShape()
    {
        var text = ShareText.Encode(FixedShare);

        Assert.Matches(ShapeOf32ByteShare(), text);
        Assert.StartsWith("vigie-s1-03-", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_ThenDecode_GivesTheShareBack()
    {
        foreach (var length in new[] { 1, 2, 5, 16, 32, 50, 64 })
        {
            foreach (var x in new byte[] { 1, 2, 31, 32, 200, 255 })
            {
                byte[] share = [.. RandomNumberGenerator.GetBytes(length), x];

                Assert.True(ShareText.TryDecode(ShareText.Encode(share), out var decoded, out var error), error);
                Assert.Equal(share, decoded);
            }
        }
    }

    [Fact]
    public void TryDecode_SplitOfARootKey_CombinesAfterTheTextRoundTrip()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var texts = Shamir.Split(key, 3, 5).Select(ShareText.Encode).ToList();

        var decoded = new[] { texts[4], texts[1], texts[2] }
            .Select(t => ShareText.TryDecode(t, out var share, out _) ? share : throw new InvalidOperationException())
            .ToList();

        Assert.Equal(key, Shamir.Combine(decoded));
        Assert.Equal(5, texts.Distinct().Count());
    }

    [Fact]
    public void TryDecode_CaseSpacingAndLookalikes_Tolerated()
    {
        var text = ShareText.Encode(FixedShare);
        var compact = text.Replace("-", "", StringComparison.Ordinal);
        var spaced = string.Join("  ", text.Split('-'));
        var lookalikes = text.ToUpperInvariant()[..9] + text[9..].Replace('1', 'l').Replace('0', 'O');

        foreach (var variant in new[] { text.ToUpperInvariant(), text.ToLowerInvariant(), compact, spaced,
                     " " + text + "\n", lookalikes, text.Replace("-", " - ", StringComparison.Ordinal) })
        {
            Assert.True(ShareText.TryDecode(variant, out var decoded, out var error), $"{error}");
            Assert.Equal(FixedShare, decoded);
        }
    }

    [Fact]
    public void TryDecode_AnySingleCharacterMistyped_Refused()
    {
        var text = ShareText.Encode(FixedShare);
        var checkedFrom = ShareText.Prefix.Length + 1;
        var variants = 0;
        for (var i = checkedFrom; i < text.Length; i++)
        {
            if (text[i] == '-')
            {
                continue;
            }
            foreach (var replacement in Crockford)
            {
                if (replacement == text[i])
                {
                    continue;
                }
                var typo = string.Concat(text.AsSpan(0, i), replacement.ToString(), text.AsSpan(i + 1));

                Assert.False(ShareText.TryDecode(typo, out var share, out var error));
                Assert.Null(share);
                Assert.Contains("checksum", error, StringComparison.Ordinal);
                variants++;
            }
        }
        Assert.Equal(60 * 31, variants);
    }

    [Fact]
    public void TryDecode_AdjacentCharactersSwapped_Refused()
    {
        var text = ShareText.Encode(FixedShare);
        for (var i = ShareText.Prefix.Length + 1; i < text.Length - 1; i++)
        {
            if (text[i] == '-' || text[i + 1] == '-' || text[i] == text[i + 1])
            {
                continue;
            }
            var swapped = string.Concat(text.AsSpan(0, i), $"{text[i + 1]}{text[i]}", text.AsSpan(i + 2));

            Assert.False(ShareText.TryDecode(swapped, out _, out _));
        }
    }

    [Fact]
    public void TryDecode_CharacterMissingOrAdded_Refused()
    {
        var text = ShareText.Encode(FixedShare);

        Assert.False(ShareText.TryDecode(text.Remove(20, 1), out _, out var missing));
        Assert.False(ShareText.TryDecode(text.Insert(20, "7"), out _, out var added));
        Assert.NotNull(missing);
        Assert.NotNull(added);
    }

    [Fact]
    public void TryDecode_Errors_NeverQuoteTheShare()
    {
        var text = ShareText.Encode(FixedShare);
        var groups = text.Split('-').Skip(2).ToList();
        var typo = text[..^1] + (text[^1] == 'A' ? 'B' : 'A');

        foreach (var wrong in new[] { typo, text + "U", text[..30] })
        {
            Assert.False(ShareText.TryDecode(wrong, out _, out var error));
            Assert.All(groups, g => Assert.DoesNotContain(g, error, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public void TryDecode_InvalidCharacter_GivesItsPosition()
    {
        var text = ShareText.Encode(FixedShare);
        var broken = string.Concat(text.AsSpan(0, 14), "U", text.AsSpan(15));

        Assert.False(ShareText.TryDecode(broken, out _, out var error));
        Assert.Equal("Character 15 is not a share character (digits and letters other than U).", error);
    }

    [Theory]
    [InlineData("", "The share is empty.")]
    [InlineData("   ", "The share is empty.")]
    [InlineData("hvs.CAESIJlWh0Gq", "This is not a Vigie share: it should start with vigie-s1-.")]
    [InlineData("vigie-s2-01-ABCD-EFGH-JKMNPQ", "This share is in format version 2, which this version of Vigie does not read.")]
    [InlineData("vigie-s1-01-ABC", "The share has the wrong number of characters: one is missing or one too many.")]
    public void TryDecode_NotAShare_SaysWhy(string text, string expected)
    {
        Assert.False(ShareText.TryDecode(text, out var share, out var error));
        Assert.Null(share);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Encode_ZeroXOrTooShort_Refused()
    {
        Assert.Throws<ArgumentException>(() => ShareText.Encode([1, 2, 0]));
        Assert.Throws<ArgumentException>(() => ShareText.Encode([1]));
    }

    [GeneratedRegex("^vigie-s1-[0-9A-HJKMNP-TV-Z]{2}(-[0-9A-HJKMNP-TV-Z]{4}){13}-[0-9A-HJKMNP-TV-Z]{6}$")]
    private static partial Regex ShapeOf32ByteShare();
}
