using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Vigie.Core.Vulnerabilities.Translation;

/// <summary>
/// Translates (publisher, name, version) as the agents report Windows programs, and firmware strings, into NVD CPE
/// vendor/product/version through Vigie's own table (<c>software-translations.json</c>): first rule that matches wins.
/// A program no rule knows is "not assessed" — never silently clean, never guessed.
/// </summary>
public sealed partial class SoftwareTranslator
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);
    private readonly IReadOnlyList<TranslationRule> _rules;

    public SoftwareTranslator(IReadOnlyList<TranslationRule> rules) => _rules = rules;

    public IReadOnlyList<TranslationRule> Rules => _rules;

    /// <summary>The table shipped in the repository.</summary>
    public static SoftwareTranslator Default { get; } = new(Parse(EmbeddedJson()));

    /// <summary>The JSON of the table shipped in the repository.</summary>
    public static string EmbeddedJson()
    {
        var assembly = typeof(SoftwareTranslator).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("software-translations.json", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public CpeCandidate? Translate(string? publisher, string name, string? version)
    {
        foreach (var rule in _rules)
        {
            if (rule.Publisher is not null && (publisher is null || !rule.Publisher.IsMatch(publisher)))
            {
                continue;
            }
            var match = rule.Name.Match(name);
            if (!match.Success)
            {
                continue;
            }
            return new CpeCandidate(rule.Id, rule.Part, rule.Vendor, rule.Product, Expand(rule.VersionTemplate, match, version),
                rule.UpdateTemplate is null ? null : Expand(rule.UpdateTemplate, match, version));
        }
        return null;
    }

    /// <summary>Reads a table in the JSON shape of <c>software-translations.json</c>; bad rules are refused with their id.</summary>
    public static IReadOnlyList<TranslationRule> Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"not JSON: {ex.Message}");
        }
        using var owned = document;
        if (!document.RootElement.TryGetProperty("rules", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("the table must be an object with a 'rules' array");
        }
        var rules = new List<TranslationRule>();
        foreach (var element in list.EnumerateArray())
        {
            var id = element.TryGetProperty("id", out var idElement) ? idElement.GetString() ?? "" : throw new FormatException("a rule has no id");
            if (rules.Any(r => r.Id == id))
            {
                throw new FormatException($"rule {id}: the id is used twice");
            }
            if (!element.TryGetProperty("name", out _) || !element.TryGetProperty("cpe", out _))
            {
                throw new FormatException($"rule {id}: 'name' and 'cpe' are required");
            }
            var cpe = (element.GetProperty("cpe").GetString() ?? "").Split(':', 3);
            if (cpe.Length != 3 || cpe[0] is not ("a" or "o" or "h") || cpe[1].Length == 0 || cpe[2].Length == 0)
            {
                throw new FormatException($"rule {id}: 'cpe' must be part:vendor:product");
            }
            try
            {
                rules.Add(new TranslationRule(
                    id,
                    element.TryGetProperty("publisher", out var publisher) ? Compile(publisher.GetString()!) : null,
                    Compile(element.GetProperty("name").GetString()!),
                    cpe[0][0],
                    Unescape(cpe[1]),
                    Unescape(cpe[2]),
                    element.TryGetProperty("version", out var version) ? version.GetString()! : "${version}",
                    element.TryGetProperty("update", out var update) ? update.GetString() : null));
            }
            catch (ArgumentException ex)
            {
                throw new FormatException($"rule {id}: {ex.Message}");
            }
        }
        return rules;
    }

    private static Regex Compile(string pattern) =>
        new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, RegexTimeout);

    private static string Unescape(string value) => CpeEscape().Replace(value, "$1");

    private static string? Expand(string template, Match match, string? version)
    {
        var missing = false;
        var result = Placeholder().Replace(template, m =>
        {
            var key = m.Groups[1].Value;
            var value = key == "version" ? version : match.Groups[key] is { Success: true } g ? g.Value : null;
            missing |= string.IsNullOrEmpty(value);
            return value ?? "";
        });
        return missing ? null : result;
    }

    [GeneratedRegex(@"\$\{([A-Za-z]\w*)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\\(.)")]
    private static partial Regex CpeEscape();
}
