namespace Vigie.Core.Vulnerabilities.Matching;

/// <summary>The status a CVE JSON 5 record gives a product version; anything but the two known words is unknown.</summary>
public enum Cve5Status
{
    Unknown,
    Affected,
    Unaffected,
}
