using System.Buffers.Binary;
using System.Security.Cryptography;
using Vigie.Core.Common;
using Vigie.Core.Vault.Backup;

namespace Vigie.Core.Tests.Vault.Backup;

/// <summary>The frames of the export format: what goes in comes out, and any change to the file is refused.</summary>
public class ChunkedFormatTests
{
    private const int Chunk = ExportFormat.MinChunkSize;
    private static readonly byte[] Manifest = "{\"manifest\":true}"u8.ToArray();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(Chunk - 1)]
    [InlineData(Chunk)]
    [InlineData(Chunk + 1)]
    [InlineData(3 * Chunk + 5)]
    public async Task RoundTrip_AnySize_SameDataThenFinal(int size)
    {
        using var keys = NewKeys();
        var data = RandomNumberGenerator.GetBytes(size);
        var file = await WriteAsync(data, keys);

        Assert.Equal(ExportHeader.Length + (size + Chunk - 1) / Chunk * (4 + 16) + size + 4 + Manifest.Length + 16, file.Length);
        var (read, final) = await ReadAsync(file, keys);
        Assert.Equal(data, read);
        Assert.Equal(Manifest, final);
        var (readSync, finalSync) = ReadSync(file, keys);
        Assert.Equal(data, readSync);
        Assert.Equal(Manifest, finalSync);
    }

    [Fact]
    public async Task EveryByteFlipped_Refused()
    {
        using var keys = NewKeys();
        var file = await WriteAsync(RandomNumberGenerator.GetBytes(2 * Chunk + 100), keys);
        var codes = new HashSet<string>();
        for (var i = 0; i < file.Length; i++)
        {
            var altered = (byte[])file.Clone();
            altered[i] ^= (byte)(1 << (i % 8));
            var refusal = await Assert.ThrowsAsync<ProblemException>(() => ReadAsync(altered, keys));
            Assert.Equal(400, refusal.Status);
            codes.Add(refusal.Code);
            if (i >= ExportHeader.Length)
            {
                Assert.Contains(refusal.Code, new[] { "export_corrupted", "export_truncated" });
            }
        }
        Assert.Contains("not_a_vault_export", codes);
        Assert.Contains("wrong_passphrase_or_corrupted", codes);
        Assert.Contains("export_corrupted", codes);
    }

    [Fact]
    public async Task EveryTruncation_RefusedAsTruncated()
    {
        using var keys = NewKeys();
        var file = await WriteAsync(RandomNumberGenerator.GetBytes(2 * Chunk + 100), keys);
        for (var length = 0; length < file.Length; length++)
        {
            var refusal = await Assert.ThrowsAsync<ProblemException>(() => ReadAsync(file[..length], keys));
            Assert.Equal("export_truncated", refusal.Code);
        }
    }

    [Fact]
    public async Task ReorderedDuplicatedOrDroppedFrames_Refused()
    {
        using var keys = NewKeys();
        var file = await WriteAsync(RandomNumberGenerator.GetBytes(3 * Chunk), keys);
        var header = file[..ExportHeader.Length];
        var frames = Split(file);
        Assert.Equal(4, frames.Count);

        Assert.Equal("export_corrupted", await CodeAsync(header, keys, frames[1], frames[0], frames[2], frames[3]));
        Assert.Equal("export_corrupted", await CodeAsync(header, keys, frames[0], frames[0], frames[1], frames[2], frames[3]));
        Assert.Equal("export_corrupted", await CodeAsync(header, keys, frames[0], frames[2], frames[3]));
        Assert.Equal("export_corrupted", await CodeAsync(header, keys, frames[0], frames[1], frames[3]));
        Assert.Equal("export_truncated", await CodeAsync(header, keys, frames[0], frames[1], frames[2]));
        Assert.Equal("export_corrupted", await CodeAsync(header, keys, frames[0], frames[1], frames[2], frames[3], frames[3]));

        // The final flag is authenticated: a data frame claimed as final (the rest dropped) does not open.
        var claimedFinal = (byte[])frames[2].Clone();
        claimedFinal[0] |= 0x80;
        Assert.Equal("export_corrupted", await CodeAsync(header, keys, frames[0], frames[1], claimedFinal));
    }

    [Fact]
    public async Task FrameFromAnotherExportUnderTheSameKeys_Refused()
    {
        using var keys = NewKeys();
        var data = RandomNumberGenerator.GetBytes(2 * Chunk);
        var first = await WriteAsync(data, keys);
        var second = await WriteAsync(data, keys);
        var a = Split(first);
        var b = Split(second);

        Assert.Equal("export_corrupted", await CodeAsync(first[..ExportHeader.Length], keys, a[0], b[1], a[2]));
        Assert.Equal("export_corrupted", await CodeAsync(first[..ExportHeader.Length], keys, a[0], a[1], b[2]));
    }

    [Fact]
    public async Task BytesAfterTheFinalFrame_Refused()
    {
        using var keys = NewKeys();
        var file = await WriteAsync(RandomNumberGenerator.GetBytes(100), keys);

        var refusal = await Assert.ThrowsAsync<ProblemException>(() => ReadAsync([.. file, 0], keys));
        Assert.Equal("export_corrupted", refusal.Code);
    }

    [Fact]
    public async Task WrongKeys_RefusedAtTheHeader()
    {
        using var keys = NewKeys();
        using var other = NewKeys();
        var file = await WriteAsync(RandomNumberGenerator.GetBytes(100), keys);

        var refusal = await Assert.ThrowsAsync<ProblemException>(() => ReadAsync(file, other));
        Assert.Equal("wrong_passphrase_or_corrupted", refusal.Code);
    }

    [Fact]
    public void Header_OtherMagicVersionOrParameters_Refused()
    {
        var header = ExportHeader.Create(ExportFormat.MinIterations, Chunk).Bytes.ToArray();
        Assert.Equal("VIGIE-VAULT-EXPORT"u8.ToArray(), header[..18]);

        Assert.Equal("not_a_vault_export", Parse(Altered(header, 0, (byte)'X')));
        Assert.Equal("not_a_vault_export", Parse("PK\u0003\u0004 a zip file, say"u8.ToArray()));
        Assert.Equal("unsupported_export", Parse(Altered(header, 18, 2)));
        Assert.Equal("unsupported_export", Parse(Altered(header, 19, 9)));
        var weak = (byte[])header.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(weak.AsSpan(20), ExportFormat.MinIterations - 1);
        Assert.Equal("unsupported_export", Parse(weak));
        var huge = (byte[])header.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(huge.AsSpan(56), ExportFormat.MaxChunkSize + 1);
        Assert.Equal("unsupported_export", Parse(huge));
        Assert.Equal("export_truncated", Parse(header[..50]));
        Assert.Equal("export_truncated", Parse([]));
    }

    private static string Parse(byte[] bytes)
    {
        var buffer = new byte[ExportHeader.Length];
        bytes.AsSpan(0, Math.Min(bytes.Length, buffer.Length)).CopyTo(buffer);
        return Assert.Throws<ProblemException>(() => ExportHeader.Parse(buffer, Math.Min(bytes.Length, buffer.Length))).Code;
    }

    private static byte[] Altered(byte[] bytes, int index, byte value)
    {
        var copy = (byte[])bytes.Clone();
        copy[index] = value;
        return copy;
    }

    internal static ExportKeys NewKeys() => ExportKeys.FromMaster(RandomNumberGenerator.GetBytes(32));

    private static async Task<byte[]> WriteAsync(byte[] data, ExportKeys keys)
    {
        var header = ExportHeader.Create(ExportFormat.MinIterations, Chunk);
        header.Seal(keys);
        using var output = new MemoryStream();
        output.Write(header.Bytes);
        await using (var frames = new ChunkedEncryptStream(output, header, keys))
        {
            // Uneven writes, sync and async, across chunk boundaries.
            var half = data.Length / 2;
            frames.Write(data.AsSpan(0, half));
            await frames.WriteAsync(data.AsMemory(half));
            await frames.CompleteAsync(Manifest, CancellationToken.None);
        }
        return output.ToArray();
    }

    private static async Task<(byte[] Data, byte[] Final)> ReadAsync(byte[] file, ExportKeys keys)
    {
        using var input = new MemoryStream(file);
        var header = await ExportHeader.ReadAsync(input, CancellationToken.None);
        header.Verify(keys);
        await using var frames = new ChunkedDecryptStream(input, header, keys);
        using var data = new MemoryStream();
        await frames.CopyToAsync(data, 1000);
        return (data.ToArray(), frames.Final!);
    }

    private static (byte[] Data, byte[] Final) ReadSync(byte[] file, ExportKeys keys)
    {
        var header = ExportHeader.Parse(file[..ExportHeader.Length], ExportHeader.Length);
        header.Verify(keys);
        using var frames = new ChunkedDecryptStream(new MemoryStream(file, ExportHeader.Length, file.Length - ExportHeader.Length), header, keys);
        using var data = new MemoryStream();
        frames.CopyTo(data, 777);
        return (data.ToArray(), frames.Final!);
    }

    /// <summary>The frames of a file, each with its length prefix and tag.</summary>
    private static List<byte[]> Split(byte[] file)
    {
        var frames = new List<byte[]>();
        for (var offset = ExportHeader.Length; offset < file.Length;)
        {
            var length = (int)(BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(offset)) & ~ExportFormat.FinalFlag) + 4 + 16;
            frames.Add(file[offset..(offset + length)]);
            offset += length;
        }
        return frames;
    }

    private static async Task<string> CodeAsync(byte[] header, ExportKeys keys, params byte[][] frames) =>
        (await Assert.ThrowsAsync<ProblemException>(() => ReadAsync([.. header, .. frames.SelectMany(f => f)], keys))).Code;
}
