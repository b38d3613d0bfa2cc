using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Vigie.Core.Inventory.Snmp;

/// <summary>
/// usmAesCfb128Protocol (RFC 3826): AES-128 in CFB mode with a 128-bit segment, IV = engineBoots (4 octets) ||
/// engineTime (4 octets) || the 64-bit salt sent in msgPrivacyParameters, key = the first 16 octets of the
/// localised privacy key.
/// </summary>
internal static class AesCfbPrivacy
{
    public const int KeyLength = 16;
    public const int SaltLength = 8;
    private const int BlockLength = 16;

    public static byte[] BuildIv(int engineBoots, int engineTime, ReadOnlySpan<byte> salt)
    {
        if (salt.Length != SaltLength)
        {
            throw BerReader.Malformed($"AES privacy parameters of {salt.Length} octets");
        }
        var iv = new byte[BlockLength];
        BinaryPrimitives.WriteInt32BigEndian(iv, engineBoots);
        BinaryPrimitives.WriteInt32BigEndian(iv.AsSpan(4), engineTime);
        salt.CopyTo(iv.AsSpan(8));
        return iv;
    }

    public static byte[] Encrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plaintext) => Transform(key, iv, plaintext, encrypt: true);

    public static byte[] Decrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext) => Transform(key, iv, ciphertext, encrypt: false);

    // CFB is a stream mode: .NET wants whole segments, so the input is padded with zeros to a block multiple
    // and the output cut back to the input length. The padding never influences the octets that are kept.
    private static byte[] Transform(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> input, bool encrypt)
    {
        if (key.Length < KeyLength)
        {
            throw new ArgumentException("The AES-128 key needs 16 octets.", nameof(key));
        }
        var padded = new byte[(input.Length + BlockLength - 1) / BlockLength * BlockLength];
        input.CopyTo(padded);
        var aesKey = key[..KeyLength].ToArray();
        using var aes = Aes.Create();
        aes.Key = aesKey;
        CryptographicOperations.ZeroMemory(aesKey);
        var output = encrypt
            ? aes.EncryptCfb(padded, iv, PaddingMode.None, feedbackSizeInBits: 128)
            : aes.DecryptCfb(padded, iv, PaddingMode.None, feedbackSizeInBits: 128);
        var result = output.AsSpan(0, input.Length).ToArray();
        CryptographicOperations.ZeroMemory(padded);
        CryptographicOperations.ZeroMemory(output);
        return result;
    }
}
