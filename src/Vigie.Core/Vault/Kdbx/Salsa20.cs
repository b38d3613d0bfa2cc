using System.Buffers.Binary;
using System.Numerics;

namespace Vigie.Core.Vault.Kdbx;

/// <summary>
/// Bernstein's Salsa20/20 with a 256-bit key, 64-bit nonce and 64-bit block counter. Only KDBX 3.1 files use it,
/// for their protected values (KeePassXC still writes 3.1 when a database keeps AES-KDF).
/// </summary>
internal sealed class Salsa20 : Keystream
{
    private readonly uint[] _state = GC.AllocateArray<uint>(16, pinned: true);

    public Salsa20(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce)
    {
        if (key.Length != 32 || nonce.Length != 8)
        {
            throw new ArgumentException("Salsa20 takes a 32-byte key and an 8-byte nonce.");
        }
        // "expand 32-byte k" on the diagonal, the key around it, nonce then counter in the middle row.
        _state[0] = 0x61707865;
        _state[5] = 0x3320646e;
        _state[10] = 0x79622d32;
        _state[15] = 0x6b206574;
        for (var i = 0; i < 4; i++)
        {
            _state[1 + i] = BinaryPrimitives.ReadUInt32LittleEndian(key[(4 * i)..]);
            _state[11 + i] = BinaryPrimitives.ReadUInt32LittleEndian(key[(16 + 4 * i)..]);
        }
        _state[6] = BinaryPrimitives.ReadUInt32LittleEndian(nonce);
        _state[7] = BinaryPrimitives.ReadUInt32LittleEndian(nonce[4..]);
    }

    protected override void NextBlock(Span<byte> block)
    {
        Span<uint> x = stackalloc uint[16];
        _state.CopyTo(x);
        for (var round = 0; round < 10; round++)
        {
            QuarterRound(ref x[0], ref x[4], ref x[8], ref x[12]);
            QuarterRound(ref x[5], ref x[9], ref x[13], ref x[1]);
            QuarterRound(ref x[10], ref x[14], ref x[2], ref x[6]);
            QuarterRound(ref x[15], ref x[3], ref x[7], ref x[11]);
            QuarterRound(ref x[0], ref x[1], ref x[2], ref x[3]);
            QuarterRound(ref x[5], ref x[6], ref x[7], ref x[4]);
            QuarterRound(ref x[10], ref x[11], ref x[8], ref x[9]);
            QuarterRound(ref x[15], ref x[12], ref x[13], ref x[14]);
        }
        AddAndWrite(x, _state, block);
        if (++_state[8] == 0)
        {
            _state[9]++;
        }
    }

    protected override void ClearState() => Array.Clear(_state);

    private static void QuarterRound(ref uint a, ref uint b, ref uint c, ref uint d)
    {
        b ^= BitOperations.RotateLeft(a + d, 7);
        c ^= BitOperations.RotateLeft(b + a, 9);
        d ^= BitOperations.RotateLeft(c + b, 13);
        a ^= BitOperations.RotateLeft(d + c, 18);
    }
}
