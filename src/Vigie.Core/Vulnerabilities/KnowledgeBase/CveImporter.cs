using System.Data.Common;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Dapper;
using Vigie.Core.Audit;
using Vigie.Core.Common;
using Vigie.Core.Storage;

namespace Vigie.Core.Vulnerabilities.KnowledgeBase;

/// <summary>
/// Imports CVE data files (gzip or plain): NVD CVE API 2.0 pages and yearly feeds, Anchore's NVD configuration
/// overrides (JSONL), CVE JSON 5 records (JSON or JSONL, CISA vulnrichment included), CIRCL vulnerability-lookup
/// listing pages (<see cref="VulnerabilityLookupListing"/>), the CISA KEV catalogue (or its id snapshot), the Debian
/// security tracker JSON, Debian's DSA and DLA lists and the Debian binary-to-source package map (TSV). Records are
/// written in batches, each batch with its audit row; a malformed record is reported with its position and skipped;
/// importing the same file again changes nothing, so an interrupted import is resumed by running it again.
/// </summary>
public sealed class CveImporter
{
    private const int BatchSize = 500;
    private const int MaxReportedErrors = 100;
    private readonly IDbConnectionFactory _connections;
    private readonly IAuditLog _audit;
    private readonly Findings.FindingsQueue _reevaluation;
    private readonly TimeProvider _clock;

    public CveImporter(IDbConnectionFactory connections, IAuditLog audit, Findings.FindingsQueue reevaluation, TimeProvider clock)
    {
        _connections = connections;
        _audit = audit;
        _reevaluation = reevaluation;
        _clock = clock;
    }

    /// <summary>Imports one file; <paramref name="content"/> must be seekable (a file, or an upload spooled to disk).</summary>
    public async Task<ImportReport> ImportAsync(Stream content, string fileName, AuditActor actor, IProgress<int>? progress, CancellationToken ct)
    {
        var input = await OpenAsync(content, ct);
        var first = await FirstLineAsync(input, ct);
        var run = new Run(Ids.New(_clock), fileName, progress);
        if (first.Prefix.StartsWith(DebianSourcesHeader, StringComparison.Ordinal))
        {
            run.Format = "debian-binary-to-source";
            await ImportDebianSourcesAsync(input, run, actor, ct);
        }
        else if (DebianAdvisoryList.Format(first.Prefix) is { } advisoryList)
        {
            run.Format = advisoryList;
            await ImportDebianAdvisoriesAsync(first.Prefix, input, run, actor, ct);
        }
        else if (first.Complete && !first.MoreContent || !first.Complete)
        {
            // One JSON document (pretty-printed, or a single line).
            using var document = await ParseDocumentAsync(first.Prefix, input, ct);
            run.Format = await ImportDocumentAsync(document.RootElement, run, actor, ct);
        }
        else
        {
            run.Format = "jsonl";
            await ImportLinesAsync(first.Prefix, input, run, actor, ct);
        }
        await FlushAsync(run, actor, ct);
        if (run.Imported > 0)
        {
            // The findings follow the knowledge base: the fleet is re-evaluated in the background for the CVEs this file changed
            // (for every CVE when the package map changed: it moves packages between source packages).
            _reevaluation.EnqueueFleet(run.AllChanged ? Findings.EvaluationScope.All : new Findings.EvaluationScope(run.ChangedCves));
        }
        return new ImportReport(run.Id, fileName, run.Format, run.Records, run.Imported, run.Unchanged, run.Skipped, run.Errors);
    }

