namespace Vigie.Core.Vulnerabilities.Matching;

/// <summary>Three-valued AND, OR and NOT over <see cref="MatchOutcome"/>.</summary>
internal static class MatchLogic
{
    public static MatchOutcome And(MatchOutcome a, MatchOutcome b)
    {
        if (a == MatchOutcome.NotMatched || b == MatchOutcome.NotMatched)
        {
            return MatchOutcome.NotMatched;
        }
        return a == MatchOutcome.Matched && b == MatchOutcome.Matched ? MatchOutcome.Matched : MatchOutcome.Undetermined;
    }

    public static MatchOutcome Or(MatchOutcome a, MatchOutcome b)
    {
        if (a == MatchOutcome.Matched || b == MatchOutcome.Matched)
        {
            return MatchOutcome.Matched;
        }
        return a == MatchOutcome.NotMatched && b == MatchOutcome.NotMatched ? MatchOutcome.NotMatched : MatchOutcome.Undetermined;
    }

    public static MatchOutcome Not(MatchOutcome a) => a switch
    {
        MatchOutcome.Matched => MatchOutcome.NotMatched,
        MatchOutcome.NotMatched => MatchOutcome.Matched,
        _ => MatchOutcome.Undetermined,
    };

    public static MatchOutcome Combine(NvdOperator op, MatchOutcome a, MatchOutcome b) =>
        op == NvdOperator.And ? And(a, b) : Or(a, b);
}
