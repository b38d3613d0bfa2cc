using System.Net;
using System.Net.Sockets;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vigie.Core.Audit;
using Vigie.Core.Common;
using Vigie.Core.Inventory.Assets;
using Vigie.Core.Inventory.Snmp;
using Vigie.Core.Storage;

namespace Vigie.Core.Inventory.Polling;

/// <summary>Polls one configured device and stores the result like an agent inventory (same asset store, same history).</summary>
public sealed partial class SnmpPoller
{
    private readonly SnmpDevices _devices;
    private readonly IngestSnapshot _ingest;
    private readonly IDbConnectionFactory _connections;
    private readonly IAuditLog _audit;
    private readonly InventoryOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<SnmpPoller> _logger;

    public SnmpPoller(SnmpDevices devices, IngestSnapshot ingest, IDbConnectionFactory connections, IAuditLog audit, IOptions<InventoryOptions> options,
        TimeProvider clock, ILogger<SnmpPoller> logger)
    {
        _devices = devices;
        _ingest = ingest;
        _connections = connections;
        _audit = audit;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
    }

    public async Task<SnmpPollResult> PollAsync(Guid deviceId, AuditActor actor, CancellationToken ct)
    {
        var loaded = await _devices.LoadAsync(deviceId, ct) ?? throw ProblemException.NotFound("SNMP device");
        var (device, credentials) = loaded;
        Guid? assetId = null;
        string? error = null;
        try
        {
            var endpoint = await ResolveAsync(device.Address, device.Port, ct);
            var clientOptions = new SnmpClientOptions
            {
                Timeout = TimeSpan.FromMilliseconds(_options.SnmpTimeoutMilliseconds),
                Retries = _options.SnmpRetries,
                MaxRepetitions = _options.SnmpMaxRepetitions,
            };
            await using var client = new SnmpClient(endpoint, credentials.ToClientCredentials(), clientOptions, _clock);
            var snapshot = await SnmpCollector.CollectAsync(client, $"snmp:{device.Address}:{device.Port}", device.Address, ct);
            assetId = (await _ingest.IngestAsync(snapshot, actor, ct)).AssetId;
        }
        catch (Exception ex) when (ex is SnmpException or SocketException)
        {
            // SNMP exception messages name the host and the failure, never the community or the passwords.
            error = ex.Message;
            LogPollFailed(device.Address, device.Port, ex.Message);
        }
        var now = _clock.GetUtcNow();
        var status = error is null ? "ok" : "failed";
        await _connections.InTransactionAsync(async (c, t) =>
        {
            await c.ExecuteAsync(new CommandDefinition(
                "UPDATE inventory_snmp_devices SET last_poll_at = @Now, last_poll_status = @Status, last_error = @Error, asset_id = COALESCE(@AssetId, asset_id), updated_at = @Now WHERE id = @Id",
                new { Now = now, Status = status, Error = error, AssetId = assetId, Id = deviceId }, t, cancellationToken: ct));
            await _audit.AppendAsync(c, t, new AuditEntry(actor, AuditActions.SnmpDevicePolled, $"snmp-device:{deviceId}",
                error is null ? AuditEntry.Success : AuditEntry.Failure, new Dictionary<string, object?> { ["assetId"] = assetId, ["error"] = error }), ct);
        }, ct);
        return new SnmpPollResult(deviceId, status, assetId ?? device.AssetId, error, now);
    }

    private static async Task<IPEndPoint> ResolveAsync(string address, int port, CancellationToken ct)
    {
        if (IPAddress.TryParse(address, out var ip))
        {
            return new IPEndPoint(ip, port);
        }
        var addresses = await Dns.GetHostAddressesAsync(address, ct);
        return new IPEndPoint(addresses.First(), port);
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "SNMP poll of {Address}:{Port} failed: {Reason}")]
    private partial void LogPollFailed(string address, int port, string reason);
}
