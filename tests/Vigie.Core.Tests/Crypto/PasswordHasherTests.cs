using Vigie.Core.Crypto;

namespace Vigie.Core.Tests.Crypto;

public class PasswordHasherTests
{
    [Fact]
    public void Hash_Default_IsSelfDescribingPbkdf2With600kIterationsAnd16ByteSalt()
    {
        var hash = new PasswordHasher().Hash("Correct#Horse1");
        Assert.StartsWith("$pbkdf2-sha256$i=600000$", hash);
        Assert.True(PasswordHasher.TryParse(hash, out var iterations, out var salt, out var digest));
        Assert.Equal(600_000, iterations);
        Assert.Equal(16, salt.Length);
        Assert.Equal(32, digest.Length);
    }

    [Fact]
    public void Verify_RightAndWrongPassword()
    {
        var hasher = new PasswordHasher(1000);
        var hash = hasher.Hash("Correct#Horse1");
        Assert.True(hasher.Verify("Correct#Horse1", hash, out var rehash));
        Assert.False(rehash);
        Assert.False(hasher.Verify("Correct#Horse2", hash, out _));
    }

    [Fact]
    public void Verify_SaltsDiffer_SamePasswordTwoHashes() =>
        Assert.NotEqual(new PasswordHasher(1000).Hash("x"), new PasswordHasher(1000).Hash("x"));

    [Fact]
    public void Verify_LowerStoredCost_AsksForRehash()
    {
        var old = new PasswordHasher(1000).Hash("Correct#Horse1");
        Assert.True(new PasswordHasher(2000).Verify("Correct#Horse1", old, out var rehash));
        Assert.True(rehash);
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("$pbkdf2-sha256$i=abc$AAAA$AAAA")]
    [InlineData("$bcrypt$i=1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    public void Verify_MalformedStoredHash_False(string stored) =>
        Assert.False(new PasswordHasher(1000).Verify("x", stored, out _));
}
