using System.ComponentModel.DataAnnotations;

namespace Vigie.Core.Inventory;

/// <summary>Agent endpoint, asset and SNMP polling settings. Bound from the <c>Inventory</c> section.</summary>
public sealed class InventoryOptions
{
    public const string Section = "Inventory";

    /// <summary>Extra path the agent endpoint answers on, besides <c>/ocsinventory</c> (FusionInventory posts to exactly the URL it is given).</summary>
    public string? AgentPath { get; set; } = "/";

    /// <summary>Hours between agent contacts, sent in the PROLOG reply.</summary>
    [Range(1, 720)] public int PrologFrequencyHours { get; set; } = 24;

    /// <summary>Largest agent request body accepted as sent (compressed).</summary>
    [Range(1024, 1_073_741_824)] public long MaxBodyBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Largest agent document once decompressed (zip-bomb guard).</summary>
    [Range(1024, 1_073_741_824)] public long MaxDecompressedBytes { get; set; } = 100 * 1024 * 1024;

    /// <summary>When set with <see cref="AgentPassword"/>, agents must authenticate with HTTP Basic.</summary>
    public string? AgentUsername { get; set; }

    public string? AgentPassword { get; set; }

    /// <summary>The Basic realm; the OCS agent's <c>--realm</c> must equal it exactly.</summary>
    public string AgentRealm { get; set; } = "Vigie";

    /// <summary>Poll the configured SNMP devices in the background.</summary>
    public bool SnmpPollingEnabled { get; set; } = true;

    [Range(1, 10080)] public int SnmpPollIntervalMinutes { get; set; } = 60;
    [Range(100, 60000)] public int SnmpTimeoutMilliseconds { get; set; } = 2000;
    [Range(0, 10)] public int SnmpRetries { get; set; } = 2;
    [Range(1, 100)] public int SnmpMaxRepetitions { get; set; } = 20;
}
