namespace Vigie.Core.Inventory.Assets;

/// <summary>One program or package of an asset: its catalogue entry and, per asset, the install date.</summary>
internal sealed class SoftwareRow
{
    public long SoftwareId { get; set; }
    public string Name { get; set; } = "";
    public string NameNormalized { get; set; } = "";
    public string? Version { get; set; }
    public string? Publisher { get; set; }
    public string? Architecture { get; set; }
    public string? PackageName { get; set; }
    public string? Source { get; set; }
    public string? InstallDate { get; set; }

    public AssetSoftwareItem ToItem() => new(Name, Version, Publisher, Architecture, PackageName, Source, SoftwareId);

    private string? _identityKey;

    /// <summary>What makes two catalogue entries the same (computed once: it is looked up several times per row).</summary>
    public string IdentityKey => _identityKey ??= string.Join('\u001f', Name, Architecture, Version, Publisher, PackageName, Source);

    /// <summary>What makes two versions "the same program" for upgrade detection.</summary>
    public string ProgramKey => $"{NameNormalized}\u001f{Architecture}";

    public static string Normalize(string name) => name.Trim().ToLowerInvariant();

    public static SoftwareRow From(SoftwareInfo s)
    {
        var name = Cut(s.Name, 300)!;
        return new SoftwareRow
        {
            Name = name,
            NameNormalized = Normalize(name),
            Version = Cut(s.Version, 200),
            Publisher = Cut(s.Publisher, 300),
            Architecture = Cut(s.Architecture, 50),
            PackageName = Cut(s.PackageName, 300),
            Source = Cut(s.Source, 50),
            InstallDate = Cut(s.InstallDate, 50),
        };
    }

    private static string? Cut(string? value, int max) => value is not null && value.Length > max ? value[..max] : value;
}
