namespace Vigie.Core.Vulnerabilities.Matching;

/// <summary>A status change inside a CVE JSON 5 version range: from version <see cref="At"/> on, the status is <see cref="Status"/>.</summary>
public sealed record Cve5VersionChange(string At, Cve5Status Status);
