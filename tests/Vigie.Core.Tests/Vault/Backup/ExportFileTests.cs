using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Vigie.Core.Common;
using Vigie.Core.Vault.Backup;
using Vigie.Core.Vault.Secrets;

namespace Vigie.Core.Tests.Vault.Backup;

/// <summary>Whole export files: records and manifest through the real key derivation, and what a reader refuses.</summary>
public class ExportFileTests
{
    private static readonly byte[] Passphrase = Encoding.UTF8.GetBytes("correct horse battery stäple");
    private static readonly DateTimeOffset When = new(2026, 3, 1, 12, 30, 15, 123, TimeSpan.Zero);

    [Fact]
    public async Task WrittenRecords_ReadBackIdentical_WithAMatchingManifest()
    {
        var records = Records(secrets: 300);
        using var file = new MemoryStream();
        ExportManifest written;
        await using (var writer = await ExportFileWriter.CreateAsync(file, Passphrase, ExportFormat.MinIterations, ExportFormat.MinChunkSize, default))
        {
            foreach (var record in records)
            {
                await writer.WriteAsync(record, default);
            }
            written = await writer.CompleteAsync(When, "test", default);
        }

        Assert.True(file.Length > 4 * ExportFormat.MinChunkSize, "several frames");
        Assert.Equal(new ExportCounts(3, 1, 1, 300, 600), written.Counts);
        Assert.Equal(ExportFormat.KdfName, written.Kdf.Algorithm);
        var document = string.Concat(records.Select(r => JsonSerializer.Serialize(r, ExportFileWriter.Json) + "\n"));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(document))), written.DocumentSha256);
        Assert.DoesNotContain("Pw-0-", Encoding.UTF8.GetString(file.ToArray()));

        file.Position = 0;
        var (header, keys) = await ExportFileReader.UnlockAsync(file, Passphrase, default);
        using (keys)
        {
            await using var reader = new ExportFileReader(file, header, keys);
            var read = new List<ExportRecord>();
            await foreach (var record in reader.ReadAsync(default))
            {
                read.Add(record);
            }
            Assert.Equal(records.Select(r => JsonSerializer.Serialize(r, ExportFileWriter.Json)), read.Select(r => JsonSerializer.Serialize(r, ExportFileWriter.Json)));
            Assert.Equal(written, reader.Manifest! with { Counts = written.Counts, Kdf = written.Kdf });
            Assert.Equal(written.Counts, reader.Manifest!.Counts);
        }
    }

    [Fact]
    public async Task WrongPassphrase_RefusedBeforeAnyRecord()
    {
        var file = await ExportAsync(Records(secrets: 2));

        var refusal = await Assert.ThrowsAsync<ProblemException>(() =>
            ExportFileReader.UnlockAsync(new MemoryStream(file), Encoding.UTF8.GetBytes("correct horse battery staple"), default));

        Assert.Equal(400, refusal.Status);
        Assert.Equal("wrong_passphrase_or_corrupted", refusal.Code);
    }

    [Fact]
    public async Task DocumentNotMatchingItsManifest_Refused()
    {
        var records = Records(secrets: 3);
        var document = Encoding.UTF8.GetBytes(string.Concat(records.Select(r => JsonSerializer.Serialize(r, ExportFileWriter.Json) + "\n")));
        var right = new ExportManifest(ExportFormat.Name, ExportFormat.Version, When, "test", new ExportCounts(3, 1, 1, 3, 6),
            new ExportKdf(ExportFormat.KdfName, ExportFormat.MinIterations, ""), ExportFormat.MinChunkSize, "gzip",
            Convert.ToHexStringLower(SHA256.HashData(document)), document.Length);

        Assert.Null(await ReadCodeAsync(document, right));
        Assert.Equal("export_corrupted", await ReadCodeAsync(document, right with { DocumentSha256 = new string('0', 64) }));
        Assert.Equal("export_corrupted", await ReadCodeAsync(document, right with { Counts = right.Counts with { Versions = 5 } }));
        Assert.Equal("export_corrupted", await ReadCodeAsync(document, right with { DocumentBytes = document.Length + 1 }));
        Assert.Equal("export_invalid", await ReadCodeAsync("{\"type\":\"spaceship\"}\n"u8.ToArray(), right));
        Assert.Equal("export_invalid", await ReadCodeAsync("not json\n"u8.ToArray(), right));
    }

    [Theory]
    [InlineData("eleven char", false)]
    [InlineData("twelve chars", true)]
    [InlineData("éééééééééééé", true)]
    [InlineData("ééééééééééé", false)]
    [InlineData("🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑", true)]
    public void Passphrase_AtLeastTwelveCharacters(string passphrase, bool acceptable)
    {
        Assert.Equal(acceptable, ExportPassphrase.IsAcceptable(Encoding.UTF8.GetBytes(passphrase)));
        if (!acceptable)
        {
            Assert.Equal("validation_failed", Assert.Throws<ProblemException>(() => ExportPassphrase.Check(Encoding.UTF8.GetBytes(passphrase))).Code);
        }
    }

    [Fact]
    public void Passphrase_LongerThanOneKibibyte_Refused() => Assert.False(ExportPassphrase.IsAcceptable(new byte[1025].Select(_ => (byte)'a').ToArray()));

    /// <summary>A file whose frames are right but whose document or manifest is the one given.</summary>
    private static async Task<string?> ReadCodeAsync(byte[] document, ExportManifest manifest)
    {
        using var keys = ChunkedFormatTests.NewKeys();
        var header = ExportHeader.Create(ExportFormat.MinIterations, ExportFormat.MinChunkSize);
        header.Seal(keys);
        using var file = new MemoryStream();
        file.Write(header.Bytes);
        await using (var frames = new ChunkedEncryptStream(file, header, keys))
        {
            await using (var gzip = new GZipStream(frames, CompressionLevel.Fastest, leaveOpen: true))
            {
                await gzip.WriteAsync(document);
            }
            await frames.CompleteAsync(JsonSerializer.SerializeToUtf8Bytes(manifest, ExportFileWriter.Json), default);
        }
        file.Position = ExportHeader.Length;
        try
        {
            await using var reader = new ExportFileReader(file, header, keys);
            await foreach (var _ in reader.ReadAsync(default))
            {
            }
            return null;
        }
        catch (ProblemException refusal)
        {
            return refusal.Code;
        }
    }

    private static async Task<byte[]> ExportAsync(IEnumerable<ExportRecord> records)
    {
        using var file = new MemoryStream();
        await using (var writer = await ExportFileWriter.CreateAsync(file, Passphrase, ExportFormat.MinIterations, ExportFormat.DefaultChunkSize, default))
        {
            foreach (var record in records)
            {
                await writer.WriteAsync(record, default);
            }
            await writer.CompleteAsync(When, "test", default);
        }
        return file.ToArray();
    }

    private static List<ExportRecord> Records(int secrets)
    {
        var space = Guid.CreateVersion7();
        var folder = Guid.CreateVersion7();
        var records = new List<ExportRecord>
        {
            new FolderRecord(space, null, space, "Infra", false, "{\"mode\":\"passphrase\"}", When, When),
            new FolderRecord(folder, space, space, "Linux ✓", true, null, When, When.AddDays(1)),
            new FolderRecord(Guid.CreateVersion7(), folder, space, "Web", false, null, When, When),
            new GrantRecord(Guid.CreateVersion7(), space, "group", Guid.CreateVersion7(), "ops", "read", When.AddDays(30), "admin", When),
        };
        for (var i = 0; i < secrets; i++)
        {
            records.Add(new SecretRecord(Guid.CreateVersion7(), folder, i % 2 == 0 ? "login" : "note", $"Entry {i}", "https://example.test", ["prod", "sql"], 2,
                When, When, null,
            [
                new VersionRecord(1, When, "admin", "root", $"Pw-0-{i}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(16))}", null, []),
                new VersionRecord(2, When.AddHours(1), "alice", "root", $"Pw-1-{i}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(16))}",
                    "line 1\nline 2 \"quoted\"", [new CustomField("port", "22", false), new CustomField("recovery key", "R3c0v€ry", true)]),
            ]));
        }
        return records;
    }
}
