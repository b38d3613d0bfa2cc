using System.Security.Cryptography;

namespace Vigie.Core.Vault.Kdbx;

/// <summary>
/// A write-only, growable stream over pinned arrays that are cleared when replaced and on dispose: the plaintext
/// payload (XML, decompressed data) passes through here and must not linger in memory. Refuses to grow past a cap.
/// </summary>
internal sealed class PinnedBuffer(long maxLength, string limitMessage) : Stream
{
    private byte[] _buffer = GC.AllocateArray<byte>(4096, pinned: true);
    private int _length;

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    /// <summary>A read-only stream over the written bytes, without a copy.</summary>
    public MemoryStream OpenRead(int offset = 0) => new(_buffer, offset, _length - offset, writable: false);

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_length + (long)buffer.Length > maxLength)
        {
            throw KdbxFormatException.Limit(limitMessage);
        }
        if (_length + buffer.Length > _buffer.Length)
        {
            var grown = GC.AllocateArray<byte>((int)Math.Min(Math.Max(_buffer.Length * 2L, _length + (long)buffer.Length), Array.MaxLength), pinned: true);
            _buffer.AsSpan(0, _length).CopyTo(grown);
            CryptographicOperations.ZeroMemory(_buffer);
            _buffer = grown;
        }
        buffer.CopyTo(_buffer.AsSpan(_length));
        _length += buffer.Length;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void WriteByte(byte value) => Write([value]);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        CryptographicOperations.ZeroMemory(_buffer);
        _length = 0;
        base.Dispose(disposing);
    }
}
