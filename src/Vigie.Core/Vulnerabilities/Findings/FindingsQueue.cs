using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigie.Core.Audit;
using Vigie.Core.Inventory;

namespace Vigie.Core.Vulnerabilities.Findings;

/// <summary>
/// Re-evaluates assets in the background as their inventories arrive, so that agents are answered without waiting
/// for the matcher; an asset queued several times is evaluated once.
/// </summary>
public sealed partial class FindingsQueue : BackgroundService, IInventoryObserver
{
    private static readonly AuditActor Matcher = new(null, "matcher:vulnerabilities", "local");
    private readonly Channel<Guid> _queue = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HashSet<Guid> _pending = [];
    private readonly Lock _gate = new();
    private readonly FindingsEvaluator _evaluator;
    private readonly IAssetSoftwareReader _assets;
    private readonly ILogger<FindingsQueue> _logger;

    public FindingsQueue(FindingsEvaluator evaluator, IAssetSoftwareReader assets, ILogger<FindingsQueue> logger)
    {
        _evaluator = evaluator;
        _assets = assets;
        _logger = logger;
    }

    /// <summary>After a knowledge-base change: every asset is queued for re-evaluation (in the background).</summary>
    public async Task EnqueueAllAsync(CancellationToken ct)
    {
        foreach (var id in await _assets.AssetIdsAsync(ct))
        {
            AssetInventoried(id);
        }
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
        await foreach (var assetId in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            lock (_gate)
            {
                _pending.Remove(assetId);
            }
            try
            {
                await _evaluator.EvaluateAsync(assetId, Matcher, checkExists: false, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogEvaluationFailed(ex, assetId);
            }
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Error, Message = "Vulnerability evaluation of asset {AssetId} failed")]
    private partial void LogEvaluationFailed(Exception exception, Guid assetId);
}
