using Vigie.Core.Vulnerabilities.Matching;

namespace Vigie.Core.Tests.Vulnerabilities.Matching;

public sealed class DottedVersionTests
{
    [Theory]
    // Numbers compare numerically; missing tokens are 0.
    [InlineData("1.2.10", "1.2.9", 1)]
    [InlineData("1.2", "1.2.0", 0)]
    [InlineData("1.2", "1.2.0.0", 0)]
    [InlineData("1.2", "1.2.1", -1)]
    [InlineData("1.02", "1.2", 0)]
    [InlineData("10.0.19045.3803", "10.0.19045.4046", -1)]
    [InlineData("2024.1", "2023.12.31", 1)]
    [InlineData("123456789012345678901234567890", "123456789012345678901234567891", -1)]
    // Separators and case do not matter; a leading v is dropped.
    [InlineData("v2.1", "2.1", 0)]
    [InlineData("V2.1.0", "2.1", 0)]
    [InlineData("1.8.0_141", "1.8.0.141", 0)]
    [InlineData("1.8.0_141", "1.8.0_71", 1)]
    [InlineData("15.2(7)E3", "15.2.7.e.3", 0)]
    [InlineData("15.2(7)E3", "15.2(7)E10", -1)]
    [InlineData("1.0.0-RC1", "1.0.0rc1", 0)]
    // Pre-release words sort below the release and by rank.
    [InlineData("1.0.0-beta", "1.0.0", -1)]
    [InlineData("1.0.0-beta", "1.0.0-alpha.1", 1)]
    [InlineData("1.0.0-beta.2", "1.0.0-beta.11", -1)]
    [InlineData("1.0.0-rc.1", "1.0.0-beta.11", 1)]
    [InlineData("1.0.0-rc1", "1.0.0", -1)]
    [InlineData("1.0.0-rc1", "1.0.0.1", -1)]
    [InlineData("1.0-rc1", "1.0.0", -1)]
    [InlineData("1.0.0-snapshot", "1.0.0-alpha", -1)]
    [InlineData("1.0.0-dev", "0.9.9", 1)]
    [InlineData("3.15.0a1", "3.15.0", -1)]
    [InlineData("3.15.0a1", "3.15.0b1", -1)]
    [InlineData("3.15.0b2", "3.15.0rc1", -1)]
    [InlineData("2.6b2", "2.6", -1)]
    [InlineData("9.0.0.M1", "9.0.0", -1)]
    [InlineData("11.0.0-M17", "11.0.0-M5", 1)]
    [InlineData("11.0.0-M17", "11.0.0", -1)]
    [InlineData("21-ea", "21", -1)]
    [InlineData("20-ea", "20.3.1", -1)]
    [InlineData("2.4.7-alpha0", "2.4.6", 1)]
    [InlineData("1.0.0-preview.3", "1.0.0-rc.1", -1)]
    [InlineData("15.0.0-canary.0", "15.0.0", -1)]
    [InlineData("21.1.0-next.0", "21.1.0-rc.0", -1)]
    [InlineData("2026.1.0-latest", "2026.1.0", -1)]
    // A trailing -0 is the lowest pre-release.
    [InlineData("1.21.0-0", "1.21.0-rc.1", -1)]
    [InlineData("1.21.0-0", "1.21.0-dev", -1)]
    [InlineData("1.21.0-0", "1.21.0", -1)]
    [InlineData("1.21.0-0", "1.20.99", 1)]
    [InlineData("1.5.0-00", "1.5.0-0", 0)]
    [InlineData("1.10", "1.1-0", 1)]
    // Release words are dropped.
    [InlineData("4.2.0.final", "4.2.0", 0)]
    [InlineData("4.1.135.Final", "4.1.136", -1)]
    [InlineData("5.0-GA", "5.0", 0)]
    // Other words are post-release suffixes.
    [InlineData("2.4.57a", "2.4.57", 1)]
    [InlineData("2.4.57a", "2.4.58", -1)]
    [InlineData("2.4.57a", "2.4.57b", -1)]
    [InlineData("1.0.2k", "1.0.2m", -1)]
    [InlineData("1.0.2z", "1.0.2za", -1)]
    [InlineData("1.0.2u", "1.0.2s", 1)]
    [InlineData("7.9p1", "7.9", 1)]
    [InlineData("7.9p1", "7.9p2", -1)]
    [InlineData("2.4.7-p3", "2.4.7", 1)]
    [InlineData("2.4.7-p3", "2.4.7-p10", -1)]
    [InlineData("2.4.7-p3", "2.4.7-alpha0", 1)]
    [InlineData("R29_P1", "R25", 1)]
    [InlineData("R29", "R29_P1", -1)]
    [InlineData("1.0a", "1.0.0", 1)]
    public void Compare_OrderedPairs_FollowDocumentedRules(string a, string b, int expected)
    {
        Assert.Equal(expected, DottedVersion.Compare(a, b));
        Assert.Equal(-expected, DottedVersion.Compare(b, a));
    }

    [Theory]
    [InlineData("1.0.2k", "1.0.2.1")]
    [InlineData("7.9p1", "7.9.1")]
    [InlineData("2.4.57a", "2.4.57.1")]
    [InlineData("8u381", "8.1")]
    public void Compare_WordAgainstNonZeroNumber_IsUndefined(string a, string b)
    {
        Assert.Null(DottedVersion.Compare(a, b));
        Assert.Null(DottedVersion.Compare(b, a));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("n/a")]
    [InlineData("unspecified")]
    [InlineData("*")]
    [InlineData("-")]
    [InlineData("All versions")]
    public void TryParse_TextWithoutDigit_IsNotAVersion(string? text)
    {
        Assert.False(DottedVersion.TryParse(text, out var version));
        Assert.Null(version);
        Assert.Null(DottedVersion.Compare(text, "1.0"));
    }

    [Fact]
    public void Parse_KeepsOriginalText()
    {
        Assert.Equal(" v1.2-beta ", DottedVersion.Parse(" v1.2-beta ").ToString());
        Assert.Throws<FormatException>(() => DottedVersion.Parse("latest"));
    }

    [Theory]
    [InlineData("6.1.100", "6.1", 0)]
    [InlineData("6.1", "6.1", 0)]
    [InlineData("6", "6.1", -1)]
    [InlineData("6.2.1", "6.1", 1)]
    [InlineData("6.1.0-rc1", "6.1", 0)]
    [InlineData("5.15.160", "6.1", -1)]
    public void ComparePrefix_SeriesBound_ComparesLeadingTokensOnly(string version, string prefix, int expected)
    {
        Assert.Equal(expected, DottedVersion.ComparePrefix(DottedVersion.Parse(version), DottedVersion.Parse(prefix)));
    }

    [Theory]
    [InlineData("6.1.*", "6.1")]
    [InlineData("4.*", "4")]
    [InlineData("115.*", "115")]
    [InlineData("8.0.x", "8.0")]
    [InlineData("8.0.X", "8.0")]
    public void TryParseSeries_SeriesBound_GivesItsPrefix(string bound, string prefix)
    {
        Assert.True(DottedVersion.TryParseSeries(bound, out var series));
        Assert.Equal(0, DottedVersion.Compare(series, DottedVersion.Parse(prefix)));
    }

    [Theory]
    [InlineData("*")]
    [InlineData("6.1")]
    [InlineData("1.0.2x")]
    [InlineData("x")]
    public void TryParseSeries_NotASeries_IsRejected(string bound)
    {
        Assert.False(DottedVersion.TryParseSeries(bound, out _));
    }
}
