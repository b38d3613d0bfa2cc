using System.Data.Common;
using Dapper;
using Vigie.Core.Inventory;
using Vigie.Core.Storage;
using Vigie.Core.Vulnerabilities.Matching;

namespace Vigie.Core.Vulnerabilities.Findings;

/// <summary>
/// The distribution path for dpkg packages: binary package → source package (Packages map), then the security
/// tracker's status for the asset's release, compared with dpkg ordering. NVD ranges are never applied here:
/// Debian backports fixes, and upstream version numbers would flag fixed packages.
/// </summary>
internal static class DebianMatcher
{
    /// <summary>dpkg's <c>binary:Package</c> adds ":arch" to multi-arch packages (<c>libssl3:amd64</c>); maps and trackers use the bare name.</summary>
    internal static string BinaryName(string package) => package.Split(':', 2)[0];

    public static async Task<IReadOnlyList<FindingCandidate>> MatchAsync(DbConnection c, SqlDialect dialect, AssetSoftwareSet asset, CancellationToken ct)
    {
        var release = DebianReleases.Codename(asset.OsName, asset.OsVersion);
        var packages = asset.Software.Where(s => s.PackageName is not null && s.Version is not null && s.Source is "deb" or "dpkg").ToList();
        if (release is null || packages.Count == 0 || await c.ExecuteScalarAsync<int>(new CommandDefinition(
                "SELECT COUNT(*) FROM (SELECT 1 FROM vuln_debian WHERE release = @Release LIMIT 1) r", new { Release = release }, cancellationToken: ct)) == 0)
        {
            return [];
        }
        var suites = new[] { release, release + "-security", release + "-updates" };
        var sources = new Dictionary<string, (string Source, string? Version)>(StringComparer.Ordinal);
        foreach (var chunk in packages.Select(p => BinaryName(p.PackageName!)).Distinct().Chunk(400))
        {
            var rows = await c.QueryAsync<(string Binary, string BinaryVersion, string Source, string SourceVersion)>(new CommandDefinition(
                $"SELECT binary_package, binary_version, source_package, source_version FROM vuln_debian_sources WHERE {dialect.InList("suite", "@Suites")} AND {dialect.InList("binary_package", "@Names")}",
                new { Suites = suites, Names = chunk }, cancellationToken: ct));
            foreach (var row in rows)
            {
                sources[$"{row.Binary}\u001f{row.BinaryVersion}"] = (row.Source, row.SourceVersion);
                sources.TryAdd(row.Binary, (row.Source, null));
            }
        }
        var installed = packages.Select(p =>
        {
            var binary = BinaryName(p.PackageName!);
            var exact = sources.TryGetValue($"{binary}\u001f{p.Version}", out var e) ? e : ((string Source, string? Version)?)null;
            var byName = sources.TryGetValue(binary, out var n) ? n : ((string Source, string? Version)?)null;
            // The tracker's versions are source versions: a binNMU (+b1) or a binary versioned apart from its source compares as its source.
            return (Package: p, Source: exact?.Source ?? byName?.Source ?? binary, Version: exact?.Version ?? p.Version!);
        }).ToList();

        var tracker = new List<(string Source, string Cve, string Status, string? Fixed)>();
        foreach (var chunk in installed.Select(i => i.Source).Distinct().Chunk(400))
        {
            tracker.AddRange(await c.QueryAsync<(string Source, string Cve, string Status, string? Fixed)>(new CommandDefinition(
                $"SELECT source_package, cve_id, status, fixed_version FROM vuln_debian WHERE release = @Release AND {dialect.InList("source_package", "@Names")}",
                new { Release = release, Names = chunk }, cancellationToken: ct)));
        }
        var bySource = tracker.ToLookup(t => t.Source, StringComparer.Ordinal);
        var findings = new List<FindingCandidate>();
        foreach (var (package, source, version) in installed)
        {
            foreach (var entry in bySource[source])
            {
                var affected = entry.Status switch
                {
                    "open" => true,
                    "resolved" when entry.Fixed is not null && DpkgVersion.TryParse(version, out var have) && DpkgVersion.TryParse(entry.Fixed, out var fixedIn)
                        => DpkgVersion.Compare(have, fixedIn) < 0,
                    _ => false,
                };
                if (affected)
                {
                    findings.Add(new FindingCandidate(entry.Cve, package.PackageName!, package.Version, entry.Fixed, "debian",
                        $"debian {release} {source}: {entry.Status}{(entry.Fixed is null ? "" : " in " + entry.Fixed)}"));
                }
            }
        }
        return findings;
    }
}
