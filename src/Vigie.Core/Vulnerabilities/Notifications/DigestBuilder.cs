using Dapper;
using Vigie.Core.Inventory;
using Vigie.Core.Storage;

namespace Vigie.Core.Vulnerabilities.Notifications;

/// <summary>Computes a digest over a period: inventory activity, findings opened and resolved by severity, KEV, tops.</summary>
public sealed class DigestBuilder
{
    private static readonly string[] Severities = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "NONE", "UNKNOWN"];
    private readonly IDbConnectionFactory _connections;
    private readonly IAssetSoftwareReader _assets;

    public DigestBuilder(IDbConnectionFactory connections, IAssetSoftwareReader assets)
    {
        _connections = connections;
        _assets = assets;
    }

    public async Task<Digest> BuildAsync(DateTimeOffset from, DateTimeOffset to, int notSeenDays, CancellationToken ct)
    {
        var (inventoried, notSeen) = await _assets.ActivityAsync(from, to.AddDays(-notSeenDays), ct);
        await using var c = await _connections.OpenAsync(ct);
        async Task<Dictionary<string, int>> BySeverityAsync(string column)
        {
            var rows = await c.QueryAsync<(string? Severity, long Count)>(new CommandDefinition(
                $"SELECT v.severity, COUNT(*) FROM vuln_findings f JOIN vuln_cves v ON v.id = f.cve_id WHERE f.{column} > @From AND f.{column} <= @To GROUP BY v.severity",
                new { From = from, To = to }, cancellationToken: ct));
            var counts = Severities.ToDictionary(s => s, _ => 0);
            foreach (var (severity, count) in rows)
            {
                counts[severity ?? "UNKNOWN"] += (int)count;
            }
            return counts;
        }
        var opened = await BySeverityAsync("first_seen");
        var resolved = await BySeverityAsync("resolved_at");
        var open = await c.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COUNT(*) FROM vuln_findings WHERE status = 'open'", cancellationToken: ct));
        var kev = await c.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM vuln_findings f JOIN vuln_cves v ON v.id = f.cve_id WHERE f.status = 'open' AND v.kev = @True",
            new { True = true }, cancellationToken: ct));
        var topCves = (await c.QueryAsync<TopCveRow>(new CommandDefinition(
            """
            SELECT f.cve_id, v.severity, v.cvss_score, v.kev, COUNT(DISTINCT f.asset_id) AS assets
            FROM vuln_findings f JOIN vuln_cves v ON v.id = f.cve_id WHERE f.status = 'open'
            GROUP BY f.cve_id, v.severity, v.cvss_score, v.kev ORDER BY assets DESC, COALESCE(v.cvss_score, -1) DESC, f.cve_id LIMIT 10
            """, cancellationToken: ct))).Select(r => new DigestCve(r.CveId, r.Severity, r.CvssScore, r.Kev, (int)r.Assets)).ToList();
        var topSoftware = (await c.QueryAsync<(string Software, long Findings)>(new CommandDefinition(
            "SELECT software, COUNT(*) AS findings FROM vuln_findings WHERE status = 'open' GROUP BY software ORDER BY findings DESC, software LIMIT 10",
            cancellationToken: ct))).Select(r => new DigestSoftware(r.Software, (int)r.Findings)).ToList();
        return new Digest(from, to, inventoried, notSeen, notSeenDays, opened, resolved, open, kev, topCves, topSoftware);
    }

    private sealed class TopCveRow
    {
        public string CveId { get; set; } = "";
        public string? Severity { get; set; }
        public double? CvssScore { get; set; }
        public bool Kev { get; set; }
        public long Assets { get; set; }
    }
}
