using System.Data.Common;
using Dapper;
using Vigie.Core.Storage;

namespace Vigie.Core.Inventory.Assets;

/// <summary>
/// Finds the asset an unknown agent id describes (agent reinstalled, second agent on the same machine):
/// same hardware UUID, else same serial, else a shared MAC address on a machine of the same name.
/// Generic values that vendors and hypervisors stamp on many machines never match.
/// </summary>
internal static class DuplicateFinder
{
    private static readonly HashSet<string> GenericValues = new(StringComparer.OrdinalIgnoreCase)
    {
        "0", "none", "n/a", "na", "null", "unknown", "default string", "to be filled by o.e.m.", "system serial number",
        "not specified", "not available", "not applicable", "0123456789", "chassis serial number", "serial number", "123456789",
        "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "03000200-0400-0500-0006-000700080009",
    };

    public static bool IsMeaningful(string? value) =>
        !string.IsNullOrWhiteSpace(value) && value.Trim().Length >= 4 && !GenericValues.Contains(value.Trim()) && value.Trim().Distinct().Count() > 1;

    public static async Task<Guid?> FindAsync(DbConnection c, DbTransaction t, SqlDialect dialect, AssetSnapshot snapshot, CancellationToken ct)
    {
        if (IsMeaningful(snapshot.Uuid))
        {
            var byUuid = await c.QueryFirstOrDefaultAsync<Guid?>(new CommandDefinition(
                "SELECT id FROM inventory_assets WHERE hw_uuid = @Uuid AND kind = @Kind ORDER BY last_seen DESC LIMIT 1",
                new { Uuid = snapshot.Uuid!.Trim(), snapshot.Kind }, t, cancellationToken: ct));
            if (byUuid is not null)
            {
                return byUuid;
            }
        }
        if (IsMeaningful(snapshot.Serial))
        {
            var bySerial = await c.QueryFirstOrDefaultAsync<Guid?>(new CommandDefinition(
                "SELECT id FROM inventory_assets WHERE serial = @Serial AND kind = @Kind ORDER BY last_seen DESC LIMIT 1",
                new { Serial = snapshot.Serial!.Trim(), snapshot.Kind }, t, cancellationToken: ct));
            if (bySerial is not null)
            {
                return bySerial;
            }
        }
        if (snapshot.Macs.Count > 0)
        {
            return await c.QueryFirstOrDefaultAsync<Guid?>(new CommandDefinition(
                $"""
                SELECT a.id FROM inventory_assets a
                WHERE LOWER(a.name) = @Name AND a.kind = @Kind
                  AND EXISTS (SELECT 1 FROM inventory_asset_macs m WHERE m.asset_id = a.id AND {dialect.InList("m.mac", "@Macs")})
                ORDER BY a.last_seen DESC LIMIT 1
                """, new { Macs = snapshot.Macs.ToArray(), Name = snapshot.Name.ToLowerInvariant(), snapshot.Kind }, t, cancellationToken: ct));
        }
        return null;
    }
}
