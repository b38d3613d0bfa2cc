using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vigie.Core.Audit;
using Vigie.Core.Hosting;

namespace Vigie.Core.Inventory.Polling;

/// <summary>Polls every enabled device whose last poll is older than the interval; one failure never stops the others.</summary>
public sealed partial class SnmpPollingService : RecurringService
{
    private static readonly AuditActor Scheduler = new(null, "scheduler:snmp", "local");
    private readonly SnmpDevices _devices;
    private readonly SnmpPoller _poller;
    private readonly InventoryOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<SnmpPollingService> _logger;

    public SnmpPollingService(SnmpDevices devices, SnmpPoller poller, IOptions<InventoryOptions> options, TimeProvider clock, ILogger<SnmpPollingService> logger)
        : base(clock)
    {
        _devices = devices;
        _poller = poller;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
    }

    protected override bool Enabled => _options.SnmpPollingEnabled;

    protected override TimeSpan Period => TimeSpan.FromMinutes(1);

    protected override Task RunRoundAsync(CancellationToken ct) => RunOnceAsync(ct);

    protected override void LogRoundFailed(Exception exception) => LogPollingRoundFailed(exception);

    internal async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var due = await _devices.DueAsync(_clock.GetUtcNow().AddMinutes(-_options.SnmpPollIntervalMinutes), ct);
        foreach (var id in due)
        {
            try
            {
                await _poller.PollAsync(id, Scheduler, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogDeviceFailed(ex, id);
            }
        }
        return due.Count;
    }

    [LoggerMessage(EventId = 3102, Level = LogLevel.Error, Message = "SNMP polling round failed")]
    private partial void LogPollingRoundFailed(Exception exception);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Error, Message = "SNMP poll of device {DeviceId} failed")]
    private partial void LogDeviceFailed(Exception exception, Guid deviceId);
}
