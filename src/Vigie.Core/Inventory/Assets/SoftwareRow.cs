namespace Vigie.Core.Inventory.Assets;

/// <summary>A row of <c>inventory_software</c>.</summary>
internal sealed class SoftwareRow
{
    public Guid Id { get; set; }
    public Guid AssetId { get; set; }
    public string Name { get; set; } = "";
    public string NameNormalized { get; set; } = "";
    public string? Version { get; set; }
    public string? Publisher { get; set; }
    public string? Architecture { get; set; }
    public string? InstallDate { get; set; }
    public string? PackageName { get; set; }
    public string? Source { get; set; }
    public DateTimeOffset FirstSeen { get; set; }

    public string Key => $"{NameNormalized}\u0001{Architecture ?? ""}";

    public string KeyWithVersion => $"{Key}\u0001{Version ?? ""}";

    public static string Normalize(string name) => name.Trim().ToLowerInvariant();
}
