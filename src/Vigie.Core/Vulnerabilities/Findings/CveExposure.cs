namespace Vigie.Core.Vulnerabilities.Findings;

/// <summary>One CVE across the fleet: how many assets and findings it has open, on which programs, since when.</summary>
/// <param name="Programs">The distinct programs it was found in, sorted, at most five.</param>
/// <param name="FirstSeen">When the earliest of its open findings was first seen.</param>
public sealed record CveExposure(string CveId, string? Severity, double? CvssScore, bool Kev, int Assets, int Findings, IReadOnlyList<string> Programs,
    DateTimeOffset FirstSeen);