    private async Task<string> ImportDocumentAsync(JsonElement root, Run run, AuditActor actor, CancellationToken ct)
    {
        if (VulnerabilityLookupListing.Records(root) is { } listed)
        {
            for (var i = 0; i < listed.Count; i++)
            {
                var item = listed[i];
                await AddAsync(run, actor, $"record {i + 1}", () => Cve(VulnerabilityLookupListing.Read(item)), ct);
            }
            return VulnerabilityLookupListing.Format;
        }
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ProblemException(400, "unknown_cve_format", "The file is not a JSON object of a known CVE format.");
        }
        if (root.TryGetProperty("vulnerabilities", out var items) && items.ValueKind == JsonValueKind.Array)
        {
            var kev = root.TryGetProperty("catalogVersion", out _) || items.EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } f && f.TryGetProperty("cveID", out _);
            var index = 0;
            foreach (var item in items.EnumerateArray())
            {
                index++;
                if (kev)
                {
                    await AddAsync(run, actor, $"item {index}", () => Kev(item.TryGetProperty("cveID", out var cveId) ? cveId.GetString() : null, item), ct);
                }
                else
                {
                    await AddAsync(run, actor, $"item {index}",
                        () => Cve(CveParsers.FromNvd(item.TryGetProperty("cve", out var cve) ? cve : throw new FormatException("the 'cve' member is missing"))), ct);
                }
            }
            return kev ? "cisa-kev" : "nvd-api-2.0";
        }
        if (root.TryGetProperty("dataType", out var type) && type.GetString() == "CVE_RECORD")
        {
            await AddAsync(run, actor, "record 1", () => Cve(CveParsers.FromCve5(root)), ct);
            return "cve5";
        }
        var firstProperty = root.EnumerateObject().FirstOrDefault();
        if (firstProperty.Value.ValueKind == JsonValueKind.Object && firstProperty.Name.StartsWith("CVE-", StringComparison.Ordinal))
        {
            foreach (var entry in root.EnumerateObject())
            {
                await AddAsync(run, actor, entry.Name, () => Kev(entry.Name, entry.Value), ct);
            }
            return "cisa-kev-snapshot";
        }
        if (firstProperty.Value.ValueKind == JsonValueKind.Object)
        {
            foreach (var package in root.EnumerateObject())
            {
                foreach (var cve in package.Value.EnumerateObject())
                {
                    await AddAsync(run, actor, $"{package.Name}/{cve.Name}", () => DebianWrites.Tracker(package.Name, cve.Name, cve.Value), ct);
                }
            }
            return "debian-tracker";
        }
        throw new ProblemException(400, "unknown_cve_format", "The file is not a JSON object of a known CVE format.");
    }

    private async Task ImportLinesAsync(string firstLine, TextReader input, Run run, AuditActor actor, CancellationToken ct)
    {
        var number = 0;
        for (var line = firstLine; line is not null; line = await input.ReadLineAsync(ct))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            var text = line;
            await AddAsync(run, actor, $"line {number}", () =>
            {
                using var document = JsonDocument.Parse(text);
                var root = document.RootElement;
                if (root.TryGetProperty("_annotation", out _))
                {
                    return Cve(CveParsers.FromNvdOverride(root));
                }
                if (root.TryGetProperty("dataType", out var type) && type.GetString() == "CVE_RECORD")
                {
                    return Cve(CveParsers.FromCve5(root));
                }
                if (root.TryGetProperty("payload", out var payload) && payload.TryGetProperty("cveMetadata", out _))
                {
                    return Cve(CveParsers.FromCve5(payload));
                }
                if (root.TryGetProperty("cve", out var nvd))
                {
                    return Cve(CveParsers.FromNvd(nvd));
                }
                throw new FormatException("not a CVE record of a known format");
            }, ct);
        }
    }

    private const string DebianSourcesHeader = "suite\tbinary\tbinary_version\tsource\tsource_version\tarchitecture";

    /// <summary>The binary-to-source map, one tab-separated line per binary package version.</summary>
    private async Task ImportDebianSourcesAsync(TextReader input, Run run, AuditActor actor, CancellationToken ct)
    {
        var number = 1;
        for (var line = await input.ReadLineAsync(ct); line is not null; line = await input.ReadLineAsync(ct))
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }
            var fields = line.Split('\t');
            await AddAsync(run, actor, $"line {number}", () =>
            {
                if (fields.Length != 6 || fields.Any(f => f.Length == 0 || f.Length > 200))
                {
                    throw new FormatException("expected 6 tab-separated, non-empty fields");
                }
                var row = new { Suite = fields[0], Binary = fields[1], BinaryVersion = fields[2], Source = fields[3], SourceVersion = fields[4], Architecture = fields[5] };
                return new PendingWrite(null, async (c, t, _, _, token) => await c.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO vuln_debian_sources (suite, binary_package, binary_version, source_package, source_version, architecture)
                    VALUES (@Suite, @Binary, @BinaryVersion, @Source, @SourceVersion, @Architecture)
                    ON CONFLICT (suite, binary_package, binary_version) DO UPDATE SET source_package = excluded.source_package,
                        source_version = excluded.source_version, architecture = excluded.architecture
                    WHERE vuln_debian_sources.source_package <> excluded.source_package OR vuln_debian_sources.source_version <> excluded.source_version
                    """, row, t, cancellationToken: token)) > 0);
            }, ct);
        }
    }

    /// <summary>
    /// A DSA or DLA list: one record per CVE of each advisory that has release lines (see <see cref="DebianAdvisoryList"/>); a
    /// malformed advisory is one skipped record, reported with the line at fault.
    /// </summary>
    private async Task ImportDebianAdvisoriesAsync(string firstLine, TextReader input, Run run, AuditActor actor, CancellationToken ct)
    {
        await foreach (var block in DebianAdvisoryList.ReadBlocksAsync(firstLine, input, ct))
        {
            if (!DebianAdvisoryList.TryParse(block, out var advisory, out var errorLine, out var error))
            {
                await AddAsync(run, actor, $"line {errorLine}", () => throw new FormatException(error), ct);
                continue;
            }
            foreach (var cve in advisory.Fixes.Count == 0 ? [] : advisory.Cves)
            {
                await AddAsync(run, actor, $"line {advisory.Line}", () => DebianWrites.Advisory(advisory, cve), ct);
            }
        }
    }

    private static PendingWrite Cve(CveRecord record) => new(record.Id, (c, t, d, now, ct) => CveStore.MergeAsync(c, t, d, record, now, ct));

    private static PendingWrite Kev(string? id, JsonElement entry)
    {
        if (id is null || !id.StartsWith("CVE-", StringComparison.Ordinal))
        {
            throw new FormatException($"'{id}' is not a CVE id");
        }
        var added = entry.TryGetProperty("dateAdded", out var date) ? date.GetString() : null;
        return new(id, (c, t, _, now, ct) => CveStore.MarkExploitedAsync(c, t, id, added, now, ct));
    }

    private async Task AddAsync(Run run, AuditActor actor, string position,
        Func<PendingWrite> parse, CancellationToken ct)
    {
        run.Records++;
        try
        {
            run.Pending.Add(parse());
        }
        catch (Exception ex) when (ex is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            run.Skipped++;
            if (run.Errors.Count < MaxReportedErrors)
            {
                run.Errors.Add($"{position}: {ex.Message}");
            }
        }
        if (run.Pending.Count >= BatchSize)
        {
            await FlushAsync(run, actor, ct);
        }
    }

    private async Task FlushAsync(Run run, AuditActor actor, CancellationToken ct)
    {
        if (run.Pending.Count == 0)
        {
            return;
        }
        var batch = run.Pending.ToList();
        run.Pending.Clear();
        var (imported, unchanged) = await _connections.InTransactionAsync(async (c, t) =>
        {
            var now = _clock.GetUtcNow();
            int written = 0, same = 0;
            foreach (var pending in batch)
            {
                if (await pending.Write(c, t, _connections.Dialect, now, ct))
                {
                    written++;
                    if (pending.CveId is null)
                    {
                        run.AllChanged = true;
                    }
                    else
                    {
                        run.ChangedCves.Add(pending.CveId);
                    }
                }
                else
                {
                    same++;
                }
            }
            if (written > 0)
            {
                // Matchers cache the knowledge base; the moved generation tells them (here and on other servers) to reload it.
                await c.ExecuteAsync(new CommandDefinition("UPDATE vuln_knowledge_state SET generation = generation + 1 WHERE id = 1", transaction: t,
                    cancellationToken: ct));
            }
            await _audit.AppendAsync(c, t, new AuditEntry(actor, AuditActions.CveBatchImported, $"cve-import:{run.Id}", AuditEntry.Success,
                new Dictionary<string, object?> { ["file"] = run.FileName, ["format"] = run.Format, ["written"] = written, ["unchanged"] = same }), ct);
            return (written, same);
        }, ct);
        run.Imported += imported;
        run.Unchanged += unchanged;
        run.Progress?.Report(run.Records);
    }

    /// <summary>A text reader over the content, gunzipped when it starts with the gzip magic bytes. The stream must be seekable.</summary>
    private static async Task<TextReader> OpenAsync(Stream content, CancellationToken ct)
    {
        var start = content.Position;
        var magic = new byte[2];
        var read = await content.ReadAtLeastAsync(magic, 2, throwOnEndOfStream: false, ct);
        content.Position = start;
        Stream decoded = read == 2 && magic[0] == 0x1F && magic[1] == 0x8B ? new GZipStream(content, CompressionMode.Decompress) : content;
        return new StreamReader(decoded, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 65536);
    }

    private static async Task<(string Prefix, bool Complete, bool MoreContent)> FirstLineAsync(TextReader input, CancellationToken ct)
    {
        var line = await input.ReadLineAsync(ct) ?? throw new ProblemException(400, "empty_file", "The file is empty.");
        try
        {
            using var _ = JsonDocument.Parse(line);
            return (line, true, input.Peek() >= 0);
        }
        catch (JsonException)
        {
            return (line, false, true);
        }
    }

    private static async Task<JsonDocument> ParseDocumentAsync(string firstLine, TextReader rest, CancellationToken ct)
    {
        var text = firstLine + "\n" + await rest.ReadToEndAsync(ct);
        try
        {
            return JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException ex)
        {
            throw new ProblemException(400, "malformed_json", "The file is not valid JSON.", $"line {ex.LineNumber + 1}");
        }
    }

    private sealed class Run(Guid id, string fileName, IProgress<int>? progress)
    {
        public Guid Id { get; } = id;
        public string FileName { get; } = fileName;
        public IProgress<int>? Progress { get; } = progress;
        public string Format { get; set; } = "unknown";
        public int Records { get; set; }
        public int Imported { get; set; }
        public int Unchanged { get; set; }
        public int Skipped { get; set; }
        public List<string> Errors { get; } = [];
        public List<PendingWrite> Pending { get; } = [];
        public HashSet<string> ChangedCves { get; } = new(StringComparer.Ordinal);
        public bool AllChanged { get; set; }
    }
}
