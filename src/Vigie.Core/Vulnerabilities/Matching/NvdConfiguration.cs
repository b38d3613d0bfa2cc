namespace Vigie.Core.Vulnerabilities.Matching;

/// <summary>
/// One entry of an NVD CVE's <c>configurations</c>: nodes combined with OR (the default) or AND. An AND
/// configuration of two nodes says "this vulnerable product, running on that platform". A CVE applies when any of
/// its configurations matches.
/// </summary>
public sealed record NvdConfiguration(NvdOperator Operator, bool Negate, IReadOnlyList<NvdNode> Nodes);
