using System.Text;
using System.Text.Json;
using Dapper;
using Vigie.Core.Common;
using Vigie.Core.Storage;

namespace Vigie.Core.Inventory.Assets;

/// <summary>Reads assets: filtered pages, details, history, fleet-wide software searches.</summary>
public sealed class AssetQueries
{
    private const int MaxScan = 100_000;
    private readonly IDbConnectionFactory _connections;
    private readonly TimeProvider _clock;

    public AssetQueries(IDbConnectionFactory connections, TimeProvider clock)
    {
        _connections = connections;
        _clock = clock;
    }

    public async Task<Page<AssetSummary>> ListAsync(AssetQuery query, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (query.Limit is < 1 or > 5000)
        {
            errors.Add("limit", "must be between 1 and 5000");
        }
        if (query.NotSeenDays is < 0)
        {
            errors.Add("notSeenDays", "must not be negative");
        }
        if (query.Version is not null && query.Software is null)
        {
            errors.Add("version", "needs 'software' (the program whose version is compared)");
        }
        var predicate = VersionPredicate.Parse(query.Version, "version");
        var after = query.Cursor is null ? null : DecodeCursor(query.Cursor);
        if (query.Cursor is not null && after is null)
        {
            errors.Add("cursor", "is not a cursor returned by this endpoint");
        }
        errors.ThrowIfAny();

        var sql = new StringBuilder($"SELECT {AssetRow.Columns} FROM inventory_assets a WHERE 1 = 1");
        var p = new DynamicParameters();
        if (after is { } cursor)
        {
            sql.Append(" AND (LOWER(a.name) > @AfterName OR (LOWER(a.name) = @AfterName AND a.id > @AfterId))");
            p.Add("AfterName", cursor.Name);
            p.Add("AfterId", cursor.Id);
        }
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            sql.Append(" AND (LOWER(a.name) LIKE @Search ESCAPE '\\' OR LOWER(COALESCE(a.ip_address, '')) LIKE @Search ESCAPE '\\' OR LOWER(COALESCE(a.serial, '')) LIKE @Search ESCAPE '\\')");
            p.Add("Search", Like(query.Search));
        }
        if (!string.IsNullOrWhiteSpace(query.Os))
        {
            sql.Append(" AND (LOWER(COALESCE(a.os_name, '')) LIKE @Os ESCAPE '\\' OR LOWER(COALESCE(a.os_full_name, '')) LIKE @Os ESCAPE '\\')");
            p.Add("Os", Like(query.Os));
        }
        if (!string.IsNullOrWhiteSpace(query.Tag))
        {
            sql.Append(" AND a.tag = @Tag");
            p.Add("Tag", query.Tag.Trim());
        }
        if (!string.IsNullOrWhiteSpace(query.Kind))
        {
            sql.Append(" AND a.kind = @Kind");
            p.Add("Kind", query.Kind.Trim());
        }
        if (query.NotSeenDays is { } days)
        {
            sql.Append(" AND a.last_seen < @Before");
            p.Add("Before", _clock.GetUtcNow().AddDays(-days));
        }
        if (!string.IsNullOrWhiteSpace(query.Software))
        {
            sql.Append(" AND a.id IN (SELECT s.asset_id FROM inventory_software c JOIN inventory_asset_software s ON s.software_id = c.id WHERE c.name_normalized = @Software)");
            p.Add("Software", SoftwareRow.Normalize(query.Software));
        }
        sql.Append(" ORDER BY LOWER(a.name), a.id LIMIT @Take");
        // With a version condition rows are filtered after the query, so read further ahead.
        p.Add("Take", predicate is null ? query.Limit + 1 : MaxScan);

