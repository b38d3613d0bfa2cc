using Vigie.Core.Inventory;
using Vigie.Core.Vulnerabilities.Matching;
using Vigie.Core.Vulnerabilities.Translation;

namespace Vigie.Core.Vulnerabilities.Findings;

/// <summary>
/// The CPE path for programs that are not distribution packages (Windows programs, firmware): translated to NVD's
/// vendor/product, then the NVD configurations of every CVE naming that product are evaluated; CVE 5 <c>affected</c>
/// lists decide for CVEs NVD has not analysed. Undetermined comparisons are not reported as findings.
/// </summary>
internal static class CpeMatcher
{
    public static bool Applies(AssetSoftwareItem item) => item.PackageName is null;

    /// <summary>The firmware or network OS of an asset, matched like a program (it is not in the software catalogue).</summary>
    public static (string Name, string? Version)? Firmware(AssetHeader asset) =>
        asset.Firmware is not null || asset.OsName is not null && asset.Kind == "network" ? (asset.OsName ?? asset.Firmware!, asset.Firmware) : null;

    public static CpeCandidate? Translate(SoftwareTranslator translator, string name, string? publisher, string? version) =>
        translator.Translate(publisher, name, version) is { Version: not null } candidate ? candidate : null;

    public static void Match(CpeCandidate candidate, string software, IReadOnlyList<ProductCve> cves, List<FindingCandidate> into)
    {
        var product = new InstalledProduct(Cpe23.Create(candidate.Part, candidate.Vendor, candidate.Product, candidate.Version!));
        InstalledProduct[] installed = [product];
        foreach (var cve in cves)
        {
            if (Decide(cve, product, installed, candidate) is { } finding)
            {
                into.Add(finding with { Software = software });
            }
        }
    }

    private static FindingCandidate? Decide(ProductCve cve, InstalledProduct product, InstalledProduct[] installed, CpeCandidate candidate)
    {
        if (cve.Configurations is not null)
        {
            var evaluation = NvdConfigurationEvaluator.Evaluate(cve.Configurations, installed);
            if (!evaluation.IsVulnerable)
            {
                return null;
            }
            var match = evaluation.Matches[0].CpeMatch;
            return new FindingCandidate(cve.CveId, "", candidate.Version, match.VersionEndExcluding, "nvd",
                $"{match.Criteria}{Bound(">=", match.VersionStartIncluding)}{Bound(">", match.VersionStartExcluding)}{Bound("<=", match.VersionEndIncluding)}{Bound("<", match.VersionEndExcluding)}");
        }
        var affected = Cve5AffectedEvaluator.Evaluate(cve.Affected!, candidate.Vendor, candidate.Product, candidate.Version!);
        return affected.Status == Cve5Status.Affected
            ? new FindingCandidate(cve.CveId, "", candidate.Version, affected.Version?.LessThan, "cve5", $"cve5 {candidate.Vendor}:{candidate.Product} {affected.Basis}")
            : null;
    }

    private static string Bound(string op, string? value) => value is null ? "" : $" {op} {value}";
}
