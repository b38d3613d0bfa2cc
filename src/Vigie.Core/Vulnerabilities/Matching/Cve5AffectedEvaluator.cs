namespace Vigie.Core.Vulnerabilities.Matching;

/// <summary>
/// Decides the status of a product version under the <c>affected</c> entries of a CVE JSON 5 record, the fallback
/// for CVEs NVD has not analysed. Follows the record format's algorithm: the first version entry that holds the
/// version gives its status (after any status changes at or below the version), else <c>defaultStatus</c>. Vendor
/// and product compare case-insensitively with blanks collapsed (the product may also be the package name); "n/a"
/// never matches. Versions compare with <see cref="DottedVersion"/> (dpkg order for <c>deb</c>, rpm order for
/// <c>rpm</c>); entries with commit identifiers (<c>git</c>) are skipped, and a product entry holding only those is
/// ignored. When an entry cannot be compared and none decides, the status is unknown
/// (<see cref="Cve5Basis.NotComparable"/>). When several entries name the product (per platform, say), affected
/// wins over unknown, unknown over unaffected. The CNA's entries decide first: ADP entries (CISA vulnrichment) are
/// read only for a product the CNA does not list, or lists with versions that cannot be compared — vulnrichment
/// completes CNA data and never overrides it, and its wildcard entries (<c>"version": "*"</c>) would otherwise flag
/// every version of products whose CNA gave exact ranges.
/// </summary>
public static class Cve5AffectedEvaluator
{
    /// <param name="vendor">Null to match on the product alone.</param>
    /// <param name="platform">Null when unknown: entries restricted to platforms then still apply.</param>
    public static Cve5Evaluation Evaluate(
        IEnumerable<Cve5Affected> affected,
        string? vendor,
        string product,
        string version,
        string? platform = null)
    {
        ArgumentNullException.ThrowIfNull(affected);
        ArgumentException.ThrowIfNullOrWhiteSpace(product);
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        var entries = affected as IReadOnlyCollection<Cve5Affected> ?? affected.ToList();
        var cna = Best(entries.Where(e => !e.FromAdp), vendor, product, version, platform);
        // The CNA decided, or listed the product and said nothing of this version: final.
        if (cna is not null && (cna.Basis == Cve5Basis.DefaultStatus || cna.Basis != Cve5Basis.NotComparable && cna.Status != Cve5Status.Unknown))
        {
            return cna;
        }
        var adp = Best(entries.Where(e => e.FromAdp), vendor, product, version, platform);
        return adp is null ? cna ?? new Cve5Evaluation(Cve5Status.Unknown, Cve5Basis.ProductNotListed, null, null)
            : cna is null || Weight(adp.Status) > Weight(cna.Status) ? adp : cna;
    }

    private static Cve5Evaluation? Best(IEnumerable<Cve5Affected> affected, string? vendor, string product, string version, string? platform)
    {
        Cve5Evaluation? best = null;
        foreach (var entry in affected)
        {
            if (!Names(entry, vendor, product) || !OnPlatform(entry, platform))
            {
                continue;
            }
            var usable = entry.Versions.Where(v => !Cve5VersionRules.IsSourceControl(v.VersionType)).ToList();
            if (entry.Versions.Count > 0 && usable.Count == 0)
            {
                continue;
            }
            var result = EvaluateProduct(entry, usable, version);
            if (best is null || Weight(result.Status) > Weight(best.Status))
            {
                best = result;
            }
        }
        return best;
    }

    private static Cve5Evaluation EvaluateProduct(Cve5Affected entry, List<Cve5AffectedVersion> versions, string version)
    {
        Cve5AffectedVersion? undecided = null;
        foreach (var candidate in versions)
        {
            switch (Cve5VersionRules.Contains(candidate, version))
            {
                case MatchOutcome.Matched:
                    var basis = Cve5VersionRules.IsRangeLike(candidate) ? Cve5Basis.VersionRange : Cve5Basis.ExactVersion;
                    return StatusAfterChanges(candidate, version) is { } status
                        ? new Cve5Evaluation(status, basis, entry, candidate)
                        : new Cve5Evaluation(Cve5Status.Unknown, Cve5Basis.NotComparable, entry, candidate);
                case MatchOutcome.Undetermined:
                    undecided ??= candidate;
                    break;
            }
        }
        return undecided is not null
            ? new Cve5Evaluation(Cve5Status.Unknown, Cve5Basis.NotComparable, entry, undecided)
            : new Cve5Evaluation(entry.DefaultStatus, Cve5Basis.DefaultStatus, entry, null);
    }

    // The change with the highest "at" not above the version wins; null when the changes cannot be ordered.
    private static Cve5Status? StatusAfterChanges(Cve5AffectedVersion entry, string version)
    {
        Cve5VersionChange? latest = null;
        foreach (var change in entry.Changes)
        {
            if (Cve5VersionRules.Compare(change.At, version, entry.VersionType) is not int atOrBelow)
            {
                return null;
            }
            if (atOrBelow > 0)
            {
                continue;
            }
            if (latest is not null)
            {
                if (Cve5VersionRules.Compare(change.At, latest.At, entry.VersionType) is not int order)
                {
                    return null;
                }
                if (order < 0)
                {
                    continue;
                }
            }
            latest = change;
        }
        return latest?.Status ?? entry.Status;
    }

    private static bool Names(Cve5Affected entry, string? vendor, string product)
    {
        if (vendor is not null && !SameName(entry.Vendor, vendor))
        {
            return false;
        }
        return SameName(entry.Product, product) || SameName(entry.PackageName, product);
    }

    private static bool OnPlatform(Cve5Affected entry, string? platform) =>
        platform is null || entry.Platforms.Count == 0 || entry.Platforms.Any(p => SameName(p, platform));

    private static bool SameName(string? listed, string wanted)
    {
        var normalized = Normalize(listed);
        return normalized.Length > 0
            && !normalized.Equals("n/a", StringComparison.OrdinalIgnoreCase)
            && normalized.Equals(Normalize(wanted), StringComparison.OrdinalIgnoreCase);
    }

    private static string Normalize(string? name) =>
        string.Join(' ', (name ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static int Weight(Cve5Status status) => status switch
    {
        Cve5Status.Affected => 2,
        Cve5Status.Unknown => 1,
        _ => 0,
    };
}
