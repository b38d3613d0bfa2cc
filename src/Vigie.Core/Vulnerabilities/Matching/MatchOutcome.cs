namespace Vigie.Core.Vulnerabilities.Matching;

/// <summary>
/// The result of matching a criterion against what is installed. <see cref="Undetermined"/> is kept apart from a
/// miss when the data cannot decide (a version unknown, or not comparable with a bound), so that such cases go to
/// review rather than being reported or silently dropped; AND, OR and NOT treat it as "unknown" (Kleene logic).
/// </summary>
public enum MatchOutcome
{
    NotMatched,
    Matched,
    Undetermined,
}
