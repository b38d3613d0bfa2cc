using Vigie.Core.Vulnerabilities.Matching;

namespace Vigie.Core.Tests.Vulnerabilities.Matching;

public sealed class RpmVersionTests
{
    // Every case of rpm's tests/rpmvercmp.at (rpm.vercmp of two strings), in the file's order; the cases it keeps
    // commented out as known oddities are left out.
    private static readonly (string A, string B, int Expected)[] RpmVercmpVectors =
    [
        ("1.0", "1.0", 0),
        ("1.0", "2.0", -1),
        ("2.0", "1.0", 1),
        ("2.0.1", "2.0.1", 0),
        ("2.0", "2.0.1", -1),
        ("2.0.1", "2.0", 1),
        ("2.0.1a", "2.0.1a", 0),
        ("2.0.1a", "2.0.1", 1),
        ("2.0.1", "2.0.1a", -1),
        ("5.5p1", "5.5p1", 0),
        ("5.5p1", "5.5p2", -1),
        ("5.5p2", "5.5p1", 1),
        ("5.5p10", "5.5p10", 0),
        ("5.5p1", "5.5p10", -1),
        ("5.5p10", "5.5p1", 1),
        ("10xyz", "10.1xyz", -1),
        ("10.1xyz", "10xyz", 1),
        ("xyz10", "xyz10", 0),
        ("xyz10", "xyz10.1", -1),
        ("xyz10.1", "xyz10", 1),
        ("xyz.4", "xyz.4", 0),
        ("xyz.4", "8", -1),
        ("8", "xyz.4", 1),
        ("xyz.4", "2", -1),
        ("2", "xyz.4", 1),
        ("5.5p2", "5.6p1", -1),
        ("5.6p1", "5.5p2", 1),
        ("5.6p1", "6.5p1", -1),
        ("6.5p1", "5.6p1", 1),
        ("6.0.rc1", "6.0", 1),
        ("6.0", "6.0.rc1", -1),
        ("10b2", "10a1", 1),
        ("10a2", "10b2", -1),
        ("1.0aa", "1.0aa", 0),
        ("1.0a", "1.0aa", -1),
        ("1.0aa", "1.0a", 1),
        ("10.0001", "10.0001", 0),
        ("10.0001", "10.1", 0),
        ("10.1", "10.0001", 0),
        ("10.0001", "10.0039", -1),
        ("10.0039", "10.0001", 1),
        ("4.999.9", "5.0", -1),
        ("5.0", "4.999.9", 1),
        ("20101121", "20101121", 0),
        ("20101121", "20101122", -1),
        ("20101122", "20101121", 1),
        ("2_0", "2_0", 0),
        ("2.0", "2_0", 0),
        ("2_0", "2.0", 0),
        ("a", "a", 0),
        ("a+", "a+", 0),
        ("a+", "a_", 0),
        ("a_", "a+", 0),
        ("+a", "+a", 0),
        ("+a", "_a", 0),
        ("_a", "+a", 0),
        ("+_", "+_", 0),
        ("_+", "+_", 0),
        ("_+", "_+", 0),
        ("+", "_", 0),
        ("_", "+", 0),
        ("1.0~rc1", "1.0~rc1", 0),
        ("1.0~rc1", "1.0", -1),
        ("1.0", "1.0~rc1", 1),
        ("1.0~rc1", "1.0~rc2", -1),
        ("1.0~rc2", "1.0~rc1", 1),
        ("1.0~rc1~git123", "1.0~rc1~git123", 0),
        ("1.0~rc1~git123", "1.0~rc1", -1),
        ("1.0~rc1", "1.0~rc1~git123", 1),
        ("1.0^", "1.0^", 0),
        ("1.0^", "1.0", 1),
        ("1.0", "1.0^", -1),
        ("1.0^git1", "1.0^git1", 0),
        ("1.0^git1", "1.0", 1),
        ("1.0", "1.0^git1", -1),
        ("1.0^git1", "1.0^git2", -1),
        ("1.0^git2", "1.0^git1", 1),
        ("1.0^git1", "1.01", -1),
        ("1.01", "1.0^git1", 1),
        ("1.0^20160101", "1.0^20160101", 0),
        ("1.0^20160101", "1.0.1", -1),
        ("1.0.1", "1.0^20160101", 1),
        ("1.0^20160101^git1", "1.0^20160101^git1", 0),
        ("1.0^20160102", "1.0^20160101^git1", 1),
        ("1.0^20160101^git1", "1.0^20160102", -1),
        ("1.0~rc1^git1", "1.0~rc1^git1", 0),
        ("1.0~rc1^git1", "1.0~rc1", 1),
        ("1.0~rc1", "1.0~rc1^git1", -1),
        ("1.0^git1~pre", "1.0^git1~pre", 0),
        ("1.0^git1", "1.0^git1~pre", 1),
        ("1.0^git1~pre", "1.0^git1", -1),
    ];

