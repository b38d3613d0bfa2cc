using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigie.Core.Audit;
using Vigie.Core.Inventory;

namespace Vigie.Core.Vulnerabilities.Findings;

/// <summary>
/// Evaluates findings in the background, one job at a time: an asset whose inventory arrived (agents are answered
/// without waiting for the matcher; an asset queued several times is evaluated once), and the fleet after a
/// knowledge-base or translation-table change (changes queued while one runs are merged into the next run).
/// </summary>
public sealed partial class FindingsQueue : BackgroundService, IInventoryObserver
{
    private static readonly AuditActor Matcher = new(null, "matcher:vulnerabilities", "local");
    private readonly Channel<Guid> _queue = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HashSet<Guid> _pending = [];
    private readonly Lock _gate = new();
    private readonly FindingsEvaluator _evaluator;
    private readonly ILogger<FindingsQueue> _logger;
    private EvaluationScope? _fleetScope;
    private FindingsEvaluator.FleetResult? _lastFleetRun;
    private DateTimeOffset? _lastFleetRunAt;
    private readonly TimeProvider _clock;

    public FindingsQueue(FindingsEvaluator evaluator, TimeProvider clock, ILogger<FindingsQueue> logger)
    {
        _evaluator = evaluator;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>What waits and what ran last (for the status endpoint and for tests that wait for the background).</summary>
    public sealed record Status(int PendingAssets, bool FleetPending, bool Busy, DateTimeOffset? LastFleetRunAt, FindingsEvaluator.FleetResult? LastFleetRun);

    private bool _busy;

    public Status Current()
    {
        lock (_gate)
        {
            return new Status(_pending.Count, _fleetScope is not null, _busy, _lastFleetRunAt, _lastFleetRun);
        }
    }

    /// <summary>After a knowledge-base or translation change: the fleet is re-evaluated for the CVEs in <paramref name="scope"/>.</summary>
    public void EnqueueFleet(EvaluationScope scope)
    {
        lock (_gate)
        {
            var first = _fleetScope is null;
            _fleetScope = _fleetScope?.Union(scope) ?? scope;
            if (!first)
            {
                return;
            }
        }
        _queue.Writer.TryWrite(Guid.Empty);
    }

    public void AssetInventoried(Guid assetId)
    {
        lock (_gate)
        {
            if (!_pending.Add(assetId))
            {
                return;
            }
        }
        _queue.Writer.TryWrite(assetId);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Guid.Empty stands for "the fleet": asset ids are version-7 GUIDs, never empty.
        await foreach (var job in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            EvaluationScope? scope = null;
            lock (_gate)
            {
                if (job == Guid.Empty)
                {
                    (scope, _fleetScope) = (_fleetScope, null);
                }
                else
                {
                    _pending.Remove(job);
                }
                _busy = true;
            }
            try
            {
                if (scope is not null)
                {
                    var result = await _evaluator.EvaluateFleetAsync(scope, Matcher, stoppingToken);
                    lock (_gate)
                    {
                        (_lastFleetRun, _lastFleetRunAt) = (result, _clock.GetUtcNow());
                    }
                }
                else if (job != Guid.Empty)
                {
                    await _evaluator.EvaluateAsync(job, Matcher, checkExists: false, stoppingToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogEvaluationFailed(ex, job == Guid.Empty ? "the fleet" : job.ToString());
            }
            finally
            {
                lock (_gate)
                {
                    _busy = false;
                }
            }
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Error, Message = "Vulnerability evaluation of {Target} failed")]
    private partial void LogEvaluationFailed(Exception exception, string target);
}
