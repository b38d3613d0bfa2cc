using System.Security.Cryptography;

namespace Vigie.Core.Crypto;

/// <summary>
/// AES-256-GCM for small secrets stored in columns (TOTP seeds, device credentials). Envelope:
/// <c>v1.</c> + base64(nonce ‖ ciphertext ‖ tag); the owning record's identity is the associated data,
/// so a ciphertext copied to another row does not decrypt.
/// </summary>
public sealed class FieldCipher
{
    private const string Version = "v1.";
    private readonly byte[] _key;

    public FieldCipher(ServerKeys keys) => _key = keys.FieldEncryptionKey;

    // The column form is the binary envelope without its version byte, in base64 behind a text version prefix.
    public string Encrypt(ReadOnlySpan<byte> plaintext, string associatedData) =>
        Version + Convert.ToBase64String(Envelope.Seal(_key, plaintext, associatedData).AsSpan(1));

    public byte[] Decrypt(string envelope, string associatedData)
    {
        if (!envelope.StartsWith(Version, StringComparison.Ordinal))
        {
            throw new CryptographicException("Unknown envelope version.");
        }
        var data = Convert.FromBase64String(envelope[Version.Length..]);
        return Envelope.Open(_key, [Envelope.CurrentVersion, .. data], associatedData);
    }
}
