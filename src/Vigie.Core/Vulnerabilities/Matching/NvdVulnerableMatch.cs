namespace Vigie.Core.Vulnerabilities.Matching;

/// <summary>
/// A <c>vulnerable: true</c> criterion and the installed product it matched: the substance of a finding (the
/// vulnerable product, and through <see cref="NvdCpeMatch"/> the criterion and its range).
/// </summary>
public sealed record NvdVulnerableMatch(NvdCpeMatch CpeMatch, InstalledProduct Product);
