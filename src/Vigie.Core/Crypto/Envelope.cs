using System.Security.Cryptography;
using System.Text;

namespace Vigie.Core.Crypto;

/// <summary>
/// AES-256-GCM envelope: <c>version(1) ‖ nonce(12) ‖ ciphertext ‖ tag(16)</c>, with the identity of what is sealed
/// (a record id and version, a space's data key, a column's owner) as associated data, so that a ciphertext moved elsewhere
/// fails. The vault stores it as bytes; <see cref="FieldCipher"/> stores it as text in columns.
/// </summary>
internal static class Envelope
{
    public const byte CurrentVersion = 1;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    public static byte[] Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext, string identity)
    {
        var output = new byte[1 + NonceBytes + plaintext.Length + TagBytes];
        output[0] = CurrentVersion;
        var nonce = output.AsSpan(1, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagBytes);
        aes.Encrypt(nonce, plaintext, output.AsSpan(1 + NonceBytes, plaintext.Length), output.AsSpan(1 + NonceBytes + plaintext.Length), Encoding.UTF8.GetBytes(identity));
        return output;
    }

    /// <exception cref="CryptographicException">Wrong key, altered data, or data sealed for another identity.</exception>
    public static byte[] Open(ReadOnlySpan<byte> key, ReadOnlySpan<byte> envelope, string identity)
    {
        if (envelope.Length < 1 + NonceBytes + TagBytes || envelope[0] != CurrentVersion)
        {
            throw new CryptographicException("Unknown or truncated envelope.");
        }
        var length = envelope.Length - 1 - NonceBytes - TagBytes;
        var plaintext = new byte[length];
        using var aes = new AesGcm(key, TagBytes);
        aes.Decrypt(envelope.Slice(1, NonceBytes), envelope.Slice(1 + NonceBytes, length), envelope.Slice(1 + NonceBytes + length, TagBytes), plaintext,
            Encoding.UTF8.GetBytes(identity));
        return plaintext;
    }
}
