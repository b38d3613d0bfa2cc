using Vigie.Core.Common;

namespace Vigie.Core.Vault.Kdbx;

/// <summary>A read-only view of the input that refuses to deliver more than the accepted file size.</summary>
internal sealed class CountingStream(Stream inner, long maxBytes) : ForwardReadStream
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

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }
}
