namespace Vigie.Core.Inventory;

/// <summary>One installed program of an asset, for modules outside inventory (the vulnerability matcher).</summary>
/// <remarks><c>CatalogueId</c> is the same for every asset carrying the same program (name, version, publisher, package).</remarks>
public sealed record AssetSoftwareItem(string Name, string? Version, string? Publisher, string? Architecture, string? PackageName, string? Source, long CatalogueId);

/// <summary>An asset's identity and operating system, without its software.</summary>
public sealed record AssetHeader(Guid AssetId, string Name, string Kind, string? OsName, string? OsVersion, string? Firmware);

/// <summary>An asset's operating system, firmware and software, as other modules may read them.</summary>
public sealed record AssetSoftwareSet(Guid AssetId, string Name, string Kind, string? OsName, string? OsVersion, string? Firmware,
    IReadOnlyList<AssetSoftwareItem> Software);

/// <summary>The inventory module's read interface for other modules: they never read its tables.</summary>
public interface IAssetSoftwareReader
{
    Task<AssetSoftwareSet?> GetAsync(Guid assetId, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(Guid assetId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Guid>> AssetIdsAsync(CancellationToken cancellationToken);

    /// <summary>Every asset, without software (a fleet-wide evaluation walks the catalogue instead).</summary>
    Task<IReadOnlyList<AssetHeader>> AssetsAsync(CancellationToken cancellationToken);

    /// <summary>The software catalogue: each distinct program once, whatever the number of assets carrying it.</summary>
    Task<IReadOnlyList<AssetSoftwareItem>> CatalogueAsync(CancellationToken cancellationToken);

    /// <summary>Which assets carry which of the given catalogue entries.</summary>
    Task<IReadOnlyList<(Guid AssetId, long CatalogueId)>> InstallationsAsync(IReadOnlyCollection<long> catalogueIds, CancellationToken cancellationToken);

    /// <summary>Assets inventoried since a time, and assets not seen for a number of days (for reports).</summary>
    Task<(int Inventoried, int NotSeen)> ActivityAsync(DateTimeOffset since, DateTimeOffset notSeenBefore, CancellationToken cancellationToken);
}

/// <summary>Told, after commit, that an asset's inventory was stored (another module may re-evaluate it).</summary>
public interface IInventoryObserver
{
    void AssetInventoried(Guid assetId);
}
