using System.Security.Cryptography;

namespace Vigie.Core.Vault.Kdbx;

/// <summary>The payload keys derived from the master seed and the KDF output. Dispose to clear them.</summary>
internal sealed class KdbxKeys : IDisposable
{
    private KdbxKeys(byte[] cipherKey, byte[] hmacKey)
    {
        CipherKey = cipherKey;
        HmacKey = hmacKey;
    }

    /// <summary>SHA-256(masterSeed ‖ transformed).</summary>
    public byte[] CipherKey { get; }

    /// <summary>SHA-512(masterSeed ‖ transformed ‖ 0x01); KDBX 4 only.</summary>
    public byte[] HmacKey { get; }

    public static KdbxKeys Derive(ReadOnlySpan<byte> masterSeed, ReadOnlySpan<byte> transformed)
    {
        var input = GC.AllocateArray<byte>(masterSeed.Length + transformed.Length + 1, pinned: true);
        try
        {
            masterSeed.CopyTo(input);
            transformed.CopyTo(input.AsSpan(masterSeed.Length));
            input[^1] = 0x01;
            var cipherKey = GC.AllocateArray<byte>(32, pinned: true);
            var hmacKey = GC.AllocateArray<byte>(64, pinned: true);
            SHA256.HashData(input.AsSpan(0, input.Length - 1), cipherKey);
            SHA512.HashData(input, hmacKey);
            return new KdbxKeys(cipherKey, hmacKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
        }
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(CipherKey);
        CryptographicOperations.ZeroMemory(HmacKey);
    }
}
