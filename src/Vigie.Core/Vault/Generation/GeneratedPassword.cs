using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Vigie.Core.Vault.Generation;

/// <summary>
/// A generated password in a char array that <see cref="Dispose"/> overwrites with zeros. Read it through
/// <see cref="Chars"/> (or <see cref="ToUtf8"/> for encryption, then zero that array with
/// <see cref="CryptographicOperations.ZeroMemory"/>) inside a <c>using</c>; make a string of it only at the
/// edge that must send one, such as the JSON response that shows it to its user.
/// </summary>
public sealed class GeneratedPassword : IDisposable
{
    private readonly char[] _chars;
    private bool _disposed;

    internal GeneratedPassword(char[] chars, double entropyBits)
    {
        _chars = chars;
        EntropyBits = entropyBits;
    }

    public ReadOnlySpan<char> Chars
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _chars;
        }
    }

    public int Length => _chars.Length;

    /// <summary>What the policy guarantees (<see cref="PasswordGenerator.EntropyBits"/>), not a measure of this value.</summary>
    public double EntropyBits { get; }

    /// <summary>A new UTF-8 copy that the caller owns and zeroes.</summary>
    public byte[] ToUtf8()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var bytes = new byte[Encoding.UTF8.GetByteCount(_chars)];
        Encoding.UTF8.GetBytes(_chars, bytes);
        return bytes;
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(_chars.AsSpan()));
        _disposed = true;
    }

    public override string ToString() => "GeneratedPassword([redacted])";
}
