using System.Globalization;
using System.Text.Json;
using Vigie.Core.Vulnerabilities.Matching;

namespace Vigie.Core.Vulnerabilities.KnowledgeBase;

/// <summary>Reads one CVE from each supported document shape into a <see cref="CveRecord"/>.</summary>
public static class CveParsers
{
    /// <summary>An NVD CVE API 2.0 / feed item's <c>cve</c> object.</summary>
    public static CveRecord FromNvd(JsonElement cve, string source = "nvd")
    {
        var id = RequireId(Required(cve, "id").GetString());
        var status = String(cve, "vulnStatus");
        string? configurations = cve.TryGetProperty("configurations", out var c) && c.ValueKind == JsonValueKind.Array && c.GetArrayLength() > 0
            ? c.GetRawText() : null;
        return new CveRecord(
            id,
            source,
            Rejected: string.Equals(status, "Rejected", StringComparison.OrdinalIgnoreCase),
            Description: EnglishDescription(cve, "descriptions"),
            Published: Time(String(cve, "published")),
            Modified: Time(String(cve, "lastModified")),
            NvdStatus: status,
            Cvss: cve.TryGetProperty("metrics", out var metrics) ? CvssParser.FromNvd(metrics) : null,
            ConfigurationsJson: configurations,
            AffectedJson: null,
            Products: configurations is null ? [] : ProductsOfConfigurations(c));
    }

    /// <summary>A line of Anchore's NVD overrides: <c>{"_annotation": {...}, "cve": {"configurations": [...]}}</c>.</summary>
    public static CveRecord FromNvdOverride(JsonElement line)
    {
        var annotation = Required(line, "_annotation");
        var cve = Required(line, "cve");
        // An override may empty a record (for instance once the CVE is rejected): no configuration applies any more.
        var configurations = cve.TryGetProperty("configurations", out var c) && c.ValueKind == JsonValueKind.Array ? c : default;
        return new CveRecord(
            RequireId(Required(annotation, "cve_id").GetString()),
            "nvd-override",
            Rejected: false,
            Description: String(annotation, "description"),
            Published: Time(String(annotation, "published")),
            Modified: Time(String(annotation, "modified")),
            NvdStatus: null,
            Cvss: null,
            ConfigurationsJson: configurations.ValueKind == JsonValueKind.Array ? configurations.GetRawText() : "[]",
            AffectedJson: null,
            Products: configurations.ValueKind == JsonValueKind.Array ? ProductsOfConfigurations(configurations) : []);
    }

    /// <summary>A CVE JSON 5.x record (CNA container plus ADP containers such as CISA vulnrichment).</summary>
    public static CveRecord FromCve5(JsonElement record, string source = "cve5")
    {
        var metadata = Required(record, "cveMetadata");
        var id = RequireId(Required(metadata, "cveId").GetString());
        var rejected = string.Equals(String(metadata, "state"), "REJECTED", StringComparison.OrdinalIgnoreCase);
        var containers = Required(record, "containers");
        var cna = containers.TryGetProperty("cna", out var cnaElement) ? cnaElement : default;
        var adps = containers.TryGetProperty("adp", out var adpElement) && adpElement.ValueKind == JsonValueKind.Array
            ? adpElement.EnumerateArray().ToList() : [];
        var affected = new List<JsonElement>();
        var stored = new List<string>();
        foreach (var (container, fromAdp) in adps.Select(a => (a, true)).Prepend((cna, false)).Where(e => e.Item1.ValueKind == JsonValueKind.Object))
        {
            if (container.TryGetProperty("affected", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var entry in list.EnumerateArray())
                {
                    affected.Add(entry);
                    stored.Add(fromAdp && entry.ValueKind == JsonValueKind.Object ? MarkAdp(entry) : entry.GetRawText());
                }
            }
        }
        var products = affected
            .Select(a => (Vendor: Normalise(String(a, "vendor")), Product: Normalise(String(a, "product"))))
            .Where(p => p.Vendor is not null && p.Product is not null && p.Vendor != "n/a" && p.Product != "n/a")
            .Select(p => (p.Vendor!, p.Product!))
            .Distinct().ToList();
        var metrics = adps.Prepend(cna).Where(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("metrics", out _))
            .Select(e => e.GetProperty("metrics"));
        return new CveRecord(
            id,
            source,
            rejected,
            Description: cna.ValueKind == JsonValueKind.Object ? EnglishDescription(cna, "descriptions") : null,
            Published: Time(String(metadata, "datePublished")),
            Modified: Time(String(metadata, "dateUpdated")),
            NvdStatus: null,
            Cvss: CvssParser.FromCve5(metrics),
            ConfigurationsJson: null,
            AffectedJson: stored.Count == 0 ? null : "[" + string.Join(",", stored) + "]",
            Products: products);
    }

    /// <summary>Vendor and product of every <c>criteria</c> in NVD configurations (escaped characters honoured).</summary>
    internal static IReadOnlyCollection<(string Vendor, string Product)> ProductsOfConfigurations(JsonElement configurations)
    {
        var products = new HashSet<(string, string)>();
        foreach (var configuration in configurations.EnumerateArray())
        {
            if (!configuration.TryGetProperty("nodes", out var nodes))
            {
                continue;
            }
            foreach (var node in nodes.EnumerateArray())
            {
                if (!node.TryGetProperty("cpeMatch", out var matches))
                {
                    continue;
                }
                foreach (var match in matches.EnumerateArray())
                {
                    if (match.TryGetProperty("criteria", out var criteria) && CpeVendorProduct(criteria.GetString()) is { } vp)
                    {
                        products.Add(vp);
                    }
                }
            }
        }
        return products;
    }

    /// <summary>Vendor and product of a CPE 2.3 formatted string (escapes undone), when both are plain values.</summary>
    internal static (string Vendor, string Product)? CpeVendorProduct(string? cpe) =>
        Cpe23.TryParse(cpe, out var parsed) && parsed.Vendor.Kind == CpeValueKind.Value && parsed.Product.Kind == CpeValueKind.Value
            ? (parsed.Vendor.Value.ToLowerInvariant(), parsed.Product.Value.ToLowerInvariant())
            : null;

    private static JsonElement Required(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value : throw new FormatException($"the '{name}' member is missing");

    /// <summary>An ADP entry as stored: its JSON with the marker the matcher reads (<see cref="Cve5Affected.FromAdp"/>).</summary>
    private static string MarkAdp(JsonElement entry)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(entry.GetRawText())!.AsObject();
        node[Cve5AffectedParser.AdpMarker] = "adp";
        return node.ToJsonString();
    }

    private static string? Normalise(string? name) =>
        string.IsNullOrWhiteSpace(name) ? null : name.Trim().ToLowerInvariant().Replace(' ', '_');

    private static string RequireId(string? id) =>
        id is not null && id.StartsWith("CVE-", StringComparison.Ordinal) && id.Length <= 30
            ? id : throw new FormatException($"'{id}' is not a CVE id.");

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() : null;

    private static string? EnglishDescription(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        var english = list.EnumerateArray().FirstOrDefault(d => String(d, "lang") is "en" or "en-US" or "eng");
        return String(english.ValueKind == JsonValueKind.Object ? english : list.EnumerateArray().FirstOrDefault(), "value");
    }

    internal static DateTimeOffset? Time(string? text) =>
        text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t : null;
}
