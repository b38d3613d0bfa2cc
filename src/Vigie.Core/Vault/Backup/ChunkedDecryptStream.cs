using System.Buffers.Binary;
using System.Security.Cryptography;
using Vigie.Core.Common;

namespace Vigie.Core.Vault.Backup;

/// <summary>
/// Read side of the export's frames: reads as the plaintext of the data frames, each authenticated before any of it
/// is returned, and ends at the final frame, whose plaintext is then in <see cref="Final"/>. A file that ends anywhere
/// before the final frame raises <c>export_truncated</c>; a frame that does not open, or bytes after the final frame,
/// <c>export_corrupted</c>.
/// </summary>
internal sealed class ChunkedDecryptStream : ForwardReadStream
{
    private readonly Stream _input;
    private readonly FrameCipher _cipher;
    private readonly int _chunkSize;
    private readonly byte[] _sealed;
    private readonly byte[] _plain;
    private int _position;
    private int _length;

    public ChunkedDecryptStream(Stream input, ExportHeader header, ExportKeys keys)
    {
        _input = input;
        _cipher = new FrameCipher(header, keys);
        _chunkSize = header.ChunkSize;
        _sealed = new byte[header.ChunkSize + ExportFormat.TagBytes];
        _plain = GC.AllocateArray<byte>(header.ChunkSize, pinned: true);
    }

    /// <summary>The final frame's plaintext, once the stream has been read to its end.</summary>
    public byte[]? Final { get; private set; }

    public override int Read(Span<byte> buffer)
    {
        while (_position == _length && Final is null)
        {
            var prefix = new byte[ExportFormat.FramePrefixBytes];
            var (length, final) = Prefix(prefix, _input.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false));
            Open(length, final, _input.ReadAtLeast(_sealed.AsSpan(0, length + ExportFormat.TagBytes), length + ExportFormat.TagBytes, false));
            if (final)
            {
                AtEnd(_input.ReadAtLeast(new byte[1], 1, throwOnEndOfStream: false));
            }
        }
        return Copy(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_position == _length && Final is null)
        {
            var prefix = new byte[ExportFormat.FramePrefixBytes];
            var (length, final) = Prefix(prefix, await _input.ReadAtLeastAsync(prefix, prefix.Length, throwOnEndOfStream: false, cancellationToken));
            Open(length, final, await _input.ReadAtLeastAsync(_sealed.AsMemory(0, length + ExportFormat.TagBytes), length + ExportFormat.TagBytes, false,
                cancellationToken));
            if (final)
            {
                AtEnd(await _input.ReadAtLeastAsync(new byte[1], 1, throwOnEndOfStream: false, cancellationToken));
            }
        }
        return Copy(buffer.Span);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            CryptographicOperations.ZeroMemory(_plain);
            _cipher.Dispose();
        }
        base.Dispose(disposing);
    }

    private (int Length, bool Final) Prefix(byte[] prefix, int read)
    {
        if (read == 0)
        {
            throw ExportProblems.Truncated(_cipher.Frames == 0
                ? "It ends right after its header."
                : $"It ends after chunk {_cipher.Frames - 1}, before its final chunk.");
        }
        if (read < prefix.Length)
        {
            throw ExportProblems.Truncated($"It ends inside chunk {_cipher.Frames}.");
        }
        var word = BinaryPrimitives.ReadUInt32BigEndian(prefix);
        var length = (int)(word & ~ExportFormat.FinalFlag);
        if (length > _chunkSize)
        {
            throw ExportProblems.Corrupted($"Chunk {_cipher.Frames} declares {length} bytes, more than the chunk size {_chunkSize}.");
        }
        return (length, (word & ExportFormat.FinalFlag) != 0);
    }

    private void Open(int length, bool final, int read)
    {
        if (read < length + ExportFormat.TagBytes)
        {
            throw ExportProblems.Truncated($"It ends inside chunk {_cipher.Frames}.");
        }
        if (final)
        {
            var plaintext = new byte[length];
            _cipher.Open(_sealed.AsSpan(0, length + ExportFormat.TagBytes), final: true, plaintext);
            Final = plaintext;
            _position = _length = 0;
            return;
        }
        _cipher.Open(_sealed.AsSpan(0, length + ExportFormat.TagBytes), final: false, _plain);
        _position = 0;
        _length = length;
    }

    private static void AtEnd(int read)
    {
        if (read != 0)
        {
            throw ExportProblems.Corrupted("There are bytes after its final chunk.");
        }
    }

    private int Copy(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, _length - _position);
        _plain.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }
}
