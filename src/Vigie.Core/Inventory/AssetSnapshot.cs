namespace Vigie.Core.Inventory;

/// <summary>
/// What one report (agent inventory, agent SNMP result, or Vigie's own SNMP poll) says about one asset, in
/// the shape the asset store keeps. <c>Tracked</c> holds the hardware facts whose changes go to the history;
/// <c>Software</c> is null when the report says nothing about installed software (it is then left as it was).
/// </summary>
public sealed record AssetSnapshot(
    string Key,
    string Source,
    string Kind,
    string Name,
    string? Tag,
    string? OsName,
    string? OsVersion,
    string? OsFullName,
    string? Kernel,
    string? Architecture,
    string? Uuid,
    string? Serial,
    string? Manufacturer,
    string? Model,
    string? Firmware,
    string? IpAddress,
    IReadOnlyList<string> Macs,
    object Details,
    IReadOnlyList<SoftwareInfo>? Software,
    IReadOnlyDictionary<string, string?> Tracked)
{
    public const string Computer = "computer";
    public const string Network = "network";

    public static AssetSnapshot FromInventory(InventoryReport report, string source)
    {
        var h = report.Hardware;
        var macs = report.Networks.Where(n => !n.Virtual).Select(n => n.Mac).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        var tracked = new Dictionary<string, string?>
        {
            ["os"] = h.OsFullName ?? h.OsName,
            ["os_version"] = h.OsVersion,
            ["kernel"] = h.Kernel,
            ["architecture"] = h.Architecture,
            ["uuid"] = h.Uuid,
            ["serial"] = h.Serial,
            ["manufacturer"] = h.Manufacturer,
            ["model"] = h.Model,
            ["bios"] = Join(h.BiosVendor, h.BiosVersion, h.BiosDate),
            ["memory_mb"] = h.MemoryMb?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["cpu"] = string.Join(" | ", report.Cpus.Select(c => Join(c.Name, c.Cores?.ToString(System.Globalization.CultureInfo.InvariantCulture) + " cores"))),
            ["disks"] = string.Join(" | ", report.Storages.Select(s => Join(s.Name, s.Model, s.SizeMb?.ToString(System.Globalization.CultureInfo.InvariantCulture) + " MB")).Order(StringComparer.Ordinal)),
            ["macs"] = string.Join(' ', macs),
            ["ip_address"] = h.IpAddress,
        };
        var details = new
        {
            hardware = h,
            cpus = report.Cpus,
            memories = report.Memories,
            storages = report.Storages,
            drives = report.Drives,
            networks = report.Networks,
        };
        return new AssetSnapshot(report.DeviceId, source, Computer, h.Name, report.Tag, h.OsName, h.OsVersion, h.OsFullName, h.Kernel,
            h.Architecture, h.Uuid, h.Serial, h.Manufacturer, h.Model, h.BiosVersion, h.IpAddress, macs, details, report.Software, tracked);
    }

    internal static string? Join(params string?[] parts)
    {
        var present = parts.Where(p => !string.IsNullOrWhiteSpace(p)).ToList();
        return present.Count == 0 ? null : string.Join(' ', present);
    }
}