    [Fact]
    public void Compare_EveryVectorFromRpmTestSuite_AgreesWithRpm()
    {
        var failures = new List<string>();
        foreach (var (a, b, expected) in RpmVercmpVectors)
        {
            var segments = RpmVersionSegments.Compare(a, b);
            var versions = RpmVersion.Compare(a, b);
            if (segments != expected || versions != expected)
            {
                failures.Add($"rpmvercmp({a}, {b}) = {expected}: got {segments} / as versions {versions}");
            }
            if ((expected == 0) != (RpmVersion.Parse(a) == RpmVersion.Parse(b)))
            {
                failures.Add($"rpmvercmp({a}, {b}) = {expected} but equality says otherwise");
            }
        }
        Assert.Equal(91, RpmVercmpVectors.Length);
        Assert.Empty(failures);
    }

    [Theory]
    [InlineData("0:1.0-1", "1.0-1", 0)]
    [InlineData("00:1.0", "0:1.0", 0)]
    [InlineData("1:0.1", "0:9.9", 1)]
    [InlineData("1:0.1", "9.9", 1)]
    [InlineData("1.0-2", "1.0-1", 1)]
    [InlineData("1.0", "1.0-5", 0)]
    [InlineData("1:1.0", "1:1.0-1", 0)]
    [InlineData("2.4.6-7.el9", "2.4.6-10.el9", -1)]
    [InlineData("1.0-1.el9", "1.0-1.el9_1", -1)]
    [InlineData("4.18.0-513.5.1.el8_9", "4.18.0-477.27.1.el8_8", 1)]
    [InlineData("1:1.1.1k-5.el8", "1.1.1k-12.el8", 1)]
    [InlineData("1.0~rc1-1", "1.0-0.1", -1)]
    [InlineData("1.0^git1-1", "1.0-2", 1)]
    [InlineData("1.2-3-4", "1.2-3-5", -1)]
    [InlineData("1.0A", "1.0a", -1)]
    [InlineData("1.123456789012345678901234567890", "1.123456789012345678901234567889", 1)]
    [InlineData("99999999999999999999:1.0", "99999999999999999998:2.0", 1)]
    public void Compare_EpochVersionRelease_FollowsRpm(string a, string b, int expected)
    {
        Assert.Equal(expected, RpmVersion.Compare(a, b));
        Assert.Equal(-expected, RpmVersion.Compare(b, a));
    }

