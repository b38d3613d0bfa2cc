namespace Vigie.Core.Vulnerabilities.Matching;

/// <summary>
/// One <c>cpeMatch</c> entry of an NVD CVE API 2.0 configuration node. <see cref="Criteria"/> names the product; a
/// concrete version in it means exactly that version, ANY with bounds means the range the bounds describe, NA means
/// the unversioned product. <see cref="Vulnerable"/> false marks a platform the vulnerable product must run on.
/// </summary>
public sealed record NvdCpeMatch(
    bool Vulnerable,
    Cpe23 Criteria,
    string? MatchCriteriaId = null,
    string? VersionStartIncluding = null,
    string? VersionStartExcluding = null,
    string? VersionEndIncluding = null,
    string? VersionEndExcluding = null)
{
    public bool HasVersionRange =>
        VersionStartIncluding is not null || VersionStartExcluding is not null
        || VersionEndIncluding is not null || VersionEndExcluding is not null;
}
