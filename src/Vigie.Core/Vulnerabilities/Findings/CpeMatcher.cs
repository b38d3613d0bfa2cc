using System.Data.Common;
using Dapper;
using Vigie.Core.Inventory;
using Vigie.Core.Vulnerabilities.Matching;
using Vigie.Core.Vulnerabilities.Translation;

namespace Vigie.Core.Vulnerabilities.Findings;

/// <summary>
/// The CPE path for programs that are not distribution packages (Windows programs, firmware): translate to NVD's
/// vendor/product, then evaluate the NVD configurations of every CVE naming that product; CVE 5 <c>affected</c>
/// lists decide for CVEs NVD has not analysed. Undetermined comparisons are not reported as findings.
/// </summary>
internal static class CpeMatcher
{
    public static async Task<IReadOnlyList<FindingCandidate>> MatchAsync(DbConnection c, SoftwareTranslator translator, AssetSoftwareSet asset,
        CancellationToken ct)
    {
        var programs = asset.Software.Where(s => s.PackageName is null).Select(s => (Item: s.Name, s.Publisher, s.Version)).ToList();
        if (asset.Firmware is not null || asset.OsName is not null && asset.Kind == "network")
        {
            programs.Add((asset.OsName ?? asset.Firmware!, null, asset.Firmware));
        }
        var findings = new List<FindingCandidate>();
        foreach (var (name, publisher, version) in programs)
        {
            if (translator.Translate(publisher, name, version) is not { } candidate || candidate.Version is null)
            {
                continue;
            }
            var product = new InstalledProduct(Cpe23.Create(candidate.Part, candidate.Vendor, candidate.Product, candidate.Version));
            var cves = await c.QueryAsync<(string Id, string? Configurations, string? Affected)>(new CommandDefinition(
                """
                SELECT v.id, v.configurations, v.affected FROM vuln_cve_products p JOIN vuln_cves v ON v.id = p.cve_id
                WHERE p.vendor = @Vendor AND p.product = @Product AND v.rejected = @False
                """, new { candidate.Vendor, candidate.Product, False = false }, cancellationToken: ct));
            foreach (var (id, configurations, affected) in cves)
            {
                if (Decide(id, configurations, affected, product, candidate) is { } finding)
                {
                    findings.Add(finding with { Software = name });
                }
            }
        }
        return findings;
    }

    private static FindingCandidate? Decide(string id, string? configurations, string? affected, InstalledProduct product, CpeCandidate candidate)
    {
        if (configurations is not null)
        {
            IReadOnlyList<NvdConfiguration> parsed;
            try
            {
                parsed = NvdConfigurationParser.Parse(configurations);
            }
            catch (FormatException)
            {
                return null;
            }
            var evaluation = NvdConfigurationEvaluator.Evaluate(parsed, [product]);
            if (!evaluation.IsVulnerable)
            {
                return null;
            }
            var match = evaluation.Matches[0].CpeMatch;
            return new FindingCandidate(id, "", candidate.Version, match.VersionEndExcluding, "nvd",
                $"{match.Criteria}{Bound(">=", match.VersionStartIncluding)}{Bound(">", match.VersionStartExcluding)}{Bound("<=", match.VersionEndIncluding)}{Bound("<", match.VersionEndExcluding)}");
        }
        if (affected is not null)
        {
            var evaluation = Cve5AffectedEvaluator.Evaluate(Cve5AffectedParser.Parse(affected), candidate.Vendor, candidate.Product, candidate.Version!);
            return evaluation.Status == Cve5Status.Affected
                ? new FindingCandidate(id, "", candidate.Version, evaluation.Version?.LessThan, "cve5", $"cve5 {candidate.Vendor}:{candidate.Product} {evaluation.Basis}")
                : null;
        }
        return null;
    }

    private static string Bound(string op, string? value) => value is null ? "" : $" {op} {value}";
}
