using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Vigie.Core.Vault.Kdbx;

/// <summary>
/// KDBX 3.1's framing inside the decrypted payload: blocks <c>u32 index, SHA-256(data), u32 length, data</c>, ended by
/// an empty block whose hash is all zeros.
/// </summary>
internal static class HashedBlockStream
{
    /// <summary>Checks every block and copies their data into <paramref name="output"/>.</summary>
    public static void Read(ReadOnlySpan<byte> framed, Stream output)
    {
        for (uint index = 0; ; index++)
        {
            if (framed.Length < 40 || BinaryPrimitives.ReadUInt32LittleEndian(framed) != index)
            {
                throw KdbxFormatException.Corrupted($"corrupted block {index}");
            }
            var hash = framed.Slice(4, 32);
            var length = BinaryPrimitives.ReadInt32LittleEndian(framed[36..]);
            if (length < 0 || length > framed.Length - 40)
            {
                throw KdbxFormatException.Corrupted($"corrupted block {index}");
            }
            var data = framed.Slice(40, length);
            if (length == 0)
            {
                if (hash.ContainsAnyExcept((byte)0))
                {
                    throw KdbxFormatException.Corrupted($"corrupted block {index}");
                }
                return;
            }
            if (!CryptographicOperations.FixedTimeEquals(hash, SHA256.HashData(data)))
            {
                throw KdbxFormatException.Corrupted($"corrupted block {index}");
            }
            output.Write(data);
            framed = framed[(40 + length)..];
        }
    }
}
