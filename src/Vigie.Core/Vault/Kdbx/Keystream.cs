using System.Security.Cryptography;

namespace Vigie.Core.Vault.Kdbx;

/// <summary>
/// A stream cipher seen as one continuous keystream: successive <see cref="Xor"/> calls carry on where the last
/// one stopped, which is how KDBX spreads one inner stream over every protected value of a file.
/// </summary>
internal abstract class Keystream : IDisposable
{
    protected const int BlockSize = 64;
    private readonly byte[] _block = GC.AllocateArray<byte>(BlockSize, pinned: true);
    private int _used = BlockSize;
    private bool _disposed;

    /// <summary>Writes <paramref name="input"/> XOR keystream to <paramref name="output"/> (which may be the same span).</summary>
    public void Xor(ReadOnlySpan<byte> input, Span<byte> output)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (output.Length < input.Length)
        {
            throw new ArgumentException("The output is shorter than the input.", nameof(output));
        }
        var done = 0;
        while (done < input.Length)
        {
            if (_used == BlockSize)
            {
                NextBlock(_block);
                _used = 0;
            }
            var take = Math.Min(BlockSize - _used, input.Length - done);
            var key = _block.AsSpan(_used, take);
            var source = input.Slice(done, take);
            var target = output.Slice(done, take);
            for (var i = 0; i < take; i++)
            {
                target[i] = (byte)(source[i] ^ key[i]);
            }
            _used += take;
            done += take;
        }
    }

    public void Xor(Span<byte> data) => Xor(data, data);

    /// <summary>
    /// The last step of the Salsa20 and ChaCha20 block functions: each mixed word plus its input word, written
    /// little-endian; the mixed words are then cleared.
    /// </summary>
    protected static void AddAndWrite(Span<uint> mixed, ReadOnlySpan<uint> state, Span<byte> block)
    {
        for (var i = 0; i < 16; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(block[(4 * i)..], mixed[i] + state[i]);
        }
        mixed.Clear();
    }

    /// <summary>Writes the next 64-byte keystream block and advances the block counter.</summary>
    protected abstract void NextBlock(Span<byte> block);

    protected abstract void ClearState();

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            CryptographicOperations.ZeroMemory(_block);
            ClearState();
        }
    }
}
