namespace Vigie.Cli;

/// <summary>
/// A read-only view of another stream that reports how many bytes have been read from it, so that an upload streamed
/// by <see cref="HttpClient"/> can show its progress. Seeking is passed through (a retried request rewinds its body).
/// </summary>
internal sealed class ProgressStream : Stream
{
    private readonly Stream _inner;
    private readonly Action<long> _read;
    private long _done;

    public ProgressStream(Stream inner, Action<long> read)
    {
        _inner = inner;
        _read = read;
    }

    public override bool CanRead => true;

    public override bool CanSeek => _inner.CanSeek;

    public override bool CanWrite => false;

    public override long Length => _inner.Length;

    public override long Position
    {
        get => _inner.Position;
        set
        {
            _inner.Position = value;
            _done = value;
            _read(_done);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Report(_inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Report(_inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Report(await _inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin)
    {
        _done = _inner.Seek(offset, origin);
        _read(_done);
        return _done;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Report(int count)
    {
        _done += count;
        _read(_done);
        return count;
    }
}
