namespace Vigie.Core.Vulnerabilities.Findings;

/// <summary>
/// A CVE that applies to an installed program, with how it was decided: <c>Path</c> is <c>debian</c> (tracker,
/// dpkg ordering), <c>nvd</c> (configurations) or <c>cve5</c> (CNA affected list); <c>Rule</c> says which entry fired.
/// </summary>
public sealed record FindingCandidate(string CveId, string Software, string? InstalledVersion, string? FixedVersion, string Path, string Rule);
