using System.Text.Json;
using Dapper;
using Vigie.Core.Storage;

namespace Vigie.Core.Inventory.Assets;

internal sealed class AssetSoftwareReader : IAssetSoftwareReader
{
    private readonly IDbConnectionFactory _connections;

    public AssetSoftwareReader(IDbConnectionFactory connections) => _connections = connections;

    public async Task<AssetSoftwareSet?> GetAsync(Guid assetId, CancellationToken cancellationToken)
    {
        await using var c = await _connections.OpenAsync(cancellationToken);
        var asset = await c.QueryFirstOrDefaultAsync<AssetRow>(new CommandDefinition(
            $"SELECT {AssetRow.Columns} FROM inventory_assets WHERE id = @Id", new { Id = assetId }, cancellationToken: cancellationToken));
        if (asset is null)
        {
            return null;
        }
        var software = (await c.QueryAsync<SoftwareRow>(new CommandDefinition(
            """
            SELECT c.id AS software_id, c.name, c.version, c.publisher, c.architecture, c.package_name, c.source
            FROM inventory_asset_software s JOIN inventory_software c ON c.id = s.software_id WHERE s.asset_id = @Id
            """, new { Id = assetId }, cancellationToken: cancellationToken)))
            .Select(s => s.ToItem()).ToList();
        return new AssetSoftwareSet(asset.Id, asset.Name, asset.Kind, asset.OsName, asset.OsVersion, asset.Firmware, software);
    }

    public async Task<bool> ExistsAsync(Guid assetId, CancellationToken cancellationToken)
    {
        await using var c = await _connections.OpenAsync(cancellationToken);
        return await c.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM inventory_assets WHERE id = @Id", new { Id = assetId }, cancellationToken: cancellationToken)) > 0;
    }

    public async Task<(int Inventoried, int NotSeen)> ActivityAsync(DateTimeOffset since, DateTimeOffset notSeenBefore, CancellationToken cancellationToken)
    {
        await using var c = await _connections.OpenAsync(cancellationToken);
        var inventoried = await c.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM inventory_assets WHERE last_inventory >= @Since", new { Since = since }, cancellationToken: cancellationToken));
        var notSeen = await c.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM inventory_assets WHERE last_seen < @Before", new { Before = notSeenBefore }, cancellationToken: cancellationToken));
        return (inventoried, notSeen);
    }

    public async Task<IReadOnlyList<AssetHeader>> AssetsAsync(CancellationToken cancellationToken)
    {
        await using var c = await _connections.OpenAsync(cancellationToken);
        return (await c.QueryAsync<AssetRow>(new CommandDefinition($"SELECT {AssetRow.Columns} FROM inventory_assets", cancellationToken: cancellationToken)))
            .Select(a => new AssetHeader(a.Id, a.Name, a.Kind, a.OsName, a.OsVersion, a.Firmware)).ToList();
    }

    public async Task<IReadOnlyList<AssetSoftwareItem>> CatalogueAsync(CancellationToken cancellationToken)
    {
        await using var c = await _connections.OpenAsync(cancellationToken);
        return (await c.QueryAsync<SoftwareRow>(new CommandDefinition(
            "SELECT id AS software_id, name, version, publisher, architecture, package_name, source FROM inventory_software", cancellationToken: cancellationToken)))
            .Select(s => s.ToItem()).ToList();
    }

    public async Task<IReadOnlyList<(Guid AssetId, long CatalogueId)>> InstallationsAsync(IReadOnlyCollection<long> catalogueIds,
        CancellationToken cancellationToken)
    {
        if (catalogueIds.Count == 0)
        {
            return [];
        }
        await using var c = await _connections.OpenAsync(cancellationToken);
        // One scan of the links whatever the number of ids: a JSON array (SQLite) or an array parameter (PostgreSQL).
        var sql = _connections.Dialect.Provider == DatabaseProvider.Postgres
            ? "SELECT asset_id, software_id FROM inventory_asset_software WHERE software_id = ANY(@Ids)"
            : "SELECT asset_id, software_id FROM inventory_asset_software WHERE software_id IN (SELECT value FROM json_each(@Ids))";
        object ids = _connections.Dialect.Provider == DatabaseProvider.Postgres ? catalogueIds.ToArray() : JsonSerializer.Serialize(catalogueIds);
        return (await c.QueryAsync<(Guid, long)>(new CommandDefinition(sql, new { Ids = ids }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<IReadOnlyList<Guid>> AssetIdsAsync(CancellationToken cancellationToken)
    {
        await using var c = await _connections.OpenAsync(cancellationToken);
        return (await c.QueryAsync<Guid>(new CommandDefinition("SELECT id FROM inventory_assets ORDER BY id", cancellationToken: cancellationToken))).ToList();
    }
}
