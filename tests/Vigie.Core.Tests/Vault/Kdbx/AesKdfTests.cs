using System.Security.Cryptography;
using Vigie.Core.Vault.Kdbx;

namespace Vigie.Core.Tests.Vault.Kdbx;

public class AesKdfTests
{
    [Theory]
    [InlineData(1ul)]
    [InlineData(1000ul)]
    [InlineData(4097ul)]
    public void Transform_SameAsRepeatedEcbEncryptionOfBothHalves(ulong rounds)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var seed = RandomNumberGenerator.GetBytes(32);
        using var aes = Aes.Create();
        aes.Key = seed;
        var expected = (byte[])key.Clone();
        for (ulong i = 0; i < rounds; i++)
        {
            expected = aes.EncryptEcb(expected, PaddingMode.None);
        }
        Assert.Equal(SHA256.HashData(expected), AesKdf.Transform(key, seed, rounds, CancellationToken.None));
    }
}
