using System.Text.Json;
using Dapper;

namespace Vigie.Core.Vulnerabilities.KnowledgeBase;

/// <summary>The knowledge-base writes of the Debian sources: the security tracker's JSON and the DSA/DLA advisory lists.</summary>
internal static class DebianWrites
{
    /// <summary>What the tracker JSON says of one (package, CVE): a row per release, authoritative over advisory rows.</summary>
    public static PendingWrite Tracker(string package, string cve, JsonElement entry)
    {
        if (!cve.StartsWith("CVE-", StringComparison.Ordinal))
        {
            throw new FormatException($"'{cve}' is not a CVE id");
        }
        var rows = new List<object>();
        if (entry.TryGetProperty("releases", out var releases))
        {
            foreach (var release in releases.EnumerateObject())
            {
                rows.Add(new
                {
                    Package = package,
                    Cve = cve,
                    Release = release.Name,
                    Status = release.Value.TryGetProperty("status", out var s) ? s.GetString() ?? "unknown" : "unknown",
                    Fixed = release.Value.TryGetProperty("fixed_version", out var f) ? f.GetString() : null,
                    Urgency = release.Value.TryGetProperty("urgency", out var u) ? u.GetString() : null,
                });
            }
        }
        var description = entry.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        return new(cve, async (c, t, _, now, ct) =>
        {
            var changed = await CveStore.EnsureExistsAsync(c, t, cve, description, "debian", now, ct) ? 1 : 0;
            foreach (var row in rows)
            {
                var parameters = new DynamicParameters(row);
                parameters.Add("Now", now);
                // The tracker's current view is authoritative: it replaces a row an advisory list wrote even when it says the same.
                changed += await c.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO vuln_debian (source_package, cve_id, release, status, fixed_version, urgency, origin, updated_at)
                    VALUES (@Package, @Cve, @Release, @Status, @Fixed, @Urgency, 'tracker', @Now)
                    ON CONFLICT (source_package, cve_id, release) DO UPDATE SET status = excluded.status, fixed_version = excluded.fixed_version,
                        urgency = excluded.urgency, origin = excluded.origin, updated_at = excluded.updated_at
                    WHERE vuln_debian.origin <> excluded.origin OR vuln_debian.status <> excluded.status
                        OR COALESCE(vuln_debian.fixed_version, '') <> COALESCE(excluded.fixed_version, '')
                    """, parameters, t, cancellationToken: ct));
            }
            return changed > 0;
        });
    }

    /// <summary>
    /// What an advisory says of one CVE: it fills the (package, CVE, release) rows nobody wrote, never touches a row of the
    /// tracker JSON, and replaces a row an advisory wrote only with a stronger statement (<see cref="DebianAdvisoryList.Supersedes"/>).
    /// </summary>
    public static PendingWrite Advisory(DebianAdvisoryList.Advisory advisory, string cve) => new(cve, async (c, t, _, now, ct) =>
    {
        var changed = await CveStore.EnsureExistsAsync(c, t, cve, null, "debian", now, ct) ? 1 : 0;
        foreach (var fix in advisory.Fixes)
        {
            var key = new { Package = fix.SourcePackage, Cve = cve, fix.Release };
            var stored = await c.QueryFirstOrDefaultAsync<(string? Status, string? Fixed, string? Urgency, string? Origin)>(new CommandDefinition(
                "SELECT status, fixed_version, urgency, origin FROM vuln_debian WHERE source_package = @Package AND cve_id = @Cve AND release = @Release",
                key, t, cancellationToken: ct));
            if (stored.Origin == "tracker" || stored.Status is not null && !DebianAdvisoryList.Supersedes(fix, stored.Status, stored.Fixed, stored.Urgency))
            {
                continue;
            }
            var row = new
            {
                key.Package, key.Cve, key.Release, fix.Status, Fixed = fix.FixedVersion, fix.Urgency, Origin = advisory.Id, Now = now,
                StoredStatus = stored.Status, StoredFixed = stored.Fixed,
            };
            // Guarded as read, so that a tracker import committed meanwhile (PostgreSQL) is never overwritten.
            changed += await c.ExecuteAsync(new CommandDefinition(stored.Status is null
                ? """
                  INSERT INTO vuln_debian (source_package, cve_id, release, status, fixed_version, urgency, origin, updated_at)
                  VALUES (@Package, @Cve, @Release, @Status, @Fixed, @Urgency, @Origin, @Now)
                  ON CONFLICT (source_package, cve_id, release) DO NOTHING
                  """
                : """
                  UPDATE vuln_debian SET status = @Status, fixed_version = @Fixed, urgency = @Urgency, origin = @Origin, updated_at = @Now
                  WHERE source_package = @Package AND cve_id = @Cve AND release = @Release AND origin <> 'tracker'
                      AND status = @StoredStatus AND COALESCE(fixed_version, '') = COALESCE(@StoredFixed, '')
                  """, row, t, cancellationToken: ct));
        }
        return changed > 0;
    });
}
