using System.Text;
using Dapper;
using Vigie.Core.Common;
using Vigie.Core.Inventory;
using Vigie.Core.Storage;

namespace Vigie.Core.Vulnerabilities.Findings;

/// <summary>
/// The fleet view of open findings: per CVE, how many assets; per asset, how many CVEs by severity. Findings under a
/// decision still in force (accepted risk, false positive) are left out, as the finding list leaves them out by default.
/// </summary>
public sealed class FleetExposure
{
    private const int MaxPrograms = 5;
    private readonly IDbConnectionFactory _connections;
    private readonly IAssetSoftwareReader _assets;

    public FleetExposure(IDbConnectionFactory connections, IAssetSoftwareReader assets)
    {
        _connections = connections;
        _assets = assets;
    }

    /// <summary>CVEs with open findings, those on the most assets first, then the highest scored.</summary>
    public async Task<IReadOnlyList<CveExposure>> ByCveAsync(string? severity, bool? kev, int limit, DateTimeOffset now, CancellationToken ct)
    {
        var (filter, p) = Filter(severity, kev, limit, now);
        p.Add("Limit", limit);
        await using var c = await _connections.OpenAsync(ct);
        var rows = (await c.QueryAsync<CveRow>(new CommandDefinition(
            $"""
            SELECT f.cve_id, v.severity, v.cvss_score, v.kev, COUNT(DISTINCT f.asset_id) AS assets, COUNT(*) AS findings, MIN(f.first_seen) AS first_seen
            FROM vuln_findings f JOIN vuln_cves v ON v.id = f.cve_id WHERE f.status = 'open'{filter}
            GROUP BY f.cve_id, v.severity, v.cvss_score, v.kev
            ORDER BY assets DESC, COALESCE(v.cvss_score, -1) DESC, f.cve_id LIMIT @Limit
            """, p, cancellationToken: ct))).ToList();

        // The programs of the CVEs on this page only, in chunks that stay under SQLite's parameter limit.
        var programs = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var chunk in rows.Select(r => r.CveId).Chunk(500))
        {
            var (_, q) = Filter(severity, kev, limit, now);
            q.Add("Ids", chunk);
            foreach (var (cveId, software) in await c.QueryAsync<(string, string)>(new CommandDefinition(
                $"""
                SELECT f.cve_id, f.software FROM vuln_findings f JOIN vuln_cves v ON v.id = f.cve_id
                WHERE f.status = 'open'{filter} AND {_connections.Dialect.InList("f.cve_id", "@Ids")} GROUP BY f.cve_id, f.software
                """, q, cancellationToken: ct)))
            {
                if (!programs.TryGetValue(cveId, out var list))
                {
                    programs[cveId] = list = [];
                }
                list.Add(software);
            }
        }
        // Sorted here rather than in SQL: PostgreSQL's collation and SQLite's byte order would disagree.
        return rows.Select(r => new CveExposure(r.CveId, r.Severity, r.CvssScore, r.Kev, (int)r.Assets, (int)r.Findings,
                programs.GetValueOrDefault(r.CveId, []).OrderBy(s => s, StringComparer.OrdinalIgnoreCase).ThenBy(s => s, StringComparer.Ordinal)
                    .Take(MaxPrograms).ToList(),
                r.FirstSeen))
            .ToList();
    }

    /// <summary>Assets with open findings, those with the most critical findings first (then high, medium, low, highest score).</summary>
    public async Task<IReadOnlyList<AssetExposure>> ByAssetAsync(string? severity, bool? kev, int limit, DateTimeOffset now, CancellationToken ct)
    {
        var (filter, p) = Filter(severity, kev, limit, now);
        p.Add("Limit", limit);
        p.Add("True", true);
        List<AssetRow> rows;
        await using (var c = await _connections.OpenAsync(ct))
        {
            rows = (await c.QueryAsync<AssetRow>(new CommandDefinition(
                $"""
                SELECT f.asset_id, COUNT(*) AS open_count,
                       SUM(CASE WHEN v.severity = 'CRITICAL' THEN 1 ELSE 0 END) AS critical_count,
                       SUM(CASE WHEN v.severity = 'HIGH' THEN 1 ELSE 0 END) AS high_count,
                       SUM(CASE WHEN v.severity = 'MEDIUM' THEN 1 ELSE 0 END) AS medium_count,
                       SUM(CASE WHEN v.severity = 'LOW' THEN 1 ELSE 0 END) AS low_count,
                       SUM(CASE WHEN v.kev = @True THEN 1 ELSE 0 END) AS kev_count,
                       MAX(v.cvss_score) AS max_cvss
                FROM vuln_findings f JOIN vuln_cves v ON v.id = f.cve_id WHERE f.status = 'open'{filter}
                GROUP BY f.asset_id
                ORDER BY critical_count DESC, high_count DESC, medium_count DESC, low_count DESC, COALESCE(MAX(v.cvss_score), -1) DESC, open_count DESC,
                         f.asset_id
                LIMIT @Limit
                """, p, cancellationToken: ct))).ToList();
        }
        if (rows.Count == 0)
        {
            return [];
        }
        var names = await FindingQueries.AssetNamesAsync(_assets, ct);
        return rows.Select(r => new AssetExposure(r.AssetId, FindingQueries.NameOf(names, r.AssetId), (int)r.OpenCount, (int)r.CriticalCount,
            (int)r.HighCount, (int)r.MediumCount, (int)r.LowCount, (int)r.KevCount, r.MaxCvss)).ToList();
    }

    private static (string Sql, DynamicParameters Parameters) Filter(string? severity, bool? kev, int limit, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        FindingFilters.Check(errors, severity, limit);
        errors.ThrowIfAny();
        var sql = new StringBuilder();
        var p = new DynamicParameters();
        FindingFilters.AppendCve(sql, p, severity, kev);
        FindingFilters.AppendDisposition(sql, p, disposed: false, now);
        return (sql.ToString(), p);
    }

    private sealed class CveRow
    {
        public string CveId { get; set; } = "";
        public string? Severity { get; set; }
        public double? CvssScore { get; set; }
        public bool Kev { get; set; }
        public long Assets { get; set; }
        public long Findings { get; set; }
        public DateTimeOffset FirstSeen { get; set; }
    }

    private sealed class AssetRow
    {
        public Guid AssetId { get; set; }
        public long OpenCount { get; set; }
        public long CriticalCount { get; set; }
        public long HighCount { get; set; }
        public long MediumCount { get; set; }
        public long LowCount { get; set; }
        public long KevCount { get; set; }
        public double? MaxCvss { get; set; }
    }
}
