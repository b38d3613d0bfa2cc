using System.Security.Cryptography;
using System.Text;
using Vigie.Core.Common;

namespace Vigie.Core.Crypto;

/// <summary>
/// The server key, kept in a file outside the database (0600, generated on first start). Purpose keys
/// (audit chain MAC, field encryption) are derived from it with HKDF-SHA256 so that one never serves two uses.
/// </summary>
public sealed class ServerKeys : IDisposable
{
    private const int KeyBytes = 32;
    private readonly byte[] _master;

    private ServerKeys(byte[] master)
    {
        _master = master;
        AuditMacKey = Derive("vigie/audit-chain/v1");
        FieldEncryptionKey = Derive("vigie/field-encryption/v1");
    }

    public byte[] AuditMacKey { get; }
    public byte[] FieldEncryptionKey { get; }

    /// <summary>Loads the key file, creating it with a fresh random key when it does not exist.</summary>
    public static ServerKeys LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            var fresh = RandomNumberGenerator.GetBytes(KeyBytes);
            var text = Encoding.ASCII.GetBytes(Convert.ToBase64String(fresh) + "\n");
            try
            {
                SecureFiles.WritePrivate(path, text);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(text);
            }
            return new ServerKeys(fresh);
        }
        byte[] master;
        try
        {
            master = Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"The server key file {path} is not valid base64.");
        }
        if (master.Length != KeyBytes)
        {
            throw new InvalidOperationException($"The server key file {path} does not hold a 256-bit key.");
        }
        return new ServerKeys(master);
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_master);
        CryptographicOperations.ZeroMemory(AuditMacKey);
        CryptographicOperations.ZeroMemory(FieldEncryptionKey);
    }

    private byte[] Derive(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _master, KeyBytes, salt: [], info: Encoding.ASCII.GetBytes(purpose));
}
