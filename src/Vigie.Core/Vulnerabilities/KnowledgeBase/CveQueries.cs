using System.Text.Json;
using Dapper;
using Vigie.Core.Common;
using Vigie.Core.Storage;

namespace Vigie.Core.Vulnerabilities.KnowledgeBase;

/// <summary>One CVE as the knowledge base holds it.</summary>
public sealed record CveView(string Id, bool Rejected, string? Description, DateTimeOffset? PublishedAt, DateTimeOffset? ModifiedAt, string? NvdStatus,
    string? CvssVersion, string? CvssVector, double? CvssScore, string? Severity, bool Kev, string? KevAdded, IReadOnlyList<string> Sources,
    IReadOnlyDictionary<string, string> SourceModified, JsonElement? Configurations, JsonElement? Affected,
    IReadOnlyList<string> Products, IReadOnlyList<DebianStatus> Debian);

/// <summary>
/// Debian's view of a CVE for one source package and release, and where it comes from: <c>tracker</c> (the security
/// tracker JSON) or the DSA/DLA advisory that announced it.
/// </summary>
public sealed record DebianStatus(string SourcePackage, string Release, string Status, string? FixedVersion, string? Urgency, string Origin);

/// <summary>Reads the knowledge base.</summary>
public sealed class CveQueries
{
    private readonly IDbConnectionFactory _connections;

    public CveQueries(IDbConnectionFactory connections) => _connections = connections;

    public async Task<CveView> GetAsync(string? id, CancellationToken ct)
    {
        if (id is null || !System.Text.RegularExpressions.Regex.IsMatch(id, @"^CVE-\d{4}-\d{4,}$"))
        {
            throw ProblemException.Validation("id", "must look like CVE-2024-12345");
        }
        await using var c = await _connections.OpenAsync(ct);
        var row = await c.QueryFirstOrDefaultAsync<CveStore.CveRow>(new CommandDefinition(
            "SELECT id, rejected, description, published_at, modified_at, nvd_status, cvss_version, cvss_vector, cvss_score, severity, kev, kev_added, configurations, affected, sources, source_modified, updated_at FROM vuln_cves WHERE id = @Id",
            new { Id = id.ToUpperInvariant() }, cancellationToken: ct)) ?? throw ProblemException.NotFound("CVE");
        var products = (await c.QueryAsync<(string Vendor, string Product)>(new CommandDefinition(
            "SELECT vendor, product FROM vuln_cve_products WHERE cve_id = @Id ORDER BY vendor, product", new { row.Id }, cancellationToken: ct)))
            .Select(p => $"{p.Vendor}:{p.Product}").ToList();
        var debian = (await c.QueryAsync<DebianRow>(new CommandDefinition(
            "SELECT source_package, release, status, fixed_version, urgency, origin FROM vuln_debian WHERE cve_id = @Id ORDER BY source_package, release",
            new { row.Id }, cancellationToken: ct)))
            .Select(d => new DebianStatus(d.SourcePackage, d.Release, d.Status, d.FixedVersion, d.Urgency, d.Origin)).ToList();
        return new CveView(row.Id, row.Rejected, row.Description, row.PublishedAt, row.ModifiedAt, row.NvdStatus, row.CvssVersion, row.CvssVector,
            row.CvssScore, row.Severity, row.Kev, row.KevAdded, row.Sources.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            JsonSerializer.Deserialize<Dictionary<string, string>>(row.SourceModified) ?? [], Json(row.Configurations), Json(row.Affected), products, debian);
    }

    private static JsonElement? Json(string? text)
    {
        if (text is null)
        {
            return null;
        }
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private sealed class DebianRow
    {
        public string SourcePackage { get; set; } = "";
        public string Release { get; set; } = "";
        public string Status { get; set; } = "";
        public string? FixedVersion { get; set; }
        public string? Urgency { get; set; }
        public string Origin { get; set; } = "";
    }
}
