using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Vigie.Core.Vault.Backup;

/// <summary>
/// Reads an export file: <see cref="UnlockAsync"/> checks the header and the passphrase, <see cref="ReadAsync"/> yields
/// the records (each frame authenticated before use), and once they are all read checks that the file ended with its
/// final frame and that the document matches the manifest, which is then in <see cref="Manifest"/>.
/// </summary>
internal sealed class ExportFileReader : IAsyncDisposable
{
    private readonly ExportHeader _header;
    private readonly ChunkedDecryptStream _frames;
    private readonly GZipStream _gzip;
    private readonly HashingStream _document;

    /// <param name="input">Positioned just after the header.</param>
    public ExportFileReader(Stream input, ExportHeader header, ExportKeys keys)
    {
        _header = header;
        _frames = new ChunkedDecryptStream(input, header, keys);
        _gzip = new GZipStream(_frames, CompressionMode.Decompress, leaveOpen: true);
        _document = new HashingStream(_gzip, writing: false);
    }

    /// <summary>The manifest, once <see cref="ReadAsync"/> has run to its end.</summary>
    public ExportManifest? Manifest { get; private set; }

    /// <summary>Reads the header and derives the keys from the passphrase (PBKDF2, deliberately slow).</summary>
    /// <exception cref="Common.ProblemException">400: not an export, unsupported, truncated, or wrong passphrase.</exception>
    public static async Task<(ExportHeader Header, ExportKeys Keys)> UnlockAsync(Stream input, ReadOnlyMemory<byte> passphrase, CancellationToken ct)
    {
        var header = await ExportHeader.ReadAsync(input, ct);
        var keys = ExportKeys.Derive(passphrase.Span, header.Salt, header.Iterations);
        try
        {
            header.Verify(keys);
        }
        catch
        {
            keys.Dispose();
            throw;
        }
        return (header, keys);
    }

    public async IAsyncEnumerable<ExportRecord> ReadAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var counts = new int[5];
        var records = JsonSerializer.DeserializeAsyncEnumerable<ExportRecord>(_document, topLevelValues: true, ExportFileWriter.Json, ct)
            .GetAsyncEnumerator(ct);
        await using (records)
        {
            var line = 0;
            while (true)
            {
                ExportRecord? record;
                try
                {
                    if (!await records.MoveNextAsync())
                    {
                        break;
                    }
                    line++;
                    record = records.Current ?? throw ExportProblems.Invalid($"Record {line} is null.");
                }
                catch (JsonException ex)
                {
                    throw ExportProblems.Invalid($"Record {line + 1} is not valid JSON of a known type (line {ex.LineNumber + 1}, {ex.Path}).");
                }
                catch (NotSupportedException)
                {
                    throw ExportProblems.Invalid($"Record {line + 1} has no known type.");
                }
                catch (InvalidDataException)
                {
                    throw ExportProblems.Corrupted("Its compressed document does not decompress.");
                }
                Count(counts, record);
                yield return record;
            }
        }
        await CheckEndAsync(counts, ct);
    }

    private static void Count(int[] counts, ExportRecord record)
    {
        switch (record)
        {
            case FolderRecord folder:
                counts[0]++;
                counts[1] += folder.ParentId is null ? 1 : 0;
                break;
            case GrantRecord:
                counts[2]++;
                break;
            case SecretRecord secret:
                counts[3]++;
                counts[4] += secret.Versions?.Count ?? 0;
                break;
        }
    }

    private async Task CheckEndAsync(int[] counts, CancellationToken ct)
    {
        if (_frames.Final is null)
        {
            // The compressed document ended early: whatever follows it before the final frame is not part of the format.
            var rest = new byte[4096];
            try
            {
                if (await _frames.ReadAsync(rest, ct) != 0)
                {
                    throw ExportProblems.Corrupted("There is data after its compressed document.");
                }
            }
            finally
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(rest);
            }
        }
        ExportManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ExportManifest>(_frames.Final, ExportFileWriter.Json);
        }
        catch (JsonException)
        {
            manifest = null;
        }
        if (manifest is null || manifest.Counts is null || manifest.Kdf is null)
        {
            throw ExportProblems.Corrupted("Its manifest is not readable.");
        }
        var actual = new ExportCounts(counts[0], counts[1], counts[2], counts[3], counts[4]);
        if (manifest.Format != ExportFormat.Name || manifest.FormatVersion != ExportFormat.Version || manifest.ChunkSize != _header.ChunkSize
            || manifest.Kdf.Iterations != _header.Iterations || manifest.Counts != actual || manifest.DocumentBytes != _document.Bytes
            || !string.Equals(manifest.DocumentSha256, _document.HashHex(), StringComparison.OrdinalIgnoreCase))
        {
            throw ExportProblems.Corrupted("Its content does not match its manifest (counts, length or SHA-256).");
        }
        Manifest = manifest;
    }

    public async ValueTask DisposeAsync()
    {
        await _document.DisposeAsync();
        await _gzip.DisposeAsync();
        await _frames.DisposeAsync();
    }
}
