using System.Security.Cryptography;
using Vigie.Core.Vault.Sealing;

namespace Vigie.Core.Tests.Vault.Sealing;

public class ShamirTests
{
    [Fact]
    public void Split_ThreeOfFive_EverySubsetOfThreeOrMoreRebuildsTheSecret()
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        var shares = Shamir.Split(secret, 3, 5);

        var subsets = 0;
        for (var mask = 0; mask < 1 << 5; mask++)
        {
            var subset = Enumerable.Range(0, 5).Where(i => (mask & (1 << i)) != 0).Select(i => shares[i]).ToList();
            if (subset.Count >= 3)
            {
                Assert.Equal(secret, Shamir.Combine(subset));
                subsets++;
            }
        }
        Assert.Equal(16, subsets);
    }

    [Theory]
    [InlineData(2, 2)]
    [InlineData(2, 3)]
    [InlineData(3, 3)]
    [InlineData(4, 7)]
    [InlineData(5, 5)]
    [InlineData(10, 20)]
    [InlineData(255, 255)]
    public void Split_OtherThresholds_AnyThresholdSubsetAndAllSharesRebuildTheSecret(int threshold, int count)
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        var shares = Shamir.Split(secret, threshold, count);

        Assert.Equal(count, shares.Count);
        var chosen = shares.OrderBy(_ => RandomNumberGenerator.GetInt32(int.MaxValue)).Take(threshold).ToList();
        Assert.Equal(secret, Shamir.Combine(chosen));
        Assert.Equal(secret, Shamir.Combine(shares));
    }

    [Fact]
    public void Split_Shares_AreOneByteLongerWithXFromOneToN()
    {
        var shares = Shamir.Split(new byte[] { 1, 2, 3 }, 2, 4);

        Assert.All(shares, s => Assert.Equal(4, s.Length));
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, shares.Select(s => s[^1]).ToArray());
    }

    [Fact]
    public void Combine_ReorderedShares_GiveTheSameSecret()
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        var shares = Shamir.Split(secret, 3, 5);
        byte[][] picked = [shares[4], shares[0], shares[2]];

        foreach (var order in Permutations([0, 1, 2]))
        {
            Assert.Equal(secret, Shamir.Combine(order.Select(i => picked[i]).ToList()));
        }
        Assert.Equal(secret, Shamir.Combine(shares.Reverse().ToList()));
    }

    [Fact]
    public void Combine_OneShareTooFew_DoesNotGiveTheSecret()
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        var shares = Shamir.Split(secret, 3, 5);

        for (var i = 0; i < 5; i++)
        {
            for (var j = i + 1; j < 5; j++)
            {
                Assert.NotEqual(secret, Shamir.Combine([shares[i], shares[j]]));
            }
        }
    }

    [Fact]
    public void Combine_OneShareTooFew_IsSpreadOverEveryByteValue()
    {
        // Below the threshold the interpolated value is uniform whatever the secret: over 4,096 splits of the
        // same byte, two shares of a 3-of-5 split land on (nearly) every one of the 256 values.
        var seen = new HashSet<byte>();
        for (var i = 0; i < 4096; i++)
        {
            var shares = Shamir.Split(new byte[] { 0x42 }, 3, 5);
            seen.Add(Shamir.Combine([shares[0], shares[3]])[0]);
        }
        Assert.True(seen.Count >= 240, $"only {seen.Count} distinct values");
    }

    [Fact]
    public void Combine_ShareAlteredInOneByte_GivesAnotherSecretWithoutError()
    {
        // Shamir's scheme has no integrity: a wrong or forged share is only noticed by checking the result,
        // which is why the seal keeps a verifier (the AES-GCM tag of the keyring) for the rebuilt root key.
        var secret = RandomNumberGenerator.GetBytes(32);
        var shares = Shamir.Split(secret, 3, 5).Take(3).Select(s => (byte[])s.Clone()).ToList();
        shares[1][7] ^= 0x01;

        var rebuilt = Shamir.Combine(shares);

        Assert.NotEqual(secret[7], rebuilt[7]);
        for (var i = 0; i < secret.Length; i++)
        {
            if (i != 7)
            {
                Assert.Equal(secret[i], rebuilt[i]);
            }
        }
    }

    [Fact]
    public void Split_KnownLinearPolynomial_GivesHandComputedShares()
    {
        // f(x) = 0x53 + 0xCA·x: 0xCA·2 = 0x194 ^ 0x11B = 0x8F, 0xCA·3 = 0x8F ^ 0xCA = 0x45.
        var shares = Shamir.Split(new byte[] { 0x53 }, 2, 3, new byte[] { 0xCA });

        Assert.Equal(new byte[] { 0x99, 0x01 }, shares[0]);
        Assert.Equal(new byte[] { 0xDC, 0x02 }, shares[1]);
        Assert.Equal(new byte[] { 0x16, 0x03 }, shares[2]);
        Assert.Equal(new byte[] { 0x53 }, Shamir.Combine([shares[2], shares[1]]));
    }

    [Fact]
    public void Split_KnownQuadraticPolynomials_GiveHandComputedShares()
    {
        // Byte 0: f(x) = 1 + 2x + 3x²; byte 1: g(x) = 2 + 0x + 1x². No product here exceeds 8 bits, so the
        // values are plain carry-less arithmetic: 3² = 5, 3·5 = 15, 4² = 16, 3·16 = 48.
        var shares = Shamir.Split(new byte[] { 0x01, 0x02 }, 3, 4, new byte[] { 0x02, 0x03, 0x00, 0x01 });

        Assert.Equal(new byte[] { 0x00, 0x03, 0x01 }, shares[0]);
        Assert.Equal(new byte[] { 0x09, 0x06, 0x02 }, shares[1]);
        Assert.Equal(new byte[] { 0x08, 0x07, 0x03 }, shares[2]);
        Assert.Equal(new byte[] { 0x39, 0x12, 0x04 }, shares[3]);
        Assert.Equal(new byte[] { 0x01, 0x02 }, Shamir.Combine([shares[3], shares[1], shares[2]]));
    }

    [Fact]
    public void Combine_SameShareTwice_Refused()
    {
        var shares = Shamir.Split(RandomNumberGenerator.GetBytes(32), 2, 3);

        var error = Assert.Throws<ArgumentException>(() => Shamir.Combine([shares[0], shares[1], shares[0]]));

        Assert.Contains("Share 3", error.Message, StringComparison.Ordinal);
        AssertNoShareBytes(error.Message, shares);
    }

    [Fact]
    public void Combine_SameXDifferentValues_Refused()
    {
        var first = Shamir.Split(RandomNumberGenerator.GetBytes(32), 2, 3);
        var second = Shamir.Split(RandomNumberGenerator.GetBytes(32), 2, 3);

        var error = Assert.Throws<ArgumentException>(() => Shamir.Combine([first[1], second[1]]));

        AssertNoShareBytes(error.Message, [.. first, .. second]);
    }

    [Fact]
    public void Combine_MismatchedLengths_Refused()
    {
        var longer = Shamir.Split(RandomNumberGenerator.GetBytes(32), 2, 3);
        var shorter = Shamir.Split(RandomNumberGenerator.GetBytes(16), 2, 3);

        var error = Assert.Throws<ArgumentException>(() => Shamir.Combine([longer[0], shorter[1]]));

        Assert.Contains("Share 2", error.Message, StringComparison.Ordinal);
        AssertNoShareBytes(error.Message, [.. longer, .. shorter]);
    }

    [Fact]
    public void Combine_ZeroX_Refused()
    {
        var shares = Shamir.Split(RandomNumberGenerator.GetBytes(32), 2, 3).Select(s => (byte[])s.Clone()).ToList();
        shares[1][^1] = 0;

        var error = Assert.Throws<ArgumentException>(() => Shamir.Combine(shares));

        Assert.Contains("x coordinate 0", error.Message, StringComparison.Ordinal);
        AssertNoShareBytes(error.Message, shares);
    }

    [Fact]
    public void Combine_FewerThanTwoOrMalformedShares_Refused()
    {
        var shares = Shamir.Split(RandomNumberGenerator.GetBytes(32), 2, 3);

        Assert.Throws<ArgumentException>(() => Shamir.Combine([]));
        Assert.Throws<ArgumentException>(() => Shamir.Combine([shares[0]]));
        Assert.Throws<ArgumentException>(() => Shamir.Combine([shares[0], null!]));
        Assert.Throws<ArgumentException>(() => Shamir.Combine([new byte[] { 1 }, new byte[] { 2 }]));
        Assert.Throws<ArgumentNullException>(() => Shamir.Combine(null!));
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(6, 5)]
    [InlineData(2, 1)]
    [InlineData(2, 256)]
    public void Split_ThresholdOrCountOutOfRange_Refused(int threshold, int count) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Shamir.Split(new byte[32], threshold, count));

    [Fact]
    public void Split_EmptySecret_Refused() =>
        Assert.Throws<ArgumentException>(() => Shamir.Split(ReadOnlySpan<byte>.Empty, 2, 3));

    private static void AssertNoShareBytes(string message, IEnumerable<byte[]> shares)
    {
        foreach (var share in shares)
        {
            var hex = Convert.ToHexString(share.AsSpan(0, 4));
            Assert.DoesNotContain(hex, message, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(Convert.ToBase64String(share)[..6], message, StringComparison.Ordinal);
        }
    }

    private static IEnumerable<int[]> Permutations(int[] items)
    {
        if (items.Length <= 1)
        {
            yield return items;
            yield break;
        }
        for (var i = 0; i < items.Length; i++)
        {
            var rest = items.Where((_, j) => j != i).ToArray();
            foreach (var tail in Permutations(rest))
            {
                yield return [items[i], .. tail];
            }
        }
    }
}
