using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Vigie.Core.Vault.Backup;

/// <summary>
/// AES-256-GCM over the frames of one export: nonce = prefix ‖ frame counter, associated data = SHA-256(header) ‖ final
/// flag, so that a frame only opens at its own position, in its own file, with its own role (data or final).
/// </summary>
internal sealed class FrameCipher : IDisposable
{
    private readonly AesGcm _aes;
    private readonly byte[] _nonce = new byte[12];
    private readonly byte[] _associated = new byte[33];
    private uint _counter;
    private bool _exhausted;

    public FrameCipher(ExportHeader header, ExportKeys keys)
    {
        _aes = new AesGcm(keys.ChunkKey, ExportFormat.TagBytes);
        header.NoncePrefix.CopyTo(_nonce);
        header.Hash().CopyTo(_associated, 0);
    }

    /// <summary>How many frames were sealed or opened so far (the next frame's number).</summary>
    public long Frames => _exhausted ? 1L << 32 : _counter;

    /// <summary>Writes <c>length ‖ ciphertext ‖ tag</c> of the next frame into <paramref name="frame"/>; returns its size.</summary>
    public int Seal(ReadOnlySpan<byte> plaintext, bool final, Span<byte> frame)
    {
        Next(final);
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)plaintext.Length | (final ? ExportFormat.FinalFlag : 0));
        var body = frame[ExportFormat.FramePrefixBytes..];
        _aes.Encrypt(_nonce, plaintext, body[..plaintext.Length], body.Slice(plaintext.Length, ExportFormat.TagBytes), _associated);
        return ExportFormat.FramePrefixBytes + plaintext.Length + ExportFormat.TagBytes;
    }

    /// <summary>Opens the next frame's <c>ciphertext ‖ tag</c> into <paramref name="plaintext"/>.</summary>
    /// <exception cref="Common.ProblemException">400 <c>export_corrupted</c>: the frame does not authenticate here.</exception>
    public void Open(ReadOnlySpan<byte> sealedFrame, bool final, Span<byte> plaintext)
    {
        var number = _counter;
        Next(final);
        var length = sealedFrame.Length - ExportFormat.TagBytes;
        try
        {
            _aes.Decrypt(_nonce, sealedFrame[..length], sealedFrame[length..], plaintext[..length], _associated);
        }
        catch (CryptographicException)
        {
            CryptographicOperations.ZeroMemory(plaintext[..length]);
            throw ExportProblems.Corrupted($"Chunk {number} does not authenticate (altered, moved, or from another file).");
        }
    }

    private void Next(bool final)
    {
        if (_exhausted)
        {
            throw new InvalidOperationException("An export holds at most 2^32 frames.");
        }
        BinaryPrimitives.WriteUInt32BigEndian(_nonce.AsSpan(ExportFormat.NoncePrefixBytes), _counter);
        _associated[32] = final ? (byte)1 : (byte)0;
        if (_counter == uint.MaxValue)
        {
            _exhausted = true;
        }
        else
        {
            _counter++;
        }
    }

    public void Dispose() => _aes.Dispose();
}
