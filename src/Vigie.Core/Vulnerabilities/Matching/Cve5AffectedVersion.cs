namespace Vigie.Core.Vulnerabilities.Matching;

/// <summary>
/// One entry of <c>affected[].versions</c> in a CVE JSON 5 record: a single version, or with <see cref="LessThan"/>
/// or <see cref="LessThanOrEqual"/> the range from <see cref="Version"/> up to that bound (<c>0</c> = no lower bound,
/// <c>*</c> = no upper bound, <c>2.*</c> = up to the end of the 2.x series), with optional status
/// <see cref="Changes"/> inside the range.
/// </summary>
public sealed record Cve5AffectedVersion(
    string Version,
    Cve5Status Status,
    string? VersionType = null,
    string? LessThan = null,
    string? LessThanOrEqual = null)
{
    public IReadOnlyList<Cve5VersionChange> Changes { get; init; } = [];

    public bool IsRange => LessThan is not null || LessThanOrEqual is not null;
}
