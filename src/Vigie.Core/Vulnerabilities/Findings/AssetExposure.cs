namespace Vigie.Core.Vulnerabilities.Findings;

/// <summary>One asset's open findings, counted by the CVEs' severity, with those of known-exploited CVEs and the highest score.</summary>
/// <param name="AssetName">The asset's name; its id when the inventory no longer holds the asset.</param>
/// <param name="Open">Open findings (one per CVE and program, as <c>GET /api/v1/findings?asset=</c> lists them).</param>
public sealed record AssetExposure(Guid AssetId, string AssetName, int Open, int Critical, int High, int Medium, int Low, int Kev, double? MaxCvss);
