using System.Security.Cryptography;

namespace Vigie.Core.Vault.Backup;

/// <summary>
/// Write side of the export's frames: the plaintext written is cut into chunk-size data frames; <see cref="CompleteAsync"/>
/// writes what is left and then the final frame. A stream disposed without being completed has no final frame, and
/// readers report it as truncated.
/// </summary>
internal sealed class ChunkedEncryptStream : Stream
{
    private readonly Stream _output;
    private readonly FrameCipher _cipher;
    private readonly byte[] _plain;
    private readonly byte[] _frame;
    private int _filled;
    private bool _completed;
    private bool _abandoned;

    public ChunkedEncryptStream(Stream output, ExportHeader header, ExportKeys keys)
    {
        _output = output;
        _cipher = new FrameCipher(header, keys);
        _plain = GC.AllocateArray<byte>(header.ChunkSize, pinned: true);
        _frame = new byte[ExportFormat.FramePrefixBytes + header.ChunkSize + ExportFormat.TagBytes];
    }

    public long Frames => _cipher.Frames;

    /// <summary>Drops whatever is written from now on: an export that failed midway must not be flushed further.</summary>
    public void Abandon() => _abandoned = true;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => !_completed;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!_abandoned && !buffer.IsEmpty)
        {
            buffer = Fill(buffer);
            if (_filled == _plain.Length)
            {
                _output.Write(_frame, 0, SealData());
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!_abandoned && !buffer.IsEmpty)
        {
            var rest = Fill(buffer.Span).Length;
            buffer = buffer[^rest..];
            if (_filled == _plain.Length)
            {
                await _output.WriteAsync(_frame.AsMemory(0, SealData()), cancellationToken);
            }
        }
    }

    /// <summary>Writes the data still buffered, then the final frame holding <paramref name="final"/> (at most a chunk).</summary>
    public async Task CompleteAsync(ReadOnlyMemory<byte> final, CancellationToken ct)
    {
        if (final.Length > _plain.Length)
        {
            throw new ArgumentException("The final frame holds at most one chunk.", nameof(final));
        }
        if (_abandoned)
        {
            throw new InvalidOperationException("The export was abandoned.");
        }
        if (_filled > 0)
        {
            await _output.WriteAsync(_frame.AsMemory(0, SealData()), ct);
        }
        CheckOpen();
        var size = _cipher.Seal(final.Span, final: true, _frame);
        await _output.WriteAsync(_frame.AsMemory(0, size), ct);
        _completed = true;
        await _output.FlushAsync(ct);
    }

    public override void Flush()
    {
        if (!_abandoned)
        {
            _output.Flush();
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => _abandoned ? Task.CompletedTask : _output.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            CryptographicOperations.ZeroMemory(_plain);
            CryptographicOperations.ZeroMemory(_frame);
            _cipher.Dispose();
        }
        base.Dispose(disposing);
    }

    private ReadOnlySpan<byte> Fill(ReadOnlySpan<byte> buffer)
    {
        CheckOpen();
        var take = Math.Min(buffer.Length, _plain.Length - _filled);
        buffer[..take].CopyTo(_plain.AsSpan(_filled));
        _filled += take;
        return buffer[take..];
    }

    private int SealData()
    {
        var size = _cipher.Seal(_plain.AsSpan(0, _filled), final: false, _frame);
        CryptographicOperations.ZeroMemory(_plain.AsSpan(0, _filled));
        _filled = 0;
        return size;
    }

    private void CheckOpen() => ObjectDisposedException.ThrowIf(_completed, this);
}
