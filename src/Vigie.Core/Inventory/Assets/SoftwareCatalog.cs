using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;
using Vigie.Core.Storage;

namespace Vigie.Core.Inventory.Assets;

/// <summary>
/// Resolves software to catalogue ids, creating the entries the fleet has not reported yet. Entries are never
/// changed or deleted, so ids learnt once stay valid; they are remembered only after the transaction that
/// created them has committed (see <see cref="Remember"/>).
/// </summary>
public sealed class SoftwareCatalog
{
    private readonly ConcurrentDictionary<string, long> _ids = new(StringComparer.Ordinal);
    private const int MaxCached = 1_000_000;

    internal async Task<Dictionary<string, long>> ResolveAsync(DbConnection c, DbTransaction t, SqlDialect dialect, IReadOnlyCollection<SoftwareRow> rows,
        DateTimeOffset now, Dictionary<string, long> learnt, CancellationToken ct)
    {
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        var missing = new List<SoftwareRow>();
        foreach (var row in rows)
        {
            if (_ids.TryGetValue(row.IdentityKey, out var id))
            {
                ids[row.IdentityKey] = id;
            }
            else
            {
                missing.Add(row);
            }
        }
        if (missing.Count == 0)
        {
            return ids;
        }
        foreach (var row in missing)
        {
            await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO inventory_software (identity_key, name, name_normalized, version, publisher, architecture, package_name, source, first_seen)
                VALUES (@IdentityKey, @Name, @NameNormalized, @Version, @Publisher, @Architecture, @PackageName, @Source, @Now)
                ON CONFLICT (identity_key) DO NOTHING
                """,
                new { row.IdentityKey, row.Name, row.NameNormalized, row.Version, row.Publisher, row.Architecture, row.PackageName, row.Source, Now = now },
                t, cancellationToken: ct));
        }
        var keys = missing.Select(m => m.IdentityKey).ToArray();
        foreach (var chunk in keys.Chunk(500))
        {
            var found = await c.QueryAsync<(long Id, string IdentityKey)>(new CommandDefinition(
                $"SELECT id, identity_key FROM inventory_software WHERE {dialect.InList("identity_key", "@Keys")}", new { Keys = chunk }, t, cancellationToken: ct));
            foreach (var (id, key) in found)
            {
                ids[key] = id;
                learnt[key] = id;
            }
        }
        return ids;
    }

    /// <summary>Called after commit with the ids a transaction created or looked up.</summary>
    internal void Remember(Dictionary<string, long> learnt)
    {
        if (_ids.Count > MaxCached)
        {
            _ids.Clear();
        }
        foreach (var (key, id) in learnt)
        {
            _ids[key] = id;
        }
    }
}
