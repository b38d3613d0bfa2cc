using System.Security.Cryptography;
using System.Text;

namespace Vigie.Core.Vault.Kdbx;

/// <summary>
/// A secret value (a password, a protected field) held as UTF-8 in a pinned <c>byte[]</c>, so the GC never leaves
/// copies behind and <see cref="Dispose"/> can clear it. The reader fills these straight from the decrypted
/// inner stream: a protected value never becomes a .NET string unless a caller asks with <see cref="Reveal"/>.
/// Prints as <c>[redacted]</c>.
/// </summary>
public sealed class KdbxSecret : IDisposable
{
    private readonly byte[] _utf8;
    private bool _disposed;

    private KdbxSecret(int length) => _utf8 = GC.AllocateArray<byte>(length, pinned: true);

    /// <summary>An empty value.</summary>
    public static KdbxSecret Empty() => new(0);

    /// <summary>Copies UTF-8 bytes; the caller clears its own copy.</summary>
    public static KdbxSecret FromUtf8(ReadOnlySpan<byte> utf8)
    {
        var secret = new KdbxSecret(utf8.Length);
        utf8.CopyTo(secret._utf8);
        return secret;
    }

    /// <summary>Encodes characters as UTF-8 without an intermediate buffer that outlives the call.</summary>
    public static KdbxSecret FromChars(ReadOnlySpan<char> value)
    {
        var secret = new KdbxSecret(Encoding.UTF8.GetByteCount(value));
        Encoding.UTF8.GetBytes(value, secret._utf8);
        return secret;
    }

    /// <summary>A secret of <paramref name="length"/> zero bytes that the reader fills in place.</summary>
    internal static KdbxSecret Allocate(int length) => new(length);

    internal Span<byte> Writable
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _utf8;
        }
    }

    /// <summary>The value as UTF-8. Valid until <see cref="Dispose"/>.</summary>
    public ReadOnlySpan<byte> Utf8
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _utf8;
        }
    }

    public int Length => _utf8.Length;

    public bool IsEmpty => _utf8.Length == 0;

    /// <summary>The value as a string, which the caller can no longer clear: only for a value about to leave the process.</summary>
    public string Reveal() => Encoding.UTF8.GetString(Utf8);

    public bool ValueEquals(KdbxSecret other) =>
        CryptographicOperations.FixedTimeEquals(Utf8, other.Utf8);

    public void Dispose()
    {
        _disposed = true;
        CryptographicOperations.ZeroMemory(_utf8);
    }

    public override string ToString() => "[redacted]";
}
