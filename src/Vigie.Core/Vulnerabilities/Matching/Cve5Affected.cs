namespace Vigie.Core.Vulnerabilities.Matching;

/// <summary>
/// One entry of <c>containers.cna.affected</c> (or of an ADP container) in a CVE JSON 5 record: a product, the
/// statuses of its versions, and the status of every version not listed (<see cref="DefaultStatus"/>, unknown when
/// absent). <see cref="Platforms"/> empty means every platform.
/// </summary>
public sealed record Cve5Affected(
    string? Vendor,
    string? Product,
    Cve5Status DefaultStatus,
    IReadOnlyList<Cve5AffectedVersion> Versions)
{
    /// <summary>The package name, for entries naming a package collection rather than a vendor product.</summary>
    public string? PackageName { get; init; }

    public IReadOnlyList<string> Platforms { get; init; } = [];

    /// <summary>
    /// The entry comes from an ADP container (CISA vulnrichment): it completes the CNA's data and never overrides it.
    /// Vigie marks such entries <c>"x_vigieOrigin": "adp"</c> when it stores a record's entries together.
    /// </summary>
    public bool FromAdp { get; init; }
}
