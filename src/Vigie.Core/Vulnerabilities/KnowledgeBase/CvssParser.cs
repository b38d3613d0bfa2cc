using System.Text.Json;

namespace Vigie.Core.Vulnerabilities.KnowledgeBase;

/// <summary>Picks the best CVSS metric of an NVD record or a CVE 5 container.</summary>
internal static class CvssParser
{
    private static readonly (string Key, string Version)[] NvdKeys =
        [("cvssMetricV40", "4.0"), ("cvssMetricV31", "3.1"), ("cvssMetricV30", "3.0"), ("cvssMetricV2", "2.0")];

    private static readonly (string Key, string Version)[] Cve5Keys =
        [("cvssV4_0", "4.0"), ("cvssV3_1", "3.1"), ("cvssV3_0", "3.0"), ("cvssV2_0", "2.0")];

    /// <summary>NVD <c>metrics</c>: highest version first; within a version the NVD's own (Primary) score first.</summary>
    public static CvssScore? FromNvd(JsonElement metrics)
    {
        if (metrics.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        foreach (var (key, version) in NvdKeys)
        {
            if (!metrics.TryGetProperty(key, out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
            {
                continue;
            }
            var chosen = list.EnumerateArray().OrderBy(m => m.TryGetProperty("type", out var t) && t.GetString() == "Primary" ? 0 : 1).First();
            if (chosen.TryGetProperty("cvssData", out var data) && Read(data, version, chosen) is { } score)
            {
                return score;
            }
        }
        return null;
    }

    /// <summary>CVE 5 <c>metrics</c> arrays of the CNA and the ADP containers.</summary>
    public static CvssScore? FromCve5(IEnumerable<JsonElement> metricArrays)
    {
        CvssScore? best = null;
        foreach (var metrics in metricArrays)
        {
            if (metrics.ValueKind != JsonValueKind.Array)
            {
                continue;
            }
            foreach (var entry in metrics.EnumerateArray())
            {
                foreach (var (key, version) in Cve5Keys)
                {
                    if (entry.TryGetProperty(key, out var data) && Read(data, version, default) is { } score && (best is null || score.Rank > best.Rank))
                    {
                        best = score;
                    }
                }
            }
        }
        return best;
    }

    private static CvssScore? Read(JsonElement data, string version, JsonElement outer)
    {
        if (!data.TryGetProperty("baseScore", out var scoreElement) || scoreElement.ValueKind != JsonValueKind.Number)
        {
            return null;
        }
        var score = scoreElement.GetDouble();
        var vector = data.TryGetProperty("vectorString", out var v) ? v.GetString() : null;
        string? severity = data.TryGetProperty("baseSeverity", out var s) ? s.GetString()
            : outer.ValueKind == JsonValueKind.Object && outer.TryGetProperty("baseSeverity", out var os) ? os.GetString() : null;
        return new CvssScore(version, vector, score, (severity ?? CvssScore.SeverityOf(score, version)).ToUpperInvariant());
    }
}
