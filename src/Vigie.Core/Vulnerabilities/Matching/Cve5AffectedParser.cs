using System.Text.Json;
using static Vigie.Core.Vulnerabilities.Matching.StrictJson;

namespace Vigie.Core.Vulnerabilities.Matching;

/// <summary>Reads the <c>affected</c> array of a CVE JSON 5 record. Throws <see cref="FormatException"/> on a malformed one.</summary>
public static class Cve5AffectedParser
{
    /// <summary>The property marking an entry taken from an ADP container.</summary>
    public const string AdpMarker = "x_vigieOrigin";

    public static IReadOnlyList<Cve5Affected> Parse(string json) => StrictJson.Parse<IReadOnlyList<Cve5Affected>>(json, Parse);

    /// <summary>
    /// Accepts the <c>affected</c> array itself, a container holding it (CNA or ADP), or a whole record (whose CNA
    /// container is read). Nothing there: empty.
    /// </summary>
    public static IReadOnlyList<Cve5Affected> Parse(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return ParseArray(element);
        }
        if (element.TryGetProperty("affected", out var affected))
        {
            return ParseArray(affected);
        }
        return element.TryGetProperty("containers", out var containers)
            && containers.ValueKind == JsonValueKind.Object
            && containers.TryGetProperty("cna", out var cna)
            ? Parse(cna)
            : [];
    }

    private static List<Cve5Affected> ParseArray(JsonElement element)
    {
        var result = new List<Cve5Affected>();
        var index = 0;
        foreach (var entry in Items(element, "affected"))
        {
            result.Add(ParseProduct(entry, $"affected[{index++}]"));
        }
        return result;
    }

    private static Cve5Affected ParseProduct(JsonElement element, string path)
    {
        var versions = new List<Cve5AffectedVersion>();
        if (Optional(element, "versions", path) is { } items)
        {
            var index = 0;
            foreach (var item in Items(items, $"{path}.versions"))
            {
                versions.Add(ParseVersion(item, $"{path}.versions[{index++}]"));
            }
        }
        var platforms = new List<string>();
        if (Optional(element, "platforms", path) is { } platformItems)
        {
            foreach (var platform in Items(platformItems, $"{path}.platforms"))
            {
                if (platform.ValueKind == JsonValueKind.String)
                {
                    platforms.Add(platform.GetString()!);
                }
            }
        }
        return new Cve5Affected(
            String(element, "vendor", path),
            String(element, "product", path),
            Status(String(element, "defaultStatus", path)),
            versions)
        {
            PackageName = String(element, "packageName", path),
            Platforms = platforms,
            FromAdp = String(element, AdpMarker, path) == "adp",
        };
    }

    private static Cve5AffectedVersion ParseVersion(JsonElement element, string path)
    {
        var changes = new List<Cve5VersionChange>();
        if (Optional(element, "changes", path) is { } items)
        {
            var index = 0;
            foreach (var change in Items(items, $"{path}.changes"))
            {
                var changePath = $"{path}.changes[{index++}]";
                var at = String(change, "at", changePath) ?? throw new FormatException($"{changePath}: 'at' is missing.");
                changes.Add(new Cve5VersionChange(at, Status(String(change, "status", changePath))));
            }
        }
        return new Cve5AffectedVersion(
            String(element, "version", path) ?? "",
            Status(String(element, "status", path)),
            String(element, "versionType", path),
            String(element, "lessThan", path),
            String(element, "lessThanOrEqual", path))
        {
            Changes = changes,
        };
    }

    private static Cve5Status Status(string? status) => status?.Trim().ToLowerInvariant() switch
    {
        "affected" => Cve5Status.Affected,
        "unaffected" => Cve5Status.Unaffected,
        _ => Cve5Status.Unknown,
    };
}
