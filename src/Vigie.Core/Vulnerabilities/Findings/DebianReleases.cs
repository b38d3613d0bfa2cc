namespace Vigie.Core.Vulnerabilities.Findings;

/// <summary>Debian's release codenames, as the security tracker names them, by major version.</summary>
internal static class DebianReleases
{
    private static readonly Dictionary<string, string> Codenames = new(StringComparer.Ordinal)
    {
        ["8"] = "jessie", ["9"] = "stretch", ["10"] = "buster", ["11"] = "bullseye", ["12"] = "bookworm", ["13"] = "trixie", ["14"] = "forky",
    };

    /// <summary>The codename for an asset's OS ("Debian GNU/Linux 12 (bookworm)", version "12.11"), or null when not Debian.</summary>
    public static string? Codename(string? osName, string? osVersion)
    {
        if (osName is null || !osName.Contains("Debian", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        foreach (var candidate in new[] { osVersion, osName })
        {
            var digits = new string((candidate ?? "").SkipWhile(c => !char.IsAsciiDigit(c)).TakeWhile(char.IsAsciiDigit).ToArray());
            if (Codenames.TryGetValue(digits, out var codename))
            {
                return codename;
            }
        }
        return Codenames.Values.FirstOrDefault(c => osName.Contains(c, StringComparison.OrdinalIgnoreCase));
    }
}
