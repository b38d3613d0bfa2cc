using System.Globalization;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vigie.Core.Audit;
using Vigie.Core.Common;
using Vigie.Core.Storage;

namespace Vigie.Core.Vulnerabilities.KnowledgeBase.Sync;

/// <summary>The outcome of synchronising one source; <c>RecordErrors</c> give the position of each malformed record skipped.</summary>
public sealed record SyncResult(string Source, string Status, int Files, int Records, int Imported, int Skipped, IReadOnlyList<string> RecordErrors,
    string? Error);

/// <summary>
/// Downloads the configured sources and imports them with <see cref="CveImporter"/> (so the same formats, merge rules
/// and audit apply). NVD API sources are paged and incremental: only records modified since the last success (NVD
/// allows 120-day windows; older gaps are read from the yearly feeds), and so are vulnerability-lookup listings
/// (<c>since</c> the day before the last success). Failures are recorded per source.
/// </summary>
public sealed partial class CveSync
{
    private const int MaxReportedErrors = 100;
    private static readonly TimeSpan NvdMaxWindow = TimeSpan.FromDays(120);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(10) };
    private static readonly string Version = typeof(CveSync).Assembly.GetName().Version?.ToString(2) ?? "1.0";
    private readonly CveImporter _importer;
    private readonly IDbConnectionFactory _connections;
    private readonly IAuditLog _audit;
    private readonly CveSyncOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<CveSync> _logger;

    public CveSync(CveImporter importer, IDbConnectionFactory connections, IAuditLog audit, IOptions<CveSyncOptions> options, TimeProvider clock,
        ILogger<CveSync> logger)
    {
        _importer = importer;
        _connections = connections;
        _audit = audit;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
    }

    public async Task<IReadOnlyList<SyncResult>> RunAsync(AuditActor actor, CancellationToken ct)
    {
        if (_options.Sources.Count == 0)
        {
            throw ProblemException.Conflict("no_sync_sources", "No CveSync:Sources are configured.");
        }
        var results = new List<SyncResult>();
        foreach (var source in _options.Sources)
        {
            results.Add(await RunSourceAsync(source, actor, ct));
        }
        return results;
    }

    private async Task<SyncResult> RunSourceAsync(CveSyncSource source, AuditActor actor, CancellationToken ct)
    {
        var started = _clock.GetUtcNow();
        DateTimeOffset? lastSuccess;
        await using (var c = await _connections.OpenAsync(ct))
        {
            lastSuccess = await c.QueryFirstOrDefaultAsync<DateTimeOffset?>(new CommandDefinition(
                "SELECT last_success_at FROM vuln_sync_state WHERE source = @Source", new { Source = source.Name }, cancellationToken: ct));
        }
        int files = 0, records = 0, imported = 0, skipped = 0;
        var recordErrors = new List<string>();
        string? error = null;
        void Count(ImportReport report, string position)
        {
            (files, records, imported, skipped) = (files + 1, records + report.Records, imported + report.Imported, skipped + report.Skipped);
            recordErrors.AddRange(report.Errors.Take(MaxReportedErrors - recordErrors.Count).Select(e => position + e));
        }
        try
        {
            if (source.Kind == "nvd-api")
            {
                var window = lastSuccess is { } since && started - since <= NvdMaxWindow
                    ? $"&lastModStartDate={Iso(since)}&lastModEndDate={Iso(started)}"
                    : "";
                for (var start = 0; ; start += _options.NvdPageSize)
                {
                    var separator = source.Url.Contains('?', StringComparison.Ordinal) ? "&" : "?";
                    var report = await DownloadAndImportAsync($"{source.Url}{separator}startIndex={start}&resultsPerPage={_options.NvdPageSize}{window}", source, actor, ct);
                    Count(report, $"startIndex {start}, ");
                    if (report.Records < _options.NvdPageSize)
                    {
                        break;
                    }
                }
            }
            else if (source.Kind == "vulnerability-lookup")
            {
                await SyncVulnerabilityLookupAsync(source, lastSuccess, started, actor, Count, ct);
            }
            else
            {
                Count(await DownloadAndImportAsync(source.Url, source, actor, ct), "");
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or ProblemException or IOException or UriFormatException)
        {
            // Messages name the URL and the failure; API keys travel in a header and never appear in them.
            error = ex is ProblemException problem ? problem.Title : ex.Message;
            LogSyncFailed(source.Name, error);
        }
        var status = error is null ? "ok" : "failed";
        await _connections.InTransactionAsync(async (c, t) =>
        {
            await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO vuln_sync_state (source, last_success_at, last_run_at, last_status, last_error) VALUES (@Source, @Success, @Now, @Status, @Error)
                ON CONFLICT (source) DO UPDATE SET last_success_at = COALESCE(excluded.last_success_at, vuln_sync_state.last_success_at),
                    last_run_at = excluded.last_run_at, last_status = excluded.last_status, last_error = excluded.last_error
                """, new { Source = source.Name, Success = error is null ? started : (DateTimeOffset?)null, Now = _clock.GetUtcNow(), Status = status, Error = error },
                t, cancellationToken: ct));
            await _audit.AppendAsync(c, t, new AuditEntry(actor, AuditActions.CveSourceSynced, $"cve-source:{source.Name}",
                status == "ok" ? AuditEntry.Success : AuditEntry.Failure,
                new Dictionary<string, object?> { ["files"] = files, ["imported"] = imported, ["skipped"] = skipped }), ct);
        }, ct);
        return new SyncResult(source.Name, status, files, records, imported, skipped, recordErrors, error);
    }

    /// <summary>Every request names Vigie (and the site's contact when configured): sources throttle anonymous clients first.</summary>
    private string UserAgent => $"Vigie/{Version} (CVE knowledge-base sync{(string.IsNullOrEmpty(_options.Contact) ? "" : "; +" + _options.Contact)})";

    private static string Iso(DateTimeOffset time) =>
        Uri.EscapeDataString(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));

    private async Task<ImportReport> DownloadAndImportAsync(string url, CveSyncSource source, AuditActor actor, CancellationToken ct, string? label = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        if (!string.IsNullOrEmpty(source.ApiKey))
        {
            request.Headers.TryAddWithoutValidation(source.Kind == "vulnerability-lookup" ? "X-API-KEY" : "apiKey", source.ApiKey);
        }
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{source.Name}: {url} answered HTTP {(int)response.StatusCode}");
        }
        await using var file = SecureFiles.CreatePrivateTemporary("vigie-cve-sync-");
        await response.Content.CopyToAsync(file, ct);
        file.Position = 0;
        return await _importer.ImportAsync(file, $"{source.Name}:{label ?? Path.GetFileName(new Uri(url).AbsolutePath)}", actor, null, ct);
    }

    [LoggerMessage(EventId = 4301, Level = LogLevel.Warning, Message = "Knowledge-base source {Source} failed: {Reason}")]
    private partial void LogSyncFailed(string source, string reason);
}
