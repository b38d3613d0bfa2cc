using System.Security.Cryptography;

namespace Vigie.Core.Vault.Kdbx;

/// <summary>The keystream that hides protected values inside the XML (KDBX's "inner random stream").</summary>
internal static class InnerStream
{
    public const uint Salsa20Id = 2;
    public const uint ChaCha20Id = 3;

    // KeePass's fixed Salsa20 nonce for the inner stream of KDBX 3.1 files.
    private static readonly byte[] Salsa20Nonce = [0xE8, 0x30, 0x09, 0x4B, 0x97, 0x20, 0x5D, 0x2A];

    /// <summary>The keystream for <paramref name="id"/>, or null for id 0 (values stored unencrypted).</summary>
    public static Keystream? Create(uint id, ReadOnlySpan<byte> key)
    {
        switch (id)
        {
            case 0:
                return null;
            case Salsa20Id:
                {
                    Span<byte> salsaKey = stackalloc byte[32];
                    SHA256.HashData(key, salsaKey);
                    var salsa = new Salsa20(salsaKey, Salsa20Nonce);
                    CryptographicOperations.ZeroMemory(salsaKey);
                    return salsa;
                }
            case ChaCha20Id:
                {
                    Span<byte> hash = stackalloc byte[64];
                    SHA512.HashData(key, hash);
                    var chacha = new ChaCha20(hash[..32], hash[32..44], 0);
                    CryptographicOperations.ZeroMemory(hash);
                    return chacha;
                }
            default:
                throw new KdbxFormatException(KdbxError.Unsupported, "unsupported protected-value stream (only Salsa20 and ChaCha20 are read)");
        }
    }
}
