namespace Vigie.Core.Vulnerabilities.Translation;

/// <summary>What an installed program is in NVD's vocabulary (vendor and product as CPE values, escapes undone).</summary>
public sealed record CpeCandidate(string RuleId, char Part, string Vendor, string Product, string? Version, string? Update);
