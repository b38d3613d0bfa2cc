using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vigie.Core.Audit;
using Vigie.Core.Hosting;
using Vigie.Core.Storage;

namespace Vigie.Core.Vulnerabilities.KnowledgeBase.Sync;

/// <summary>Runs the synchronisation every <c>CveSync:IntervalHours</c> when <c>CveSync:Enabled</c>.</summary>
public sealed partial class CveSyncService : RecurringService
{
    private static readonly AuditActor Scheduler = new(null, "scheduler:cve-sync", "local");
    private readonly CveSync _sync;
    private readonly IDbConnectionFactory _connections;
    private readonly CveSyncOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<CveSyncService> _logger;

    public CveSyncService(CveSync sync, IDbConnectionFactory connections, IOptions<CveSyncOptions> options, TimeProvider clock, ILogger<CveSyncService> logger)
        : base(clock)
    {
        _sync = sync;
        _connections = connections;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
    }

    protected override bool Enabled => _options.Enabled && _options.Sources.Count > 0;

    protected override TimeSpan Period => TimeSpan.FromMinutes(5);

    protected override Task RunRoundAsync(CancellationToken ct) => RunIfDueAsync(ct);

    protected override void LogRoundFailed(Exception exception) => LogSyncFailed(exception);

    internal async Task<bool> RunIfDueAsync(CancellationToken ct)
    {
        await using (var c = await _connections.OpenAsync(ct))
        {
            var last = await c.QueryFirstOrDefaultAsync<DateTimeOffset?>(new CommandDefinition(
                "SELECT MIN(last_run_at) FROM vuln_sync_state", cancellationToken: ct));
            var known = await c.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COUNT(*) FROM vuln_sync_state", cancellationToken: ct));
            if (known >= _options.Sources.Count && last is { } l && l.AddHours(_options.IntervalHours) > _clock.GetUtcNow())
            {
                return false;
            }
        }
        await _sync.RunAsync(Scheduler, ct);
        return true;
    }

    [LoggerMessage(EventId = 4302, Level = LogLevel.Error, Message = "Knowledge-base synchronisation failed")]
    private partial void LogSyncFailed(Exception exception);
}
