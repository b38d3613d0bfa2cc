namespace Vigie.Core.Vulnerabilities.Matching;

/// <summary>
/// The status of a product version under a CVE JSON 5 record, with the affected entry and version entry that
/// decided it (null where none did).
/// </summary>
public sealed record Cve5Evaluation(Cve5Status Status, Cve5Basis Basis, Cve5Affected? Product, Cve5AffectedVersion? Version);
