using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace Vigie.Core.Vault.Backup;

/// <summary>
/// Writes an export file: the header, then the records as gzip-compressed JSON Lines in data frames, then the manifest
/// in the final frame. Nothing is held whole in memory; each record's serialised bytes are zeroed once written.
/// </summary>
internal sealed class ExportFileWriter : IAsyncDisposable
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { AllowOutOfOrderMetadataProperties = true };
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private readonly ExportHeader _header;
    private readonly ChunkedEncryptStream _frames;
    private readonly GZipStream _gzip;
    private readonly HashingStream _document;
    private int _folders;
    private int _spaces;
    private int _grants;
    private int _secrets;
    private int _versions;
    private bool _completed;

    private ExportFileWriter(Stream output, ExportHeader header, ExportKeys keys)
    {
        _header = header;
        _frames = new ChunkedEncryptStream(output, header, keys);
        _gzip = new GZipStream(_frames, CompressionLevel.Optimal, leaveOpen: true);
        _document = new HashingStream(_gzip, writing: true);
    }

    /// <summary>Derives the keys (PBKDF2, deliberately slow) and writes the header.</summary>
    public static async Task<ExportFileWriter> CreateAsync(Stream output, ReadOnlyMemory<byte> passphrase, int iterations, int chunkSize,
        CancellationToken ct)
    {
        var header = ExportHeader.Create(iterations, chunkSize);
        using var keys = ExportKeys.Derive(passphrase.Span, header.Salt, iterations);
        return await CreateAsync(output, header, keys, ct);
    }

    internal static async Task<ExportFileWriter> CreateAsync(Stream output, ExportHeader header, ExportKeys keys, CancellationToken ct)
    {
        header.Seal(keys);
        await output.WriteAsync(header.Bytes.ToArray(), ct);
        return new ExportFileWriter(output, header, keys);
    }

    public async Task WriteAsync(ExportRecord record, CancellationToken ct)
    {
        switch (record)
        {
            case FolderRecord folder:
                _folders++;
                _spaces += folder.ParentId is null ? 1 : 0;
                break;
            case GrantRecord:
                _grants++;
                break;
            case SecretRecord secret:
                _secrets++;
                _versions += secret.Versions.Count;
                break;
        }
        var bytes = JsonSerializer.SerializeToUtf8Bytes(record, Json);
        try
        {
            await _document.WriteAsync(bytes, ct);
            await _document.WriteAsync(NewLine, ct);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Ends the document and writes the manifest as the final frame.</summary>
    public async Task<ExportManifest> CompleteAsync(DateTimeOffset createdAt, string serverVersion, CancellationToken ct)
    {
        await _gzip.DisposeAsync();
        var manifest = new ExportManifest(ExportFormat.Name, ExportFormat.Version, createdAt, serverVersion,
            new ExportCounts(_folders, _spaces, _grants, _secrets, _versions),
            new ExportKdf(ExportFormat.KdfName, _header.Iterations, Convert.ToBase64String(_header.Salt)), _header.ChunkSize, "gzip",
            _document.HashHex(), _document.Bytes);
        await _frames.CompleteAsync(JsonSerializer.SerializeToUtf8Bytes(manifest, Json), ct);
        _completed = true;
        return manifest;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_completed)
        {
            _frames.Abandon();
        }
        await _gzip.DisposeAsync();
        await _document.DisposeAsync();
        await _frames.DisposeAsync();
    }
}
