using Vigie.Core.Crypto;

namespace Vigie.Core.Tests.Crypto;

public class SecretTokenTests
{
    [Fact]
    public void Create_ParseBack_HashMatchesOnlyTheSecret()
    {
        var id = Guid.CreateVersion7();
        var (token, hash) = SecretToken.Create("vgt", id);
        Assert.True(SecretToken.TryParse("vgt", token.Value, out var parsedId, out var secret));
        Assert.Equal(id, parsedId);
        Assert.True(SecretToken.Matches(secret, hash));
        Assert.False(SecretToken.Matches(secret + "x", hash));
        Assert.DoesNotContain(secret, token.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("vgs_0190a0a0a0a0a0a0a0a0a0a0a0a0a0a0_abcdefabcdefabcdefabcdefabcdefabcdef")]
    [InlineData("vgt_nothex_abcdefabcdefabcdefabcdefabcdefabcdef")]
    [InlineData("vgt_0190a0a0a0a0a0a0a0a0a0a0a0a0a0a0_short")]
    public void TryParse_Malformed_False(string? value) =>
        Assert.False(SecretToken.TryParse("vgt", value, out _, out _));
}
