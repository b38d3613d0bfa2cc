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

public class Argon2HasherTests
{
    // RFC 9106 does not give raw-API vectors for these parameters; the reference implementation's test
    // vector (argon2id, t=2, m=65536, p=1, "password", "somesalt") is the one the argon2 CLI prints.
    [SkippableFact]
    public void Argon2id_ReferenceVector()
    {
        Skip.IfNot(Argon2Native.IsAvailable, "libargon2.so.1 is not installed (apt-get install libargon2-1)");
        var hash = Argon2Native.HashId("password"u8, "somesalt"u8, 2, 65536, 1, 32);
        Assert.Equal("09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7", Convert.ToHexStringLower(hash));
    }

    [SkippableFact]
    public void Argon2Preferred_HashesAsPhcString_VerifiesAndMigratesFromPbkdf2()
    {
        Skip.IfNot(Argon2Native.IsAvailable, "libargon2.so.1 is not installed (apt-get install libargon2-1)");
        var argon = new PasswordHasher(1000, preferArgon2: true, argon2MemoryKiB: 8192, argon2Iterations: 1);
        var hash = argon.Hash("Correct#Horse1");
        Assert.StartsWith("$argon2id$v=19$m=8192,t=1,p=1$", hash);
        Assert.True(argon.Verify("Correct#Horse1", hash, out var rehash));
        Assert.False(rehash);
        Assert.False(argon.Verify("Correct#Horse2", hash, out _));

        var old = new PasswordHasher(1000).Hash("Correct#Horse1");
        Assert.True(argon.Verify("Correct#Horse1", old, out rehash));
        Assert.True(rehash);
        Assert.True(new PasswordHasher(1000).Verify("Correct#Horse1", hash, out rehash));
        Assert.True(rehash);
    }
}
