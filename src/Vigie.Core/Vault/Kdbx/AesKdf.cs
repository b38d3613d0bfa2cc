using System.Security.Cryptography;

namespace Vigie.Core.Vault.Kdbx;

/// <summary>
/// KeePass's AES-KDF: each 16-byte half of the composite key is encrypted <c>rounds</c> times with AES-256-ECB under
/// the seed, then the result is hashed with SHA-256.
/// </summary>
internal static class AesKdf
{
    private const int ChunkBlocks = 4096;

    public static byte[] Transform(ReadOnlySpan<byte> compositeKey, ReadOnlySpan<byte> seed, ulong rounds, CancellationToken cancellationToken)
    {
        if (compositeKey.Length != 32 || seed.Length != 32)
        {
            throw new ArgumentException("AES-KDF takes a 32-byte key and a 32-byte seed.");
        }
        var state = GC.AllocateArray<byte>(32, pinned: true);
        var chain = GC.AllocateArray<byte>(ChunkBlocks * 16, pinned: true);
        var zeros = new byte[ChunkBlocks * 16];
        try
        {
            compositeKey.CopyTo(state);
            using var aes = Aes.Create();
            aes.Key = seed.ToArray();
            for (var half = 0; half < 2; half++)
            {
                var block = state.AsSpan(16 * half, 16);
                // Repeated ECB encryption of one block is CBC encryption of zero blocks with that block as the IV:
                // C(i) = E(C(i-1) xor 0). One CBC call then does thousands of rounds instead of one.
                var left = rounds;
                while (left > 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var blocks = (int)Math.Min(left, ChunkBlocks);
                    var output = chain.AsSpan(0, blocks * 16);
                    aes.EncryptCbc(zeros.AsSpan(0, blocks * 16), block, output, PaddingMode.None);
                    output[^16..].CopyTo(block);
                    left -= (ulong)blocks;
                }
            }
            var transformed = GC.AllocateArray<byte>(32, pinned: true);
            SHA256.HashData(state, transformed);
            return transformed;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(state);
            CryptographicOperations.ZeroMemory(chain);
        }
    }
}
