namespace Vigie.Core.Vulnerabilities.Matching;

/// <summary>
/// The result of evaluating NVD configurations against an asset. <see cref="Matches"/> lists the vulnerable
/// criteria that matched in configurations that matched; <see cref="Undetermined"/> those that matched or could not
/// be decided in configurations whose outcome is undetermined (for review).
/// </summary>
public sealed record NvdEvaluation(
    MatchOutcome Outcome,
    IReadOnlyList<NvdVulnerableMatch> Matches,
    IReadOnlyList<NvdVulnerableMatch> Undetermined)
{
    /// <summary>A configuration matched through at least one vulnerable criterion.</summary>
    public bool IsVulnerable => Outcome == MatchOutcome.Matched && Matches.Count > 0;
}
