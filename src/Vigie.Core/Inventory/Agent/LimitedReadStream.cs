using Vigie.Core.Common;

namespace Vigie.Core.Inventory.Agent;

/// <summary>
/// Reads a decompressing stream and stops it past a size limit (zip-bomb guard), so the document can be parsed
/// as it is inflated, without holding the whole decompressed text in memory first.
/// </summary>
internal sealed class LimitedReadStream : ForwardReadStream
{
    private readonly Stream _inner;
    private readonly long _limit;
    private long _read;

    public LimitedReadStream(Stream inner, long limit)
    {
        _inner = inner;
        _limit = limit;
    }

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(Span<byte> buffer)
    {
        int read;
        try
        {
            read = _inner.Read(buffer);
        }
        catch (InvalidDataException)
        {
            throw new ProblemException(400, "corrupt_body", "The compressed body is corrupt.");
        }
        _read += read;
        if (_read > _limit)
        {
            throw new ProblemException(413, "decompressed_body_too_large", $"The decompressed document exceeds {_limit} bytes.");
        }
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
