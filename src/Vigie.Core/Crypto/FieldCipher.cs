using System.Security.Cryptography;
using System.Text;

namespace Vigie.Core.Crypto;

/// <summary>
/// AES-256-GCM for small secrets stored in columns (TOTP seeds, device credentials). Envelope:
/// <c>v1.</c> + base64(nonce ‖ ciphertext ‖ tag); the owning record's identity is the associated data,
/// so a ciphertext copied to another row does not decrypt.
/// </summary>
public sealed class FieldCipher
{
    private const string Version = "v1.";
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private readonly byte[] _key;

    public FieldCipher(ServerKeys keys) => _key = keys.FieldEncryptionKey;

    public string Encrypt(ReadOnlySpan<byte> plaintext, string associatedData)
    {
        var output = new byte[NonceBytes + plaintext.Length + TagBytes];
        var nonce = output.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagBytes);
        aes.Encrypt(nonce, plaintext, output.AsSpan(NonceBytes, plaintext.Length), output.AsSpan(NonceBytes + plaintext.Length), Encoding.UTF8.GetBytes(associatedData));
        return Version + Convert.ToBase64String(output);
    }

    public byte[] Decrypt(string envelope, string associatedData)
    {
        if (!envelope.StartsWith(Version, StringComparison.Ordinal))
        {
            throw new CryptographicException("Unknown envelope version.");
        }
        var data = Convert.FromBase64String(envelope[Version.Length..]);
        if (data.Length < NonceBytes + TagBytes)
        {
            throw new CryptographicException("Envelope too short.");
        }
        var plaintext = new byte[data.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(_key, TagBytes);
        aes.Decrypt(data.AsSpan(0, NonceBytes), data.AsSpan(NonceBytes, plaintext.Length), data.AsSpan(NonceBytes + plaintext.Length), plaintext, Encoding.UTF8.GetBytes(associatedData));
        return plaintext;
    }
}
