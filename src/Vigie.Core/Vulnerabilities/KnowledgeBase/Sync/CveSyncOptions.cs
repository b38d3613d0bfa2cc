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

    public List<CveSyncSource> Sources { get; set; } = [];
}

/// <summary>
/// One source. <c>Kind</c> <c>file</c>: the URL is a file in any format <c>vigie cve import</c> reads (NVD yearly
/// feed, CVE 5 JSONL, KEV catalogue, Debian tracker JSON, Debian package map), downloaded whole each time.
/// <c>nvd-api</c>: the NVD CVE API 2.0 base URL, paged and incremental (<c>lastModStartDate</c> since the last success).
/// </summary>
public sealed class CveSyncSource
{
    [Required] public string Name { get; set; } = "";
    [Required] public string Url { get; set; } = "";
    public string Kind { get; set; } = "file";

    /// <summary>Sent as the <c>apiKey</c> header to the NVD API (raises its rate limit).</summary>
    public string? ApiKey { get; set; }
}
