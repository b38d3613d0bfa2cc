using Vigie.Core.Vulnerabilities.Matching;

namespace Vigie.Core.Tests.Vulnerabilities.Matching;

public sealed class DpkgVersionTests
{
    [SkippableFact]
    public void Compare_EveryVectorFromDpkg_AgreesWithDpkg()
    {
        var vectors = CveTestData.DpkgVectors;
        var failures = new List<string>();
        foreach (var (a, b, relation) in vectors)
        {
            var expected = relation switch
            {
                "<" => -1,
                "=" => 0,
                ">" => 1,
                _ => throw new InvalidDataException($"Unknown relation '{relation}'."),
            };
            var forward = DpkgVersion.Compare(a, b);
            var backward = DpkgVersion.Compare(b, a);
            if (forward != expected || backward != -expected)
            {
                failures.Add($"{a} {relation} {b}: got {forward} / reversed {backward}");
            }
            if (expected == 0 && DpkgVersion.Parse(a).GetHashCode() != DpkgVersion.Parse(b).GetHashCode())
            {
                failures.Add($"{a} = {b} but the hash codes differ");
            }
        }
        Assert.Equal(1743, vectors.Count);
        Assert.Empty(failures);
    }

    [Theory]
    [InlineData("1.0~rc1", "1.0", -1)]
    [InlineData("1.0~~", "1.0~", -1)]
    [InlineData("1.0~", "1.0", -1)]
    [InlineData("1.0", "1.0+b1", -1)]
    [InlineData("1.0", "1.0a", -1)]
    [InlineData("1.0a", "1.0+", -1)]
    [InlineData("1.0.1", "1.0a", 1)]
    [InlineData("3.0.11-1~deb12u2", "3.0.11-1", -1)]
    [InlineData("3.0.11-1~deb12u2", "3.0.11-1~deb12u10", -1)]
    [InlineData("6.12.90-2~bpo12+1", "6.12.90-2", -1)]
    [InlineData("1:1.0", "9.9", 1)]
    [InlineData("0:1.0", "1.0", 0)]
    [InlineData("1.0", "1.0-0", 0)]
    [InlineData("1.0", "1.00", 0)]
    [InlineData("1.010", "1.10", 0)]
    [InlineData("1.9", "1.10", -1)]
    [InlineData("1.0-1", "1.0-1.1", -1)]
    [InlineData("2.30-1", "2.3-1", 1)]
    [InlineData("1.2.3-10", "1.2.3-9", 1)]
    [InlineData("1:2.3:4-5", "1:2.3:4-4", 1)]
    [InlineData("1.0-a", "1.0-1", 1)]
    [InlineData("7.88.1-10+deb12u15", "7.88.1-10+deb12u5", 1)]
    public void Compare_HandPickedPairs_FollowDebVersionRules(string a, string b, int expected)
    {
        Assert.Equal(expected, DpkgVersion.Compare(a, b));
        Assert.Equal(-expected, DpkgVersion.Compare(b, a));
    }

    [Theory]
    [InlineData("2:1.4-1", 2, "1.4", "1")]
    [InlineData("1.2.3", 0, "1.2.3", "")]
    [InlineData("1.2-3-4", 0, "1.2-3", "4")]
    [InlineData("  1.0-1\t", 0, "1.0", "1")]
    [InlineData("0:1:2", 0, "1:2", "")]
    [InlineData("+1:2.0", 1, "2.0", "")]
    [InlineData("1.0~rc1+dfsg-2~bpo11+1", 0, "1.0~rc1+dfsg", "2~bpo11+1")]
    public void TryParse_ValidVersion_SplitsEpochUpstreamRevision(string text, int epoch, string upstream, string revision)
    {
        Assert.True(DpkgVersion.TryParse(text, out var version, out var error), error);
        Assert.Equal(epoch, version.Epoch);
        Assert.Equal(upstream, version.Upstream);
        Assert.Equal(revision, version.Revision);
        Assert.Equal(text.Trim(), version.ToString());
    }

    [Theory]
    [InlineData("", "version string is empty")]
    [InlineData("   ", "version string is empty")]
    [InlineData("1.0 2", "version string has embedded spaces")]
    [InlineData(":1.0", "epoch in version is empty")]
    [InlineData("a:1.0", "epoch in version is empty")]
    [InlineData("1a:1.0", "epoch in version is not number")]
    [InlineData("-1:1.0", "epoch in version is negative")]
    [InlineData("2147483648:1.0", "epoch in version is too big")]
    [InlineData("1:", "nothing after colon in version number")]
    [InlineData("1.0-", "revision number is empty")]
    [InlineData("-1", "version number is empty")]
    [InlineData("1:-1", "version number is empty")]
    [InlineData("a1.0", "version number does not start with digit")]
    [InlineData("~1.0", "version number does not start with digit")]
    [InlineData("1.0_1", "invalid character in version number")]
    [InlineData("1.0é", "invalid character in version number")]
    [InlineData("1:1.0-1:2", "invalid character in revision number")]
    [InlineData("1.0-1_2", "invalid character in revision number")]
    public void TryParse_InvalidVersion_RejectsWithDpkgReason(string text, string reason)
    {
        Assert.False(DpkgVersion.TryParse(text, out var version, out var error));
        Assert.Null(version);
        Assert.Equal(reason, error);
        var thrown = Assert.Throws<FormatException>(() => DpkgVersion.Parse(text));
        Assert.Contains(reason, thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Null_IsRejected()
    {
        Assert.False(DpkgVersion.TryParse(null, out _));
    }

    [Fact]
    public void Equals_VersionsDpkgCallsEqual_AreEqualWithSameHash()
    {
        string[] same = ["1.0", "1.00", "0:1.0", "1.0-0", "01.0-00"];
        var first = DpkgVersion.Parse(same[0]);
        foreach (var text in same)
        {
            var other = DpkgVersion.Parse(text);
            Assert.Equal(first, other);
            Assert.True(first == other);
            Assert.Equal(first.GetHashCode(), other.GetHashCode());
        }
        Assert.NotEqual(DpkgVersion.Parse("1.0"), DpkgVersion.Parse("1"));
        Assert.NotEqual(DpkgVersion.Parse("1..2"), DpkgVersion.Parse("1.0.2"));
        Assert.NotEqual(DpkgVersion.Parse("1.0a"), DpkgVersion.Parse("1.a"));
    }

    [Fact]
    public void Operators_OrderVersions()
    {
        var older = DpkgVersion.Parse("2.36-9+deb12u4");
        var newer = DpkgVersion.Parse("2.36-9+deb12u10");
        Assert.True(older < newer);
        Assert.True(older <= newer);
        Assert.True(newer > older);
        Assert.True(newer >= older);
        Assert.True(older != newer);
        Assert.True(DpkgVersion.Parse("1.0") > null);
        string[] sorted = ["1.0~rc1", "1.0", "1.0-1", "1.0-1+deb12u1", "1.0+dfsg-1", "1:0.9"];
        var shuffled = sorted.Reverse().Select(DpkgVersion.Parse).ToList();
        shuffled.Sort();
        Assert.Equal(sorted, shuffled.Select(v => v.ToString()));
    }
}
