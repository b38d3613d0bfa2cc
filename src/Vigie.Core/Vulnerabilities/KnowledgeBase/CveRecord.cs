namespace Vigie.Core.Vulnerabilities.KnowledgeBase;

/// <summary>
/// What one source says about one CVE, normalised. Fields a source does not carry are null and leave the stored
/// value alone when merged (NVD brings configurations and its metrics, CVE 5 the CNA's affected list and ADP data,
/// the KEV catalogue the exploitation flag).
/// </summary>
public sealed record CveRecord(
    string Id,
    string Source,
    bool Rejected,
    string? Description,
    DateTimeOffset? Published,
    DateTimeOffset? Modified,
    string? NvdStatus,
    CvssScore? Cvss,
    string? ConfigurationsJson,
    string? AffectedJson,
    IReadOnlyCollection<(string Vendor, string Product)> Products);

/// <summary>The severity score kept for a CVE: the highest CVSS version available (4.0 &gt; 3.1 &gt; 3.0 &gt; 2.0).</summary>
public sealed record CvssScore(string Version, string? Vector, double Score, string Severity)
{
    public int Rank => Version switch
    {
        "4.0" => 4,
        "3.1" => 3,
        "3.0" => 2,
        _ => 1,
    };

    /// <summary>Qualitative severity from a score when the source gives none (CVSS v3/v4 bands; v2 has no "critical").</summary>
    public static string SeverityOf(double score, string version) => score switch
    {
        0 => "NONE",
        >= 9.0 when version != "2.0" => "CRITICAL",
        >= 7.0 => "HIGH",
        >= 4.0 => "MEDIUM",
        _ => "LOW",
    };
}
