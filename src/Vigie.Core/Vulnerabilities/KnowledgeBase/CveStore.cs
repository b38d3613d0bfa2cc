using System.Data.Common;
using System.Text.Json;
using Dapper;
using Vigie.Core.Storage;

namespace Vigie.Core.Vulnerabilities.KnowledgeBase;

/// <summary>
/// Merges records into <c>vuln_cves</c>: each source updates what it knows, the best CVSS version wins, curated
/// configuration overrides beat NVD's own, and a record whose source date has not changed is left alone.
/// </summary>
internal static class CveStore
{
    private const string Columns = "id, rejected, description, published_at, modified_at, nvd_status, cvss_version, cvss_vector, cvss_score, severity, kev, kev_added, configurations, affected, sources, source_modified, updated_at";

    /// <summary>Returns false when the stored record already holds this source's version of the CVE.</summary>
    public static async Task<bool> MergeAsync(DbConnection c, DbTransaction t, SqlDialect dialect, CveRecord record, DateTimeOffset now, CancellationToken ct)
    {
        var row = await c.QueryFirstOrDefaultAsync<CveRow>(new CommandDefinition(
            $"SELECT {Columns} FROM vuln_cves WHERE id = @Id", new { record.Id }, t, cancellationToken: ct));
        var isNew = row is null;
        row ??= new CveRow { Id = record.Id, Sources = "", SourceModified = "{}" };
        var dates = JsonSerializer.Deserialize<Dictionary<string, string>>(row.SourceModified) ?? [];
        var stamp = record.Modified?.ToString("O") ?? "";
        if (!isNew && dates.TryGetValue(record.Source, out var seen) && seen == stamp && stamp.Length > 0)
        {
            return false;
        }
        dates[record.Source] = stamp;
        var sources = row.Sources.Split(' ', StringSplitOptions.RemoveEmptyEntries).Append(record.Source).Distinct().Order(StringComparer.Ordinal).ToList();

        if (record.Source is "nvd" or "cve5" or VulnerabilityLookupListing.NvdSource or VulnerabilityLookupListing.Cve5Source)
        {
            row.Rejected = record.Rejected;
        }
        row.Description = record.Description ?? row.Description;
        row.PublishedAt = record.Published ?? row.PublishedAt;
        row.ModifiedAt = record.Modified is { } m && (row.ModifiedAt is null || m > row.ModifiedAt) ? m : row.ModifiedAt;
        row.NvdStatus = record.NvdStatus ?? row.NvdStatus;
        if (record.Cvss is { } cvss && (row.CvssVersion is null || cvss.Rank >= new CvssScore(row.CvssVersion, null, 0, "").Rank))
        {
            (row.CvssVersion, row.CvssVector, row.CvssScore, row.Severity) = (cvss.Version, cvss.Vector, cvss.Score, cvss.Severity);
        }
        // A curated override replaces NVD's configurations; NVD's own (direct or through vulnerability-lookup) never replaces an override.
        var overridden = row.Sources.Split(' ').Contains("nvd-override");
        if (record.ConfigurationsJson is not null && !((record.Source is "nvd" or VulnerabilityLookupListing.NvdSource) && overridden))
        {
            row.Configurations = record.ConfigurationsJson;
        }
        row.Affected = record.AffectedJson ?? row.Affected;
        row.Sources = string.Join(' ', sources);
        row.SourceModified = JsonSerializer.Serialize(dates);
        row.UpdatedAt = now;

        var sql = isNew
            ? $"INSERT INTO vuln_cves ({Columns}) VALUES (@Id, @Rejected, @Description, @PublishedAt, @ModifiedAt, @NvdStatus, @CvssVersion, @CvssVector, @CvssScore, @Severity, @Kev, @KevAdded, @Configurations, @Affected, @Sources, @SourceModified, @UpdatedAt)"
            : """
              UPDATE vuln_cves SET rejected = @Rejected, description = @Description, published_at = @PublishedAt, modified_at = @ModifiedAt,
                  nvd_status = @NvdStatus, cvss_version = @CvssVersion, cvss_vector = @CvssVector, cvss_score = @CvssScore, severity = @Severity,
                  configurations = @Configurations, affected = @Affected, sources = @Sources, source_modified = @SourceModified, updated_at = @UpdatedAt
              WHERE id = @Id
              """;
        await c.ExecuteAsync(new CommandDefinition(sql, row, t, cancellationToken: ct));
        if (record.Products.Count > 0)
        {
            await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO vuln_cve_products (cve_id, vendor, product) VALUES (@CveId, @Vendor, @Product) ON CONFLICT DO NOTHING",
                record.Products.Select(p => new { CveId = record.Id, p.Vendor, p.Product }), t, cancellationToken: ct));
        }
        return true;
    }

    /// <summary>Flags a CVE as known exploited (CISA KEV); a CVE not imported yet gets a placeholder that later imports fill.</summary>
    public static async Task<bool> MarkExploitedAsync(DbConnection c, DbTransaction t, string id, string? dateAdded, DateTimeOffset now, CancellationToken ct)
    {
        var changed = await c.ExecuteAsync(new CommandDefinition(
            "UPDATE vuln_cves SET kev = @True, kev_added = @DateAdded, updated_at = @Now WHERE id = @Id AND (kev = @False OR kev_added IS NULL OR kev_added <> @DateAdded)",
            new { Id = id, DateAdded = dateAdded, Now = now, True = true, False = false }, t, cancellationToken: ct));
        if (changed > 0)
        {
            return true;
        }
        return await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO vuln_cves (id, rejected, kev, kev_added, sources, source_modified, updated_at)
            VALUES (@Id, @False, @True, @DateAdded, 'kev', '{}', @Now) ON CONFLICT (id) DO NOTHING
            """, new { Id = id, DateAdded = dateAdded, Now = now, True = true, False = false }, t, cancellationToken: ct)) > 0;
    }

    /// <summary>Makes sure a CVE row exists (a tracker may know a CVE before the CVE feeds are imported); returns true when created.</summary>
    public static async Task<bool> EnsureExistsAsync(DbConnection c, DbTransaction t, string id, string? description, string source, DateTimeOffset now,
        CancellationToken ct) =>
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO vuln_cves (id, rejected, description, kev, sources, source_modified, updated_at)
            VALUES (@Id, @False, @Description, @False, @Source, '{}', @Now) ON CONFLICT (id) DO NOTHING
            """, new { Id = id, Description = description, Source = source, Now = now, False = false }, t, cancellationToken: ct)) > 0;

    internal sealed class CveRow
    {
        public string Id { get; set; } = "";
        public bool Rejected { get; set; }
        public string? Description { get; set; }
        public DateTimeOffset? PublishedAt { get; set; }
        public DateTimeOffset? ModifiedAt { get; set; }
        public string? NvdStatus { get; set; }
        public string? CvssVersion { get; set; }
        public string? CvssVector { get; set; }
        public double? CvssScore { get; set; }
        public string? Severity { get; set; }
        public bool Kev { get; set; }
        public string? KevAdded { get; set; }
        public string? Configurations { get; set; }
        public string? Affected { get; set; }
        public string Sources { get; set; } = "";
        public string SourceModified { get; set; } = "{}";
        public DateTimeOffset UpdatedAt { get; set; }
    }
}
