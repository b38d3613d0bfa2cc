using System.Text.RegularExpressions;
using System.Xml.Linq;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vigie.Core.Audit;
using Vigie.Core.Common;
using Vigie.Core.Inventory.Assets;
using Vigie.Core.Storage;

namespace Vigie.Core.Inventory.Agent;

/// <summary>
/// The OCS Inventory NG / FusionInventory agent protocol: PROLOG (SEND, or STOP for a blocked device),
/// INVENTORY (stored, with ACCOUNT_UPDATE when the server has a TAG to push), the agents' SNMP results, and
/// the messages that only need an acknowledgement. Replies follow the request's compression.
/// </summary>
public sealed partial class AgentProtocol
{
    private readonly IngestSnapshot _ingest;
    private readonly IDbConnectionFactory _connections;
    private readonly InventoryOptions _options;
    private readonly ILogger<AgentProtocol> _logger;

    public AgentProtocol(IngestSnapshot ingest, IDbConnectionFactory connections, IOptions<InventoryOptions> options, ILogger<AgentProtocol> logger)
    {
        _ingest = ingest;
        _connections = connections;
        _options = options.Value;
        _logger = logger;
    }

    public async Task<AgentReply> HandleAsync(byte[] body, string? userAgent, string source, CancellationToken ct)
    {
        if (body.Length == 0)
        {
            throw new ProblemException(400, "empty_body", "The agent message is empty.");
        }
        var encoding = AgentBody.Sniff(body);
        using var xml = AgentBody.Open(body, encoding, _options.MaxDecompressedBytes);
        var request = AgentXml.Parse(xml, _options.MaxDecompressedBytes);
        if (request.Name != "REQUEST")
        {
            throw new ProblemException(400, "not_an_agent_request", "The document's root element is not REQUEST.");
        }
        var deviceId = request.Value("DEVICEID");
        if (deviceId is null || deviceId.Length > 255 || !DeviceIdPattern().IsMatch(deviceId))
        {
            throw new ProblemException(400, "invalid_device_id", "DEVICEID must look like 'hostname-YYYY-MM-DD-HH-MM-SS'.");
        }
        var query = request.Value("QUERY")?.ToUpperInvariant();
        var content = request.Element("CONTENT");
        var actor = new AuditActor(null, $"agent:{deviceId}", source);
        var agent = AgentKind(userAgent);
        LogMessage(query ?? "(none)", deviceId, agent);
        switch (query)
        {
            case "PROLOG":
                var blocked = await IsBlockedAsync(deviceId, ct);
                return Xml(encoding, new XElement("REPLY",
                    new XElement("RESPONSE", blocked ? "STOP" : "SEND"),
                    new XElement("PROLOG_FREQ", _options.PrologFrequencyHours)));
            case "INVENTORY":
                if (content is null)
                {
                    throw new ProblemException(400, "missing_content", "An INVENTORY message needs a CONTENT element.");
                }
                var report = InventoryParser.Parse(deviceId, agent, content);
                var result = await _ingest.IngestAsync(AssetSnapshot.FromInventory(report, agent), actor, ct);
                var reply = result.TagToPush is null
                    ? new XElement("REPLY", new XElement("RESPONSE", "NO_ACCOUNT_UPDATE"))
                    : new XElement("REPLY", new XElement("RESPONSE", "ACCOUNT_UPDATE"),
                        new XElement("ACCOUNTINFO", new XElement("KEYNAME", "TAG"), new XElement("KEYVALUE", result.TagToPush)));
                return Xml(encoding, reply);
            case "SNMP":
                await IngestDevicesAsync(content is null ? [] : NetworkDeviceParser.FromOcsSnmp(content), actor, ct);
                return Empty();
            case "SNMPQUERY":
            case "NETDISCOVERY":
                await IngestDevicesAsync(content is null ? [] : NetworkDeviceParser.FromFusion(content, query == "NETDISCOVERY"), actor, ct);
                return Xml(encoding, new XElement("REPLY"));
            case "NOTIFY":
            case "DOWNLOAD":
                return Empty();
            default:
                throw new ProblemException(400, "unknown_query", "QUERY must be PROLOG, INVENTORY, SNMP, SNMPQUERY, NETDISCOVERY, NOTIFY or DOWNLOAD.");
        }
    }

    public static string AgentKind(string? userAgent) =>
        userAgent is null ? "agent"
        : userAgent.StartsWith("OCS-NG", StringComparison.OrdinalIgnoreCase) ? "ocs"
        : userAgent.StartsWith("FusionInventory", StringComparison.OrdinalIgnoreCase) ? "fusion"
        : userAgent.StartsWith("GLPI-Agent", StringComparison.OrdinalIgnoreCase) ? "glpi"
        : "agent";

    private async Task IngestDevicesAsync(IReadOnlyList<AssetSnapshot> devices, AuditActor actor, CancellationToken ct)
    {
        foreach (var device in devices)
        {
            await _ingest.IngestAsync(device, actor, ct);
        }
    }

    private async Task<bool> IsBlockedAsync(string deviceId, CancellationToken ct)
    {
        await using var c = await _connections.OpenAsync(ct);
        return await c.ExecuteScalarAsync<bool?>(new CommandDefinition(
            "SELECT a.blocked FROM inventory_agents g JOIN inventory_assets a ON a.id = g.asset_id WHERE g.device_id = @DeviceId",
            new { DeviceId = deviceId }, cancellationToken: ct)) ?? false;
    }

    private static AgentReply Xml(BodyEncoding encoding, XElement reply)
    {
        var text = "<?xml version='1.0' encoding='UTF-8'?>\n" + reply.ToString(SaveOptions.DisableFormatting) + "\n";
        return new AgentReply(200, AgentBody.Encode(text, encoding), AgentBody.ContentType(encoding));
    }

    private static AgentReply Empty() => new(200, [], null);

    [GeneratedRegex(@"^.+-\d{4}(-\d{2}){5}$")]
    private static partial Regex DeviceIdPattern();

    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Agent message {Query} from {DeviceId} ({Agent})")]
    private partial void LogMessage(string query, string deviceId, string agent);
}
