using System.ComponentModel.DataAnnotations;

namespace Vigie.Core.Vulnerabilities.KnowledgeBase.Sync;

/// <summary>Scheduled download of knowledge-base sources (off by default: air-gapped sites import files). Bound from <c>CveSync</c>.</summary>
public sealed class CveSyncOptions
{
    public const string Section = "CveSync";

    public bool Enabled { get; set; }

    [Range(1, 720)] public int IntervalHours { get; set; } = 24;

    /// <summary>Records per NVD API page (the API's maximum is 2,000).</summary>
    [Range(1, 2000)] public int NvdPageSize { get; set; } = 2000;

    /// <summary>
    /// A URL or e-mail address added to the User-Agent (<c>Vigie/1.0 (CVE knowledge-base sync; +contact)</c>) so a
    /// source's operator can reach the site before throttling it, as vulnerability-lookup asks.
    /// </summary>
    [RegularExpression(@"^[\x20-\x27\x2A-\x5B\x5D-\x7E]{0,200}$", ErrorMessage = "Contact must be printable ASCII without parentheses or backslashes.")]
    public string? Contact { get; set; }

    public List<CveSyncSource> Sources { get; set; } = [];
}

/// <summary>
/// One source. <c>Kind</c> <c>file</c>: the URL is a file in any format <c>vigie cve import</c> reads (NVD yearly
/// feed, CVE 5 JSONL, KEV catalogue, Debian tracker JSON, Debian package map), downloaded whole each time.
/// <c>nvd-api</c>: the NVD CVE API 2.0 base URL, paged and incremental (<c>lastModStartDate</c> since the last success).
/// <c>vulnerability-lookup</c>: the base URL of a CIRCL vulnerability-lookup instance (<c>https://vulnerability.circl.lu</c>
/// or an organisation's own); its <c>/api/vulnerability/</c> listing of <see cref="Feed"/> is read page by page from
/// the day before the last success, or from <see cref="Since"/> on the first run.
/// </summary>
public sealed class CveSyncSource
{
    [Required] public string Name { get; set; } = "";
    [Required] public string Url { get; set; } = "";
    public string Kind { get; set; } = "file";

    /// <summary>
    /// Sent as the <c>apiKey</c> header to the NVD API, as <c>X-API-KEY</c> to vulnerability-lookup (both raise the
    /// rate limit; vulnerability-lookup counts a keyed client by its key rather than its address).
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>vulnerability-lookup: the source listed, <c>cvelistv5</c> (CVE 5 records) or <c>fkie_nvd</c> (NVD records).</summary>
    public string Feed { get; set; } = "cvelistv5";

    /// <summary>
    /// vulnerability-lookup: the first day listed on the first run (later runs start the day before the last success).
    /// Default: 30 days before the first run; bootstrap older history from a CVE 5 file rather than from the API.
    /// </summary>
    public DateOnly? Since { get; set; }
}
