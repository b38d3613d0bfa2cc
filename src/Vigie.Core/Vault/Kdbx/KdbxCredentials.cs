using System.Security.Cryptography;
using System.Text;

namespace Vigie.Core.Vault.Kdbx;

/// <summary>
/// The master password of a KDBX file. Only SHA-256 of its UTF-8 bytes is kept (the first step of KeePass's
/// composite key), in a pinned array that <see cref="Dispose"/> clears. Key files and hardware keys are not supported.
/// </summary>
public sealed class KdbxCredentials : IDisposable
{
    private readonly byte[] _passwordHash = GC.AllocateArray<byte>(32, pinned: true);
    private bool _disposed;

    private KdbxCredentials()
    {
    }

    public static KdbxCredentials FromPassword(ReadOnlySpan<char> password)
    {
        var utf8 = GC.AllocateArray<byte>(Encoding.UTF8.GetByteCount(password), pinned: true);
        try
        {
            Encoding.UTF8.GetBytes(password, utf8);
            return FromPassword(utf8);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(utf8);
        }
    }

    public static KdbxCredentials FromPassword(ReadOnlySpan<byte> utf8Password)
    {
        // KeePass treats an empty password as "no password", which only makes sense with a key file.
        if (utf8Password.IsEmpty)
        {
            throw new ArgumentException("A KDBX password must not be empty.", nameof(utf8Password));
        }
        var credentials = new KdbxCredentials();
        SHA256.HashData(utf8Password, credentials._passwordHash);
        return credentials;
    }

    /// <summary>SHA-256(SHA-256(password)): the composite key of a password-only database. The caller clears it.</summary>
    internal byte[] CompositeKey()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var composite = GC.AllocateArray<byte>(32, pinned: true);
        SHA256.HashData(_passwordHash, composite);
        return composite;
    }

    public void Dispose()
    {
        _disposed = true;
        CryptographicOperations.ZeroMemory(_passwordHash);
    }

    public override string ToString() => "KdbxCredentials([redacted])";
}
