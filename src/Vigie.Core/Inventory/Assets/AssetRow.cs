namespace Vigie.Core.Inventory.Assets;

/// <summary>A row of <c>inventory_assets</c>.</summary>
internal sealed class AssetRow
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Source { get; set; } = "";
    public string? Tag { get; set; }
    public string? PendingTag { get; set; }
    public bool Blocked { get; set; }
    public string? OsName { get; set; }
    public string? OsVersion { get; set; }
    public string? OsFullName { get; set; }
    public string? Kernel { get; set; }
    public string? Architecture { get; set; }
    public string? HwUuid { get; set; }
    public string? Serial { get; set; }
    public string? Manufacturer { get; set; }
    public string? Model { get; set; }
    public string? Firmware { get; set; }
    public string? IpAddress { get; set; }
    public string Details { get; set; } = "{}";
    public string Tracked { get; set; } = "{}";
    public DateTimeOffset FirstSeen { get; set; }
    public DateTimeOffset LastSeen { get; set; }
    public DateTimeOffset LastInventory { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public const string Columns = "id, name, kind, source, tag, pending_tag, blocked, os_name, os_version, os_full_name, kernel, architecture, hw_uuid, serial, manufacturer, model, firmware, ip_address, details, tracked, first_seen, last_seen, last_inventory, updated_at";
}
