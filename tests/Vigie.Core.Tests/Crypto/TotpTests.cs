using System.Security.Cryptography;
using System.Text;
using Vigie.Core.Crypto;

namespace Vigie.Core.Tests.Crypto;

public class TotpTests
{
    private static readonly byte[] Sha1Seed = Encoding.ASCII.GetBytes("12345678901234567890");
    private static readonly byte[] Sha256Seed = Encoding.ASCII.GetBytes("12345678901234567890123456789012");
    private static readonly byte[] Sha512Seed = Encoding.ASCII.GetBytes("1234567890123456789012345678901234567890123456789012345678901234");

    // RFC 6238 appendix B: the 8-digit reference values for SHA-1, SHA-256 and SHA-512.
    [Theory]
    [InlineData(59L, "94287082", "46119246", "90693936")]
    [InlineData(1111111109L, "07081804", "68084774", "25091201")]
    [InlineData(1111111111L, "14050471", "67062674", "99943326")]
    [InlineData(1234567890L, "89005924", "91819424", "93441116")]
    [InlineData(2000000000L, "69279037", "90698825", "38618901")]
    [InlineData(20000000000L, "65353130", "77737706", "47863826")]
    public void Code_Rfc6238AppendixB_MatchesReference(long unixTime, string sha1, string sha256, string sha512)
    {
        var step = Totp.StepAt(DateTimeOffset.FromUnixTimeSeconds(unixTime));
        Assert.Equal(sha1, Totp.Code(Sha1Seed, step, 8));
        Assert.Equal(sha256, Totp.Code(Sha256Seed, step, 8, HashAlgorithmName.SHA256));
        Assert.Equal(sha512, Totp.Code(Sha512Seed, step, 8, HashAlgorithmName.SHA512));
    }

    [Fact]
    public void Match_SixDigitsOfAppendixB_AcceptedWithinOneStep()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1111111109);
        Assert.Equal(Totp.StepAt(now), Totp.Match(Sha1Seed, "081804", now, lastUsedStep: 0));
        Assert.Equal(Totp.StepAt(now), Totp.Match(Sha1Seed, "081804", now.AddSeconds(30), lastUsedStep: 0));
        Assert.Equal(Totp.StepAt(now), Totp.Match(Sha1Seed, "081804", now.AddSeconds(-30), lastUsedStep: 0));
        Assert.Null(Totp.Match(Sha1Seed, "081804", now.AddSeconds(90), lastUsedStep: 0));
    }

    [Fact]
    public void Match_StepAlreadyUsed_Refused()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1111111109);
        var step = Totp.StepAt(now);
        Assert.Null(Totp.Match(Sha1Seed, "081804", now, lastUsedStep: step));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12a456")]
    public void Match_MalformedCode_Refused(string code) =>
        Assert.Null(Totp.Match(Sha1Seed, code, DateTimeOffset.UtcNow, 0));

    [Fact]
    public void Base32_RoundTrip_Rfc4648Vector()
    {
        Assert.Equal("MZXW6YTBOI", Base32.Encode(Encoding.ASCII.GetBytes("foobar")));
        Assert.Equal("foobar", Encoding.ASCII.GetString(Base32.Decode("mzxw6ytboi======")));
    }
}
