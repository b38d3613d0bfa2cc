namespace Vigie.Core.Vulnerabilities.Matching;

/// <summary>How an ANY attribute on the target (the installed side) is read when matching CPE names.</summary>
public enum CpeMatchMode
{
    /// <summary>
    /// CPE name matching (NISTIR 7696): the source must be a superset of or equal to the target, so a target ANY
    /// matches only a source ANY.
    /// </summary>
    Standard,

    /// <summary>
    /// A target ANY means "not known from the inventory" and is not held against the source: it matches any source
    /// value. This is what scanners do with inventory-derived names (update, edition, target software left ANY).
    /// </summary>
    UnknownTargetMatches,
}
