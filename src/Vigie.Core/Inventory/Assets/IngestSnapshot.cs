using System.Data.Common;
using System.Text.Json;
using Dapper;
using Vigie.Core.Audit;
using Vigie.Core.Common;
using Vigie.Core.Storage;

namespace Vigie.Core.Inventory.Assets;

/// <summary>
/// Stores one snapshot in one transaction: finds (or de-duplicates, or creates) the asset, replaces its
/// facts, applies the software diff, and writes what changed to the asset's history and the audit trail.
/// A failure half-way leaves the previous state intact.
/// </summary>
public sealed class IngestSnapshot
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly IDbConnectionFactory _connections;
    private readonly IAuditLog _audit;
    private readonly SoftwareCatalog _catalog;
    private readonly IEnumerable<IInventoryObserver> _observers;
    private readonly TimeProvider _clock;

    public IngestSnapshot(IDbConnectionFactory connections, IAuditLog audit, SoftwareCatalog catalog, IEnumerable<IInventoryObserver> observers,
        TimeProvider clock)
    {
        _connections = connections;
        _audit = audit;
        _catalog = catalog;
        _observers = observers;
        _clock = clock;
    }

    public async Task<IngestResult> IngestAsync(AssetSnapshot snapshot, AuditActor actor, CancellationToken ct)
    {
        var learnt = new Dictionary<string, long>(StringComparer.Ordinal);
        // Everything that needs no database is done before taking the write transaction (SQLite has one writer).
        var software = snapshot.Software is null ? null : SoftwareDiff.Prepare(snapshot.Software);
        var details = JsonSerializer.Serialize(snapshot.Details, Json);
        var tracked = JsonSerializer.Serialize(snapshot.Tracked, Json);
        var result = await _connections.InTransactionAsync(async (c, t) =>
        {
            var now = _clock.GetUtcNow();
            var assetId = await c.QueryFirstOrDefaultAsync<Guid?>(new CommandDefinition(
                "SELECT asset_id FROM inventory_agents WHERE device_id = @Key", new { snapshot.Key }, t, cancellationToken: ct));
            var merged = false;
            if (assetId is null)
            {
                assetId = await DuplicateFinder.FindAsync(c, t, _connections.Dialect, snapshot, ct);
                merged = assetId is not null;
            }
            var existing = assetId is null ? null : await c.QueryFirstOrDefaultAsync<AssetRow>(new CommandDefinition(
                $"SELECT {AssetRow.Columns} FROM inventory_assets WHERE id = @Id", new { Id = assetId }, t, cancellationToken: ct));
            if (existing is { Blocked: true })
            {
                throw new ProblemException(403, "device_blocked", "This device is blocked: its inventories are refused.");
            }
            var history = new List<(string Change, string Subject, string? Old, string? New)>();
            var row = existing ?? new AssetRow { Id = Ids.New(_clock), FirstSeen = now, Kind = snapshot.Kind };
            var previousTracked = existing is null ? null : JsonSerializer.Deserialize<Dictionary<string, string?>>(existing.Tracked, Json);
            if (existing is not null && snapshot.Tag is not null && snapshot.Tag != existing.Tag)
            {
                history.Add(("tag_changed", "tag", existing.Tag, snapshot.Tag));
            }
            Apply(row, snapshot, details, tracked, now);
            if (existing is null)
            {
                await c.ExecuteAsync(new CommandDefinition(
                    $"INSERT INTO inventory_assets ({AssetRow.Columns}) VALUES (@Id, @Name, @Kind, @Source, @Tag, @PendingTag, @Blocked, @OsName, @OsVersion, @OsFullName, @Kernel, @Architecture, @HwUuid, @Serial, @Manufacturer, @Model, @Firmware, @IpAddress, @Details, @Tracked, @FirstSeen, @LastSeen, @LastInventory, @UpdatedAt)",
                    row, t, cancellationToken: ct));
                history.Add(("first_inventory", snapshot.Source, null, snapshot.Name));
            }
            else
            {
                await c.ExecuteAsync(new CommandDefinition(
                    """
                    UPDATE inventory_assets SET name = @Name, source = @Source, tag = @Tag, pending_tag = @PendingTag, os_name = @OsName, os_version = @OsVersion,
                        os_full_name = @OsFullName, kernel = @Kernel, architecture = @Architecture, hw_uuid = @HwUuid, serial = @Serial,
                        manufacturer = @Manufacturer, model = @Model, firmware = @Firmware, ip_address = @IpAddress, details = @Details,
                        tracked = @Tracked, last_seen = @LastSeen, last_inventory = @LastInventory, updated_at = @UpdatedAt
                    WHERE id = @Id
                    """, row, t, cancellationToken: ct));
                foreach (var (field, value) in snapshot.Tracked)
                {
                    var old = previousTracked?.GetValueOrDefault(field);
                    if (!string.Equals(old ?? "", value ?? "", StringComparison.Ordinal))
                    {
                        history.Add(("hardware_changed", field, old, value));
                    }
                }
            }
            await UpsertAgentAsync(c, t, snapshot, row.Id, now, ct);
            await ReplaceMacsAsync(c, t, row.Id, snapshot.Macs, ct);
            if (software is not null)
            {
                await SoftwareDiff.ApplyAsync(c, t, _connections.Dialect, _catalog, row.Id, software, now, history, existing is null, learnt, ct);
            }

            foreach (var (change, subject, old, value) in history)
            {
                await c.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO inventory_history (id, asset_id, occurred_at, change, subject, old_value, new_value) VALUES (@Id, @AssetId, @Now, @Change, @Subject, @Old, @New)",
                    new { Id = Ids.New(_clock), AssetId = row.Id, Now = now, Change = change, Subject = Truncate(subject), Old = Truncate(old), New = Truncate(value) },
                    t, cancellationToken: ct));
            }
            var target = $"asset:{row.Id}";
            if (existing is null)
            {
                await _audit.AppendAsync(c, t, new AuditEntry(actor, AuditActions.AssetCreated, target, AuditEntry.Success,
                    new Dictionary<string, object?> { ["name"] = row.Name, ["kind"] = row.Kind, ["source"] = snapshot.Source, ["key"] = snapshot.Key }), ct);
            }
            else if (merged)
            {
                await _audit.AppendAsync(c, t, new AuditEntry(actor, AuditActions.AssetMerged, target, AuditEntry.Success,
                    new Dictionary<string, object?> { ["name"] = row.Name, ["key"] = snapshot.Key }), ct);
            }
            await _audit.AppendAsync(c, t, new AuditEntry(actor, AuditActions.InventoryReceived, target, AuditEntry.Success,
                new Dictionary<string, object?> { ["source"] = snapshot.Source, ["software"] = snapshot.Software?.Count, ["changes"] = history.Count }), ct);
            return new IngestResult(row.Id, existing is null, merged, history.Count, row.PendingTag);
        }, ct);
        _catalog.Remember(learnt);
        foreach (var observer in _observers)
        {
            observer.AssetInventoried(result.AssetId);
        }
        return result;
    }

    private static void Apply(AssetRow row, AssetSnapshot s, string details, string tracked, DateTimeOffset now)
    {
        row.Name = s.Name;
        row.Source = s.Source;
        row.Tag = s.Tag ?? row.Tag;
        if (row.PendingTag is not null && row.PendingTag == s.Tag)
        {
            row.PendingTag = null;
        }
        row.OsName = s.OsName;
        row.OsVersion = s.OsVersion;
        row.OsFullName = s.OsFullName;
        row.Kernel = s.Kernel;
        row.Architecture = s.Architecture;
        row.HwUuid = DuplicateFinder.IsMeaningful(s.Uuid) ? s.Uuid!.Trim() : null;
        row.Serial = DuplicateFinder.IsMeaningful(s.Serial) ? s.Serial!.Trim() : null;
        row.Manufacturer = s.Manufacturer;
        row.Model = s.Model;
        row.Firmware = s.Firmware;
        row.IpAddress = s.IpAddress;
        row.Details = details;
        row.Tracked = tracked;
        row.LastSeen = now;
        row.LastInventory = now;
        row.UpdatedAt = now;
    }

    private static async Task UpsertAgentAsync(DbConnection c, DbTransaction t, AssetSnapshot s, Guid assetId, DateTimeOffset now, CancellationToken ct) =>
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO inventory_agents (device_id, asset_id, agent, first_seen, last_seen) VALUES (@Key, @AssetId, @Agent, @Now, @Now)
            ON CONFLICT (device_id) DO UPDATE SET asset_id = excluded.asset_id, agent = excluded.agent, last_seen = excluded.last_seen
            """, new { s.Key, AssetId = assetId, Agent = s.Source, Now = now }, t, cancellationToken: ct));

    private static async Task ReplaceMacsAsync(DbConnection c, DbTransaction t, Guid assetId, IReadOnlyList<string> macs, CancellationToken ct)
    {
        await c.ExecuteAsync(new CommandDefinition("DELETE FROM inventory_asset_macs WHERE asset_id = @Id", new { Id = assetId }, t, cancellationToken: ct));
        if (macs.Count > 0)
        {
            await c.ExecuteAsync(new CommandDefinition("INSERT INTO inventory_asset_macs (asset_id, mac) VALUES (@AssetId, @Mac)",
                macs.Distinct().Select(m => new { AssetId = assetId, Mac = m }), t, cancellationToken: ct));
        }
    }

    private static string? Truncate(string? value) => value is { Length: > 1000 } ? value[..1000] : value;
}
