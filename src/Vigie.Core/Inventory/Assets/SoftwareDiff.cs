using System.Data.Common;
using System.Text.Json;
using Dapper;
using Vigie.Core.Storage;

namespace Vigie.Core.Inventory.Assets;

/// <summary>
/// Applies a new software list to an asset: catalogue entries it no longer reports are unlinked, new ones linked,
/// and a removal and an addition of the same (name, architecture) become one upgrade (or downgrade) entry in the
/// history.
/// </summary>
internal static class SoftwareDiff
{
    /// <summary>The reported list as catalogue rows, one per identity: work done before the write transaction starts.</summary>
    public static List<SoftwareRow> Prepare(IReadOnlyList<SoftwareInfo> reported) =>
        reported.Select(SoftwareRow.From).DistinctBy(r => r.IdentityKey, StringComparer.Ordinal).ToList();

    public static async Task ApplyAsync(DbConnection c, DbTransaction t, SqlDialect dialect, SoftwareCatalog catalog, Guid assetId,
        List<SoftwareRow> incoming, DateTimeOffset now, List<(string Change, string Subject, string? Old, string? New)> history,
        bool firstInventory, Dictionary<string, long> learnt, CancellationToken ct)
    {
        var ids = await catalog.ResolveAsync(c, t, dialect, incoming, now, learnt, ct);
        foreach (var row in incoming)
        {
            row.SoftwareId = ids[row.IdentityKey];
        }
        var current = firstInventory ? [] : (await c.QueryAsync<SoftwareRow>(new CommandDefinition(
            """
            SELECT s.software_id, c.name, c.name_normalized, c.version, c.architecture
            FROM inventory_asset_software s JOIN inventory_software c ON c.id = s.software_id WHERE s.asset_id = @Id
            """, new { Id = assetId }, t, cancellationToken: ct))).ToList();

        var incomingIds = incoming.Select(r => r.SoftwareId).ToHashSet();
        var currentIds = current.Select(r => r.SoftwareId).ToHashSet();
        var removed = current.Where(r => !incomingIds.Contains(r.SoftwareId)).ToList();
        var added = incoming.Where(r => !currentIds.Contains(r.SoftwareId)).ToList();

        if (removed.Count > 0)
        {
            await c.ExecuteAsync(new CommandDefinition(
                $"DELETE FROM inventory_asset_software WHERE asset_id = @AssetId AND {dialect.InList("software_id", "@Ids")}",
                new { AssetId = assetId, Ids = removed.Select(r => r.SoftwareId).ToArray() }, t, cancellationToken: ct));
        }
        await LinkAsync(c, t, dialect, assetId, added, now, ct);
        if (!firstInventory)
        {
            RecordHistory(removed, added, history);
        }
    }

    private static async Task LinkAsync(DbConnection c, DbTransaction t, SqlDialect dialect, Guid assetId, List<SoftwareRow> added, DateTimeOffset now,
        CancellationToken ct)
    {
        if (added.Count == 0)
        {
            return;
        }
        if (dialect.Provider == DatabaseProvider.Postgres)
        {
            await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO inventory_asset_software (asset_id, software_id, install_date, first_seen)
                SELECT @AssetId, s.id, s.install_date, @Now FROM unnest(@Ids, @Dates) AS s(id, install_date)
                """,
                new { AssetId = assetId, Now = now, Ids = added.Select(a => a.SoftwareId).ToArray(), Dates = added.Select(a => a.InstallDate).ToArray() },
                t, cancellationToken: ct));
            return;
        }
        // SQLite: the pairs travel as one JSON parameter and SQLite unpacks them, one statement for the whole list.
        var pairs = JsonSerializer.Serialize(added.Select(a => new object?[] { a.SoftwareId, a.InstallDate }));
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO inventory_asset_software (asset_id, software_id, install_date, first_seen)
            SELECT @AssetId, json_extract(value, '$[0]'), json_extract(value, '$[1]'), @Now FROM json_each(@Pairs)
            """, new { AssetId = assetId, Now = now, Pairs = pairs }, t, cancellationToken: ct));
    }

    private static void RecordHistory(List<SoftwareRow> removed, List<SoftwareRow> added, List<(string Change, string Subject, string? Old, string? New)> history)
    {
        var removedByProgram = removed.ToLookup(r => r.ProgramKey);
        var addedByProgram = added.ToLookup(a => a.ProgramKey);
        foreach (var group in addedByProgram)
        {
            var gone = removedByProgram[group.Key].ToList();
            if (gone.Count == 1 && group.Count() == 1)
            {
                var (old, current) = (gone[0].Version, group.First().Version);
                var change = TolerantVersion.Compare(current, old) >= 0 ? "software_upgraded" : "software_downgraded";
                history.Add((change, group.First().Name, old, current));
            }
            else
            {
                history.AddRange(group.Select(a => ("software_added", a.Name, (string?)null, a.Version)));
            }
        }
        foreach (var group in removedByProgram.Where(g => !addedByProgram.Contains(g.Key) || addedByProgram[g.Key].Count() != 1 || g.Count() != 1))
        {
            history.AddRange(group.Select(r => ("software_removed", r.Name, r.Version, (string?)null)));
        }
    }
}
