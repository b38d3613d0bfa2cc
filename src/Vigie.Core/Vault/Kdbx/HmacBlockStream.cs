using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Vigie.Core.Vault.Kdbx;

/// <summary>
/// KDBX 4's authenticated framing of the encrypted payload: blocks of at most 1 MiB, each
/// <c>HMAC-SHA256(SHA512(LE64(index) ‖ hmacKey), LE64(index) ‖ LE32(length) ‖ data) ‖ LE32(length) ‖ data</c>,
/// ended by an empty block.
/// </summary>
internal static class HmacBlockStream
{
    public const int BlockSize = 1 << 20;

    /// <summary>The HMAC key of block <paramref name="index"/>; <c>ulong.MaxValue</c> keys the header's HMAC.</summary>
    public static byte[] BlockKey(ulong index, ReadOnlySpan<byte> hmacKey)
    {
        Span<byte> input = stackalloc byte[8 + 64];
        BinaryPrimitives.WriteUInt64LittleEndian(input, index);
        hmacKey.CopyTo(input[8..]);
        var key = SHA512.HashData(input);
        CryptographicOperations.ZeroMemory(input);
        return key;
    }

    public static void Write(Stream output, ReadOnlySpan<byte> data, ReadOnlySpan<byte> hmacKey)
    {
        ulong index = 0;
        var offset = 0;
        Span<byte> size = stackalloc byte[4];
        while (true)
        {
            var length = Math.Min(BlockSize, data.Length - offset);
            var block = data.Slice(offset, length);
            output.Write(Mac(index, block, hmacKey));
            BinaryPrimitives.WriteInt32LittleEndian(size, length);
            output.Write(size);
            output.Write(block);
            if (length == 0)
            {
                return;
            }
            offset += length;
            index++;
        }
    }

    /// <summary>Reads and checks every block; returns the ciphertext they carry.</summary>
    public static byte[] Read(Stream input, ReadOnlySpan<byte> hmacKey, long maxBytes)
    {
        var payload = new MemoryStream();
        Span<byte> prefix = stackalloc byte[36];
        for (ulong index = 0; ; index++)
        {
            if (input.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false) < prefix.Length)
            {
                throw KdbxFormatException.Corrupted($"file is truncated (block {index})");
            }
            var length = BinaryPrimitives.ReadInt32LittleEndian(prefix[32..]);
            if (length < 0)
            {
                throw KdbxFormatException.Corrupted($"corrupted block {index}");
            }
            if (payload.Length + length > maxBytes)
            {
                throw KdbxFormatException.Limit($"the file is larger than the {maxBytes / (1024 * 1024)} MiB accepted");
            }
            var block = new byte[length];
            if (input.ReadAtLeast(block, length, throwOnEndOfStream: false) < length)
            {
                throw KdbxFormatException.Corrupted($"file is truncated (block {index})");
            }
            if (!CryptographicOperations.FixedTimeEquals(prefix[..32], Mac(index, block, hmacKey)))
            {
                throw KdbxFormatException.Corrupted($"corrupted block {index}");
            }
            if (length == 0)
            {
                return payload.ToArray();
            }
            payload.Write(block);
        }
    }

    private static byte[] Mac(ulong index, ReadOnlySpan<byte> block, ReadOnlySpan<byte> hmacKey)
    {
        var key = BlockKey(index, hmacKey);
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        CryptographicOperations.ZeroMemory(key);
        Span<byte> prefix = stackalloc byte[12];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, index);
        BinaryPrimitives.WriteInt32LittleEndian(prefix[8..], block.Length);
        hmac.AppendData(prefix);
        hmac.AppendData(block);
        return hmac.GetHashAndReset();
    }
}
