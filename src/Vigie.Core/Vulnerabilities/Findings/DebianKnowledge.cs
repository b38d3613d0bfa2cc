using Vigie.Core.Inventory;
using Vigie.Core.Vulnerabilities.Matching;

namespace Vigie.Core.Vulnerabilities.Findings;

/// <summary>
/// The distribution path for dpkg packages of one Debian release: binary package → source package (Packages map),
/// then the security tracker's status for the release, compared with dpkg ordering. NVD ranges are never applied here:
/// Debian backports fixes, and upstream version numbers would flag fixed packages.
/// </summary>
public sealed class DebianKnowledge
{
    private readonly string _release;
    private readonly Dictionary<string, DebianEntry[]> _bySource;
    private readonly Dictionary<(string Binary, string Version), (string Source, string Version)> _exact = [];
    private readonly Dictionary<string, string> _sourceOfBinary = new(StringComparer.Ordinal);

    internal DebianKnowledge(string release, IEnumerable<(string Source, string Cve, string Status, string? Fixed)> entries,
        IEnumerable<(string Binary, string BinaryVersion, string Source, string SourceVersion)> map)
    {
        _release = release;
        _bySource = entries.GroupBy(e => e.Source, StringComparer.Ordinal).ToDictionary(g => g.Key,
            g => g.Select(e => new DebianEntry(e.Cve, e.Status, e.Fixed, DpkgVersion.TryParse(e.Fixed, out var v) ? v : null)).ToArray(), StringComparer.Ordinal);
        foreach (var row in map)
        {
            _exact[(row.Binary, row.BinaryVersion)] = (row.Source, row.SourceVersion);
            _sourceOfBinary.TryAdd(row.Binary, row.Source);
        }
    }

    /// <summary>Whether the path applies to a program: a dpkg package with a version.</summary>
    public static bool Applies(AssetSoftwareItem item) => item.PackageName is not null && item.Version is not null && item.Source is "deb" or "dpkg";

    /// <summary>dpkg's <c>binary:Package</c> adds ":arch" to multi-arch packages (<c>libssl3:amd64</c>); maps and trackers use the bare name.</summary>
    internal static string BinaryName(string package) => package.Split(':', 2)[0];

    public void Match(AssetSoftwareItem item, List<FindingCandidate> into)
    {
        var binary = BinaryName(item.PackageName!);
        // The tracker's versions are source versions: a binNMU (+b1) or a binary versioned apart from its source compares as its source.
        var (source, version) = _exact.TryGetValue((binary, item.Version!), out var exact)
            ? exact
            : (_sourceOfBinary.GetValueOrDefault(binary, binary), item.Version!);
        if (!_bySource.TryGetValue(source, out var entries))
        {
            return;
        }
        DpkgVersion? have = null;
        var parsed = false;
        foreach (var entry in entries)
        {
            var affected = entry.Status == "open";
            if (entry.Status == "resolved" && entry.FixedVersion is not null)
            {
                if (!parsed)
                {
                    parsed = true;
                    DpkgVersion.TryParse(version, out have);
                }
                affected = have is not null && DpkgVersion.Compare(have, entry.FixedVersion) < 0;
            }
            if (affected)
            {
                into.Add(new FindingCandidate(entry.CveId, item.PackageName!, item.Version, entry.Fixed, "debian",
                    $"debian {_release} {source}: {entry.Status}{(entry.Fixed is null ? "" : " in " + entry.Fixed)}"));
            }
        }
    }

    private sealed record DebianEntry(string CveId, string Status, string? Fixed, DpkgVersion? FixedVersion);
}
