using System.Text.Json;

namespace Vigie.Core.Inventory.Assets;

/// <summary>An asset as listed.</summary>
public sealed record AssetSummary(
    Guid Id, string Name, string Kind, string Source, string? Tag, string? PendingTag, bool Blocked, string? OsName, string? OsVersion,
    string? OsFullName, string? Kernel, string? Architecture, string? Serial, string? Manufacturer, string? Model, string? Firmware,
    string? IpAddress, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, DateTimeOffset LastInventory)
{
    internal static AssetSummary From(AssetRow r) => new(r.Id, r.Name, r.Kind, r.Source, r.Tag, r.PendingTag, r.Blocked, r.OsName, r.OsVersion,
        r.OsFullName, r.Kernel, r.Architecture, r.Serial, r.Manufacturer, r.Model, r.Firmware, r.IpAddress, r.FirstSeen, r.LastSeen, r.LastInventory);
}

/// <summary>One asset with its hardware details, agents, addresses and software.</summary>
public sealed record AssetDetail(AssetSummary Asset, JsonElement Details, IReadOnlyList<string> Macs, IReadOnlyList<AgentView> Agents, IReadOnlyList<SoftwareView> Software);

public sealed record AgentView(string DeviceId, string Agent, DateTimeOffset FirstSeen, DateTimeOffset LastSeen);

public sealed record SoftwareView
{
    public string Name { get; init; } = "";
    public string? Version { get; init; }
    public string? Publisher { get; init; }
    public string? Architecture { get; init; }
    public string? InstallDate { get; init; }
    public string? PackageName { get; init; }
    public string? Source { get; init; }
    public DateTimeOffset FirstSeen { get; init; }
}

/// <summary>One change in an asset's history.</summary>
public sealed record HistoryEntry(DateTimeOffset OccurredAt, string Change, string Subject, string? OldValue, string? NewValue);

/// <summary>One installation of a program somewhere in the fleet.</summary>
public sealed record SoftwareInstallation(Guid AssetId, string AssetName, string Name, string? Version, string? Architecture, string? Publisher, string? PackageName);

/// <summary>Filters for listing assets.</summary>
public sealed record AssetQuery(
    int Limit = 100,
    string? Cursor = null,
    string? Search = null,
    string? Os = null,
    string? Tag = null,
    string? Kind = null,
    string? Software = null,
    string? Version = null,
    int? NotSeenDays = null);
