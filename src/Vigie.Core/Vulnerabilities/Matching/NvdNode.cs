namespace Vigie.Core.Vulnerabilities.Matching;

/// <summary>A node of an NVD configuration: its <c>cpeMatch</c> entries combined with AND or OR, then negated if asked.</summary>
public sealed record NvdNode(NvdOperator Operator, bool Negate, IReadOnlyList<NvdCpeMatch> CpeMatches);
