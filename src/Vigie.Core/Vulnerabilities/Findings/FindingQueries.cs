using System.Text;
using Dapper;
using Vigie.Core.Common;
using Vigie.Core.Inventory;
using Vigie.Core.Storage;

namespace Vigie.Core.Vulnerabilities.Findings;

/// <summary>A finding as listed, with its asset's name and the CVE's severity and exploitation flag.</summary>
public sealed record FindingView
{
    public Guid Id { get; init; }
    public Guid AssetId { get; init; }
    /// <summary>The asset's name; its id when the asset has been deleted since.</summary>
    public string AssetName { get; init; } = "";
    public string CveId { get; init; } = "";
    public string Software { get; init; } = "";
    public string? InstalledVersion { get; init; }
    public string? FixedVersion { get; init; }
    public string Path { get; init; } = "";
    public string Rule { get; init; } = "";
    public string Status { get; init; } = "";
    public string? Severity { get; init; }
    public double? CvssScore { get; init; }
    public string? CvssVersion { get; init; }
    public string? CvssVector { get; init; }
    public bool Kev { get; init; }
    public DateTimeOffset FirstSeen { get; init; }
    public DateTimeOffset LastSeen { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public string? Disposition { get; init; }
    public string? DispositionReason { get; init; }
    public string? DispositionBy { get; init; }
    public DateTimeOffset? DispositionExpiresAt { get; init; }
}

/// <summary>Lists findings: per asset, per CVE, by severity, KEV only, open or resolved.</summary>
public sealed class FindingQueries
{
    private readonly IDbConnectionFactory _connections;
    private readonly IAssetSoftwareReader _assets;
    private readonly TimeProvider _clock;

    public FindingQueries(IDbConnectionFactory connections, IAssetSoftwareReader assets, TimeProvider clock)
    {
        _connections = connections;
        _assets = assets;
        _clock = clock;
    }

    /// <param name="disposed">false (default): hide findings under a decision still in force; true: only those; null: all.</param>
    public async Task<IReadOnlyList<FindingView>> ListAsync(Guid? assetId, string? cveId, string? severity, bool? kev, string? status, int limit,
        CancellationToken ct, bool? disposed = false)
    {
        var errors = new ValidationErrors();
        FindingFilters.Check(errors, severity, limit);
        if (status is not null and not ("open" or "resolved" or "all"))
        {
            errors.Add("status", "must be open, resolved or all");
        }
        errors.ThrowIfAny();
        var sql = new StringBuilder(
            """
            SELECT f.id, f.asset_id, f.cve_id, f.software, f.installed_version, f.fixed_version, f.path, f.rule, f.status, v.severity, v.cvss_score,
                   v.cvss_version, v.cvss_vector, v.kev, f.first_seen, f.last_seen, f.resolved_at, f.disposition, f.disposition_reason,
                   f.disposition_by, f.disposition_expires_at
            FROM vuln_findings f JOIN vuln_cves v ON v.id = f.cve_id WHERE 1 = 1
            """);
        var p = new DynamicParameters();
        if ((status ?? "open") != "all")
        {
            sql.Append(" AND f.status = @Status");
            p.Add("Status", status ?? "open");
        }
        if (assetId is not null)
        {
            sql.Append(" AND f.asset_id = @AssetId");
            p.Add("AssetId", assetId.Value);
        }
        if (!string.IsNullOrWhiteSpace(cveId))
        {
            sql.Append(" AND f.cve_id = @CveId");
            p.Add("CveId", cveId.Trim().ToUpperInvariant());
        }
        FindingFilters.AppendCve(sql, p, severity, kev);
        FindingFilters.AppendDisposition(sql, p, disposed, _clock.GetUtcNow());
        sql.Append(" ORDER BY COALESCE(v.cvss_score, -1) DESC, f.cve_id, f.software LIMIT @Limit");
        p.Add("Limit", limit);
        List<FindingView> found;
        await using (var c = await _connections.OpenAsync(ct))
        {
            found = (await c.QueryAsync<FindingView>(new CommandDefinition(sql.ToString(), p, cancellationToken: ct))).ToList();
        }
        if (found.Count == 0)
        {
            return found;
        }
        var names = await AssetNamesAsync(_assets, ct);
        return found.Select(f => f with { AssetName = NameOf(names, f.AssetId) }).ToList();
    }

    /// <summary>Every asset's name, read once through the inventory module's interface.</summary>
    internal static async Task<Dictionary<Guid, string>> AssetNamesAsync(IAssetSoftwareReader assets, CancellationToken ct) =>
        (await assets.AssetsAsync(ct)).ToDictionary(a => a.AssetId, a => a.Name);

    /// <summary>The asset's name, or its id when the inventory no longer holds the asset.</summary>
    internal static string NameOf(IReadOnlyDictionary<Guid, string> names, Guid assetId) =>
        names.TryGetValue(assetId, out var name) ? name : assetId.ToString();
}
