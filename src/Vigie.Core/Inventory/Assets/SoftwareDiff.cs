using System.Data.Common;
using System.Text.Json;
using Dapper;
using Vigie.Core.Common;
using Vigie.Core.Storage;

namespace Vigie.Core.Inventory.Assets;

/// <summary>
/// Applies a new software list to an asset: rows whose (name, architecture, version) disappear are removed,
/// new ones inserted, and a removal and an addition of the same (name, architecture) become one upgrade
/// (or downgrade) entry in the history.
/// </summary>
internal static class SoftwareDiff
{
    // One statement for the whole list: the rows travel as one JSON parameter and the database unpacks them,
    // instead of a thousand round trips per inventory.
    private const string InsertSqlite =
        """
        INSERT INTO inventory_software (id, asset_id, name, name_normalized, version, publisher, architecture, install_date, package_name, source, first_seen)
        SELECT json_extract(value, '$[0]'), @AssetId, json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'),
               json_extract(value, '$[4]'), json_extract(value, '$[5]'), json_extract(value, '$[6]'), json_extract(value, '$[7]'), json_extract(value, '$[8]'), @FirstSeen
        FROM json_each(@Rows)
        """;

    private const string InsertPostgres =
        """
        INSERT INTO inventory_software (id, asset_id, name, name_normalized, version, publisher, architecture, install_date, package_name, source, first_seen)
        SELECT (r->>0)::uuid, @AssetId, r->>1, r->>2, r->>3, r->>4, r->>5, r->>6, r->>7, r->>8, @FirstSeen
        FROM json_array_elements(CAST(@Rows AS json)) AS r
        """;

    public static async Task ApplyAsync(DbConnection c, DbTransaction t, SqlDialect dialect, Guid assetId, IReadOnlyList<SoftwareInfo> reported,
        DateTimeOffset now, List<(string Change, string Subject, string? Old, string? New)> history, bool firstInventory, TimeProvider clock,
        CancellationToken ct)
    {
        var current = firstInventory ? [] : (await c.QueryAsync<SoftwareRow>(new CommandDefinition(
            "SELECT id, name, name_normalized, version, architecture FROM inventory_software WHERE asset_id = @Id",
            new { Id = assetId }, t, cancellationToken: ct))).ToList();
        var incoming = reported
            .Select(s => new SoftwareRow
            {
                Id = Ids.New(clock),
                AssetId = assetId,
                Name = Cut(s.Name, 300)!,
                NameNormalized = SoftwareRow.Normalize(Cut(s.Name, 300)!),
                Version = Cut(s.Version, 200),
                Publisher = Cut(s.Publisher, 300),
                Architecture = Cut(s.Architecture, 50),
                InstallDate = Cut(s.InstallDate, 50),
                PackageName = Cut(s.PackageName, 300),
                Source = Cut(s.Source, 50),
                FirstSeen = now,
            })
            .GroupBy(s => s.KeyWithVersion).Select(g => g.First())
            .ToList();

        var currentKeys = current.ToLookup(s => s.KeyWithVersion);
        var incomingKeys = incoming.Select(s => s.KeyWithVersion).ToHashSet(StringComparer.Ordinal);
        var removed = current.Where(s => !incomingKeys.Contains(s.KeyWithVersion)).ToList();
        var added = incoming.Where(s => !currentKeys.Contains(s.KeyWithVersion)).ToList();

        if (removed.Count > 0)
        {
            await c.ExecuteAsync(new CommandDefinition($"DELETE FROM inventory_software WHERE {dialect.InList("id", "@Ids")}",
                new { Ids = removed.Select(r => r.Id).ToArray() }, t, cancellationToken: ct));
        }
        if (added.Count > 0)
        {
            // Microsoft.Data.Sqlite writes Guid parameters as upper-case text: ids built here must look the same.
            var rows = JsonSerializer.Serialize(added.Select(a => new string?[]
            {
                dialect.Provider == DatabaseProvider.Sqlite ? a.Id.ToString("D").ToUpperInvariant() : a.Id.ToString("D"),
                a.Name, a.NameNormalized, a.Version, a.Publisher, a.Architecture, a.InstallDate, a.PackageName, a.Source,
            }));
            await c.ExecuteAsync(new CommandDefinition(dialect.Provider == DatabaseProvider.Postgres ? InsertPostgres : InsertSqlite,
                new { AssetId = assetId, FirstSeen = now, Rows = rows }, t, cancellationToken: ct));
        }
        if (firstInventory)
        {
            return;
        }
        var removedByKey = removed.ToLookup(r => r.Key);
        var addedByKey = added.ToLookup(a => a.Key);
        foreach (var group in addedByKey)
        {
            var gone = removedByKey[group.Key].ToList();
            if (gone.Count == 1 && group.Count() == 1)
            {
                var (old, now2) = (gone[0].Version, group.First().Version);
                var change = TolerantVersion.Compare(now2, old) >= 0 ? "software_upgraded" : "software_downgraded";
                history.Add((change, group.First().Name, old, now2));
            }
            else
            {
                history.AddRange(group.Select(a => ("software_added", a.Name, (string?)null, a.Version)));
            }
        }
        foreach (var group in removedByKey.Where(g => !addedByKey.Contains(g.Key) || addedByKey[g.Key].Count() != 1 || g.Count() != 1))
        {
            history.AddRange(group.Select(r => ("software_removed", r.Name, r.Version, (string?)null)));
        }
    }

    private static string? Cut(string? value, int max) => value is not null && value.Length > max ? value[..max] : value;
}