        await using var c = await _connections.OpenAsync(ct);
        var rows = (await c.QueryAsync<AssetRow>(new CommandDefinition(sql.ToString(), p, cancellationToken: ct))).ToList();
        if (predicate is not null)
        {
            var versions = (await c.QueryAsync<InstallationRow>(new CommandDefinition(
                "SELECT s.asset_id, c.version FROM inventory_software c JOIN inventory_asset_software s ON s.software_id = c.id WHERE c.name_normalized = @Software",
                new { Software = SoftwareRow.Normalize(query.Software!) },
                cancellationToken: ct)))
                .Where(v => predicate.Matches(v.Version)).Select(v => v.AssetId).ToHashSet();
            rows = rows.Where(r => versions.Contains(r.Id)).Take(query.Limit + 1).ToList();
        }
        string? next = null;
        if (rows.Count > query.Limit)
        {
            rows.RemoveAt(rows.Count - 1);
            next = EncodeCursor(rows[^1].Name.ToLowerInvariant(), rows[^1].Id);
        }
        return new Page<AssetSummary>(rows.Select(AssetSummary.From).ToList(), next);
    }

    public async Task<AssetDetail> GetAsync(Guid id, CancellationToken ct)
    {
        await using var c = await _connections.OpenAsync(ct);
        var row = await c.QueryFirstOrDefaultAsync<AssetRow>(new CommandDefinition(
            $"SELECT {AssetRow.Columns} FROM inventory_assets WHERE id = @Id", new { Id = id }, cancellationToken: ct)) ?? throw ProblemException.NotFound("asset");
        var macs = (await c.QueryAsync<string>(new CommandDefinition(
            "SELECT mac FROM inventory_asset_macs WHERE asset_id = @Id ORDER BY mac", new { Id = id }, cancellationToken: ct))).ToList();
        var agents = (await c.QueryAsync<AgentRow>(new CommandDefinition(
            "SELECT device_id, agent, first_seen, last_seen FROM inventory_agents WHERE asset_id = @Id ORDER BY last_seen DESC", new { Id = id }, cancellationToken: ct)))
            .Select(a => new AgentView(a.DeviceId, a.Agent, a.FirstSeen, a.LastSeen)).ToList();
        var software = (await c.QueryAsync<SoftwareView>(new CommandDefinition(
            """
            SELECT c.name, c.version, c.publisher, c.architecture, s.install_date, c.package_name, c.source, s.first_seen
            FROM inventory_asset_software s JOIN inventory_software c ON c.id = s.software_id
            WHERE s.asset_id = @Id ORDER BY c.name_normalized, c.version
            """, new { Id = id }, cancellationToken: ct))).ToList();
        using var details = JsonDocument.Parse(row.Details);
        return new AssetDetail(AssetSummary.From(row), details.RootElement.Clone(), macs, agents, software);
    }

    public async Task<IReadOnlyList<HistoryEntry>> HistoryAsync(Guid id, int limit, CancellationToken ct)
    {
        if (limit is < 1 or > 10000)
        {
            throw ProblemException.Validation("limit", "must be between 1 and 10000");
        }
        await using var c = await _connections.OpenAsync(ct);
        if (await c.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COUNT(*) FROM inventory_assets WHERE id = @Id", new { Id = id }, cancellationToken: ct)) == 0)
        {
            throw ProblemException.NotFound("asset");
        }
        var rows = await c.QueryAsync<HistoryRow>(new CommandDefinition(
            "SELECT occurred_at, change, subject, old_value, new_value FROM inventory_history WHERE asset_id = @Id ORDER BY occurred_at DESC, id DESC LIMIT @Limit",
            new { Id = id, Limit = limit }, cancellationToken: ct));
        return rows.Select(r => new HistoryEntry(r.OccurredAt, r.Change, r.Subject, r.OldValue, r.NewValue)).ToList();
    }

    /// <summary>"Which assets run openssl older than 3.0.11": a name (exact, case-insensitive; <c>*</c> as wildcard) and an optional version condition.</summary>
    public async Task<IReadOnlyList<SoftwareInstallation>> FindSoftwareAsync(string? name, string? version, int limit, CancellationToken ct)
    {
        var errors = new ValidationErrors().Require("name", name, 300);
        if (limit is < 1 or > 100000)
        {
            errors.Add("limit", "must be between 1 and 100000");
        }
        errors.ThrowIfAny();
        var predicate = VersionPredicate.Parse(version, "version");
        var normalized = SoftwareRow.Normalize(name!);
        var wildcard = normalized.Contains('*', StringComparison.Ordinal);
        await using var c = await _connections.OpenAsync(ct);
        var rows = await c.QueryAsync<InstallationRow>(new CommandDefinition(
            $"""
            SELECT s.asset_id, a.name AS asset_name, c.name, c.version, c.architecture, c.publisher, c.package_name
            FROM inventory_software c JOIN inventory_asset_software s ON s.software_id = c.id JOIN inventory_assets a ON a.id = s.asset_id
            WHERE c.name_normalized {(wildcard ? "LIKE @Name ESCAPE '\\'" : "= @Name")}
            ORDER BY LOWER(a.name), c.name_normalized, c.version LIMIT @Scan
            """,
            new { Name = wildcard ? UserLike(normalized) : normalized, Scan = MaxScan }, cancellationToken: ct));
        return rows.Where(r => predicate is null || predicate.Matches(r.Version)).Take(limit)
            .Select(r => new SoftwareInstallation(r.AssetId, r.AssetName, r.Name, r.Version, r.Architecture, r.Publisher, r.PackageName)).ToList();
    }

    private static string Like(string text) => $"%{Identity.UserAdminService.EscapeLike(text.Trim().ToLowerInvariant())}%";

    private static string UserLike(string pattern) => Identity.UserAdminService.EscapeLike(pattern).Replace('*', '%');

    private static string EncodeCursor(string name, Guid id) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{id:N}{name}"));

    private static (string Name, Guid Id)? DecodeCursor(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            return text.Length >= 32 && Guid.TryParseExact(text[..32], "N", out var id) ? (text[32..], id) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private sealed class AgentRow
    {
        public string DeviceId { get; set; } = "";
        public string Agent { get; set; } = "";
        public DateTimeOffset FirstSeen { get; set; }
        public DateTimeOffset LastSeen { get; set; }
    }

    private sealed class HistoryRow
    {
        public DateTimeOffset OccurredAt { get; set; }
        public string Change { get; set; } = "";
        public string Subject { get; set; } = "";
        public string? OldValue { get; set; }
        public string? NewValue { get; set; }
    }

    private sealed class InstallationRow
    {
        public Guid AssetId { get; set; }
        public string AssetName { get; set; } = "";
        public string Name { get; set; } = "";
        public string? Version { get; set; }
        public string? Architecture { get; set; }
        public string? Publisher { get; set; }
        public string? PackageName { get; set; }
    }
}