    [Theory]
    [InlineData("2:1.4-1", "2", "1.4", "1")]
    [InlineData("1.2.3", "0", "1.2.3", null)]
    [InlineData("1.2-3-4", "0", "1.2-3", "4")]
    [InlineData("  1.0-1.el9\t", "0", "1.0", "1.el9")]
    [InlineData("007:1.0", "007", "1.0", null)]
    [InlineData("1:2:3", "1", "2:3", null)]
    [InlineData("1.0^20240101git1~pre-0.1.fc40", "0", "1.0^20240101git1~pre", "0.1.fc40")]
    public void TryParse_ValidVersion_SplitsEpochVersionRelease(string text, string epoch, string version, string? release)
    {
        Assert.True(RpmVersion.TryParse(text, out var parsed, out var error), error);
        Assert.Equal(epoch, parsed.Epoch);
        Assert.Equal(version, parsed.Version);
        Assert.Equal(release, parsed.Release);
        Assert.Equal(text.Trim(), parsed.ToString());
    }

    [Theory]
    [InlineData("", "version string is empty")]
    [InlineData("  ", "version string is empty")]
    [InlineData("1.0 2", "version string has embedded blanks")]
    [InlineData(":1.0", "epoch is empty")]
    [InlineData("a:1.0", "epoch is not a number")]
    [InlineData("1a:1.0", "epoch is not a number")]
    [InlineData("-1:1.0", "epoch is not a number")]
    [InlineData("1.0:2", "epoch is not a number")]
    [InlineData("1:", "version is empty")]
    [InlineData("1.0-", "release is empty")]
    [InlineData("-1", "version is empty")]
    [InlineData("1:-1", "version is empty")]
    public void TryParse_MalformedVersion_IsRefused(string text, string reason)
    {
        Assert.False(RpmVersion.TryParse(text, out var version, out var error));
        Assert.Null(version);
        Assert.Equal(reason, error);
        var thrown = Assert.Throws<FormatException>(() => RpmVersion.Parse(text));
        Assert.Contains(reason, thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Null_IsRefused()
    {
        Assert.False(RpmVersion.TryParse(null, out _));
    }

    [Fact]
    public void Equals_VersionsRpmCallsEqual_AreEqualWithSameHash()
    {
        string[] same = ["1.0-1", "0:1.0-1", "00:1.00-01", "1_0-1", "1.0.-1", "1..0-1"];
        var first = RpmVersion.Parse(same[0]);
        foreach (var text in same)
        {
            var other = RpmVersion.Parse(text);
            Assert.Equal(first, other);
            Assert.True(first == other);
            Assert.Equal(first.GetHashCode(), other.GetHashCode());
        }
        Assert.Equal(RpmVersion.Parse("1a"), RpmVersion.Parse("1.a"));
        Assert.NotEqual(RpmVersion.Parse("1.0"), RpmVersion.Parse("10"));
        Assert.NotEqual(RpmVersion.Parse("1.0^"), RpmVersion.Parse("1.0"));
        Assert.NotEqual(RpmVersion.Parse("1.0~"), RpmVersion.Parse("1.0"));
    }

    [Fact]
    public void Equals_MissingRelease_EqualsOnlyAMissingRelease()
    {
        var bare = RpmVersion.Parse("1.0");
        var released = RpmVersion.Parse("1.0-5");

        Assert.Equal(0, RpmVersion.Compare(bare, released));
        Assert.NotEqual(bare, released);
        Assert.True(bare != released);
        Assert.True(bare <= released && bare >= released);
    }

    [Fact]
    public void Operators_OrderVersions()
    {
        var older = RpmVersion.Parse("2.4.6-7.el9");
        var newer = RpmVersion.Parse("2.4.6-10.el9");
        Assert.True(older < newer);
        Assert.True(older <= newer);
        Assert.True(newer > older);
        Assert.True(newer >= older);
        Assert.True(older != newer);
        Assert.True(RpmVersion.Parse("1.0") > null);
        string[] sorted = ["1.0~rc1-1", "1.0-1", "1.0-2.el9", "1.0-10.el9", "1.0^git1-1", "1.0.1-1", "1:0.9-1"];
        var shuffled = sorted.Reverse().Select(RpmVersion.Parse).ToList();
        shuffled.Sort();
        Assert.Equal(sorted, shuffled.Select(v => v.ToString()));
    }
}
