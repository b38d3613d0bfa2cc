using System.IO.Compression;
using System.Text.Json;
using Vigie.Core.Vulnerabilities.Matching;

namespace Vigie.Core.Tests.Vulnerabilities.Matching;

/// <summary>
/// The real CVE data samples in <c>../shared/data/cve</c>, read once per test run (located by
/// <see cref="Vigie.Testing.SharedFixtures"/>: missing, the test fails when <c>CI=true</c> and is skipped otherwise).
/// </summary>
internal static class CveTestData
{
    public const string DpkgVectorsFile = "dpkg-compare-versions-vectors.tsv.gz";
    public const string NvdPageFile = "vunnel-fixture-nvd-api2-page-38cves.json.gz";
    public const string OverridesFile = "anchore-nvd-overrides-configurations-20260821.jsonl.gz";
    public const string VulnrichmentFile = "vulnrichment-cve5-20241024.jsonl.gz";

    // Records the real-data tests pick from the two large files; each file is read in one pass.
    private static readonly HashSet<string> OverrideIds =
    [
        "CVE-2011-0786", "CVE-2011-3109", "CVE-2014-125112", "CVE-2014-2522", "CVE-2016-0402", "CVE-2021-23839",
        "CVE-2022-31114", "CVE-2023-22514", "CVE-2023-44487", "CVE-2023-7228", "CVE-2024-23672", "CVE-2025-27210", "CVE-2026-11616",
    ];

    private static readonly HashSet<string> VulnrichmentIds =
    [
        "CVE-2016-15041", "CVE-2018-8863", "CVE-2019-16572", "CVE-2020-36695", "CVE-2021-41133", "CVE-2022-33240",
        "CVE-2024-40900", "CVE-2023-4762", "CVE-2024-5160",
    ];

    private static readonly Lazy<IReadOnlyList<(string A, string B, string Relation)>> DpkgVectorsCache = new(LoadDpkgVectors);
    private static readonly Lazy<Dictionary<string, string>> NvdPageCache = new(LoadNvdPage);
    private static readonly Lazy<OverridesSnapshot> OverridesCache = new(LoadOverrides);
    private static readonly Lazy<Dictionary<string, string>> VulnrichmentCache = new(LoadVulnrichment);

    public static IReadOnlyList<(string A, string B, string Relation)> DpkgVectors => DpkgVectorsCache.Value;

    public static OverridesSnapshot Overrides => OverridesCache.Value;

    /// <summary>The <c>cve</c> object of a record in the NVD API page.</summary>
    public static string NvdPageRecord(string id) =>
        NvdPageCache.Value.TryGetValue(id, out var json) ? json : throw new ArgumentException($"{id} is not in {NvdPageFile}.");

    public static IReadOnlyList<NvdConfiguration> NvdPageConfigurations(string id) => NvdConfigurationParser.Parse(NvdPageRecord(id));

    public static IReadOnlyList<NvdConfiguration> OverrideConfigurations(string id) =>
        Overrides.Records.TryGetValue(id, out var json)
            ? NvdConfigurationParser.Parse(json)
            : throw new ArgumentException($"{id} is not among the overrides records CveTestData keeps.");

    public static IReadOnlyList<Cve5Affected> VulnrichmentAffected(string id) =>
        VulnrichmentCache.Value.TryGetValue(id, out var json)
            ? Cve5AffectedParser.Parse(json)
            : throw new ArgumentException($"{id} is not among the vulnrichment records CveTestData keeps.");

    /// <summary>The record's CNA and ADP entries as the importer stores them (ADP entries marked).</summary>
    public static IReadOnlyList<Cve5Affected> VulnrichmentStoredAffected(string id)
    {
        using var document = System.Text.Json.JsonDocument.Parse(VulnrichmentCache.Value[id]);
        return Cve5AffectedParser.Parse(Vigie.Core.Vulnerabilities.KnowledgeBase.CveParsers.FromCve5(document.RootElement).AffectedJson!);
    }

    public static string PathOf(string file) => Vigie.Testing.SharedFixtures.Path("data", "cve", file);

    public static IEnumerable<string> ReadLines(string file)
    {
        using var stream = new GZipStream(File.OpenRead(PathOf(file)), CompressionMode.Decompress);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }

    private static List<(string, string, string)> LoadDpkgVectors()
    {
        var vectors = new List<(string, string, string)>();
        foreach (var line in ReadLines(DpkgVectorsFile).Skip(1))
        {
            var columns = line.Split('\t');
            if (columns.Length == 3)
            {
                vectors.Add((columns[0], columns[1], columns[2]));
            }
        }
        return vectors;
    }

    private static Dictionary<string, string> LoadNvdPage()
    {
        using var stream = new GZipStream(File.OpenRead(PathOf(NvdPageFile)), CompressionMode.Decompress);
        using var document = JsonDocument.Parse(stream);
        var records = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in document.RootElement.GetProperty("vulnerabilities").EnumerateArray())
        {
            var cve = item.GetProperty("cve");
            records[cve.GetProperty("id").GetString()!] = cve.GetRawText();
        }
        return records;
    }

    private static OverridesSnapshot LoadOverrides()
    {
        var snapshot = new OverridesSnapshot();
        foreach (var line in ReadLines(OverridesFile))
        {
            using var document = JsonDocument.Parse(line);
            var id = document.RootElement.GetProperty("_annotation").GetProperty("cve_id").GetString()!;
            snapshot.RecordCount++;
            if (OverrideIds.Contains(id))
            {
                snapshot.Records[id] = line;
            }
            try
            {
                var configurations = NvdConfigurationParser.Parse(document.RootElement);
                snapshot.ConfigurationCount += configurations.Count;
                foreach (var match in configurations.SelectMany(c => c.Nodes).SelectMany(n => n.CpeMatches))
                {
                    snapshot.CpeMatchCount++;
                    snapshot.Criteria.Add(match.Criteria.ToString());
                    if (match.HasVersionRange)
                    {
                        snapshot.RangeEntries.Add(match with { MatchCriteriaId = null });
                    }
                }
            }
            catch (FormatException ex)
            {
                snapshot.Failures.Add($"{id}: {ex.Message}");
            }
        }
        return snapshot;
    }

    private static Dictionary<string, string> LoadVulnrichment()
    {
        var records = new Dictionary<string, string>(StringComparer.Ordinal);
        const string key = "\"cveId\":\"";
        foreach (var line in ReadLines(VulnrichmentFile))
        {
            var at = line.IndexOf(key, StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }
            var start = at + key.Length;
            var id = line[start..line.IndexOf('"', start)];
            if (VulnrichmentIds.Contains(id))
            {
                records[id] = line;
                if (records.Count == VulnrichmentIds.Count)
                {
                    break;
                }
            }
        }
        return records;
    }

    /// <summary>What one pass over the overrides file found: counts, every distinct criteria, parse failures.</summary>
    internal sealed class OverridesSnapshot
    {
        public int RecordCount { get; set; }

        public int ConfigurationCount { get; set; }

        public int CpeMatchCount { get; set; }

        public HashSet<string> Criteria { get; } = new(StringComparer.Ordinal);

        /// <summary>Every distinct cpeMatch entry with version bounds.</summary>
        public HashSet<NvdCpeMatch> RangeEntries { get; } = [];

        public List<string> Failures { get; } = [];

        public Dictionary<string, string> Records { get; } = new(StringComparer.Ordinal);
    }
}
