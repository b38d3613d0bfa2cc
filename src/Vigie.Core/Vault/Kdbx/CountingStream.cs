namespace Vigie.Core.Vault.Kdbx;

/// <summary>A read-only view of the input that refuses to deliver more than the accepted file size.</summary>
internal sealed class CountingStream(Stream inner, long maxBytes) : Stream
{
    private long _read;

    public override int Read(Span<byte> buffer)
    {
        var count = inner.Read(buffer);
        _read += count;
        if (_read > maxBytes)
        {
            throw KdbxFormatException.Limit($"the file is larger than the {maxBytes / (1024 * 1024)} MiB accepted");
        }
        return count;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
