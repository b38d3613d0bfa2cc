using System.Text.Json;
using static Vigie.Core.Vulnerabilities.Matching.StrictJson;

namespace Vigie.Core.Vulnerabilities.Matching;

/// <summary>
/// Reads the <c>configurations</c> of an NVD CVE API 2.0 record (also the NVD 2.0 feeds and Anchore's overrides,
/// which use the same shape). Throws <see cref="FormatException"/> naming the faulty place.
/// </summary>
public static class NvdConfigurationParser
{
    public static IReadOnlyList<NvdConfiguration> Parse(string json) => StrictJson.Parse<IReadOnlyList<NvdConfiguration>>(json, Parse);

    /// <summary>
    /// Accepts the <c>configurations</c> array itself, a <c>cve</c> object holding it, or an object with a
    /// <c>cve</c> property (an API <c>vulnerabilities[]</c> item, an overrides line). No configurations: empty.
    /// </summary>
    public static IReadOnlyList<NvdConfiguration> Parse(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return ParseArray(element);
        }
        if (element.TryGetProperty("configurations", out var configurations))
        {
            return ParseArray(configurations);
        }
        return element.TryGetProperty("cve", out var cve) && cve.ValueKind == JsonValueKind.Object ? Parse(cve) : [];
    }

    private static List<NvdConfiguration> ParseArray(JsonElement element)
    {
        var result = new List<NvdConfiguration>();
        var index = 0;
        foreach (var configuration in Items(element, "configurations"))
        {
            result.Add(ParseConfiguration(configuration, $"configurations[{index++}]"));
        }
        return result;
    }

    private static NvdConfiguration ParseConfiguration(JsonElement element, string path)
    {
        var nodes = new List<NvdNode>();
        var index = 0;
        foreach (var node in Items(Required(element, "nodes", path), $"{path}.nodes"))
        {
            nodes.Add(ParseNode(node, $"{path}.nodes[{index++}]"));
        }
        return new NvdConfiguration(Operator(element, path), Bool(element, "negate", path) ?? false, nodes);
    }

    private static NvdNode ParseNode(JsonElement element, string path)
    {
        var matches = new List<NvdCpeMatch>();
        var index = 0;
        if (element.TryGetProperty("cpeMatch", out var cpeMatch))
        {
            foreach (var match in Items(cpeMatch, $"{path}.cpeMatch"))
            {
                matches.Add(ParseCpeMatch(match, $"{path}.cpeMatch[{index++}]"));
            }
        }
        return new NvdNode(Operator(element, path), Bool(element, "negate", path) ?? false, matches);
    }

    private static NvdCpeMatch ParseCpeMatch(JsonElement element, string path)
    {
        var vulnerable = Bool(element, "vulnerable", path) ?? throw new FormatException($"{path}: 'vulnerable' is missing.");
        var criteria = String(element, "criteria", path) ?? throw new FormatException($"{path}: 'criteria' is missing.");
        if (!Cpe23.TryParse(criteria, out var cpe, out var error))
        {
            throw new FormatException($"{path}.criteria '{criteria}': {error}.");
        }
        return new NvdCpeMatch(
            vulnerable,
            cpe,
            String(element, "matchCriteriaId", path),
            String(element, "versionStartIncluding", path),
            String(element, "versionStartExcluding", path),
            String(element, "versionEndIncluding", path),
            String(element, "versionEndExcluding", path));
    }

    private static NvdOperator Operator(JsonElement element, string path) =>
        String(element, "operator", path)?.ToUpperInvariant() switch
        {
            null or "OR" => NvdOperator.Or,
            "AND" => NvdOperator.And,
            var other => throw new FormatException($"{path}.operator: '{other}' is neither AND nor OR."),
        };
}
