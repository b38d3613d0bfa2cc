using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace Vigie.Core.Vault.Kdbx;

/// <summary>
/// The ChaCha20 stream cipher of RFC 8439 (§2.3 block function, §2.4 encryption): 256-bit key, 96-bit nonce,
/// 32-bit block counter. .NET only ships it inside the ChaCha20-Poly1305 AEAD, and KDBX needs the bare keystream
/// for its outer cipher and its inner protected-value stream.
/// </summary>
internal sealed class ChaCha20 : Keystream
{
    private readonly uint[] _state = GC.AllocateArray<uint>(16, pinned: true);
    private bool _exhausted;

    public ChaCha20(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, uint counter)
    {
        if (key.Length != 32 || nonce.Length != 12)
        {
            throw new ArgumentException("ChaCha20 takes a 32-byte key and a 12-byte nonce.");
        }
        Setup(_state, key, nonce, counter);
    }

    /// <summary>The block function alone (RFC 8439 §2.3), for the RFC's test vectors.</summary>
    public static void Block(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, uint counter, Span<byte> output)
    {
        Span<uint> state = stackalloc uint[16];
        Setup(state, key, nonce, counter);
        Compute(state, output);
        state.Clear();
    }

    protected override void NextBlock(Span<byte> block)
    {
        if (_exhausted)
        {
            throw new CryptographicException("The ChaCha20 block counter would wrap (256 GiB under one nonce).");
        }
        Compute(_state, block);
        _state[12]++;
        _exhausted = _state[12] == 0;
    }

    protected override void ClearState() => Array.Clear(_state);

    private static void Setup(Span<uint> state, ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, uint counter)
    {
        state[0] = 0x61707865;
        state[1] = 0x3320646e;
        state[2] = 0x79622d32;
        state[3] = 0x6b206574;
        for (var i = 0; i < 8; i++)
        {
            state[4 + i] = BinaryPrimitives.ReadUInt32LittleEndian(key[(4 * i)..]);
        }
        state[12] = counter;
        for (var i = 0; i < 3; i++)
        {
            state[13 + i] = BinaryPrimitives.ReadUInt32LittleEndian(nonce[(4 * i)..]);
        }
    }

    private static void Compute(ReadOnlySpan<uint> state, Span<byte> output)
    {
        Span<uint> x = stackalloc uint[16];
        state.CopyTo(x);
        for (var round = 0; round < 10; round++)
        {
            QuarterRound(ref x[0], ref x[4], ref x[8], ref x[12]);
            QuarterRound(ref x[1], ref x[5], ref x[9], ref x[13]);
            QuarterRound(ref x[2], ref x[6], ref x[10], ref x[14]);
            QuarterRound(ref x[3], ref x[7], ref x[11], ref x[15]);
            QuarterRound(ref x[0], ref x[5], ref x[10], ref x[15]);
            QuarterRound(ref x[1], ref x[6], ref x[11], ref x[12]);
            QuarterRound(ref x[2], ref x[7], ref x[8], ref x[13]);
            QuarterRound(ref x[3], ref x[4], ref x[9], ref x[14]);
        }
        AddAndWrite(x, state, output);
    }

    private static void QuarterRound(ref uint a, ref uint b, ref uint c, ref uint d)
    {
        a += b;
        d = BitOperations.RotateLeft(d ^ a, 16);
        c += d;
        b = BitOperations.RotateLeft(b ^ c, 12);
        a += b;
        d = BitOperations.RotateLeft(d ^ a, 8);
        c += d;
        b = BitOperations.RotateLeft(b ^ c, 7);
    }
}
