namespace Vigie.Core.Vulnerabilities.Matching;

/// <summary>What a CVE JSON 5 status decision rests on.</summary>
public enum Cve5Basis
{
    /// <summary>No affected entry names the product: the record says nothing about it.</summary>
    ProductNotListed,

    /// <summary>A version entry names this very version.</summary>
    ExactVersion,

    /// <summary>A version range (or a constraint such as <c>&gt;= 1.0, &lt; 2.0</c>) holds the version.</summary>
    VersionRange,

    /// <summary>No entry holds the version; the product's <c>defaultStatus</c> applies.</summary>
    DefaultStatus,

    /// <summary>An entry could not be compared with the version, and none decided: to review.</summary>
    NotComparable,
}
