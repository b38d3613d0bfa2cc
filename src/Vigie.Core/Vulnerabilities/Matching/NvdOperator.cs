namespace Vigie.Core.Vulnerabilities.Matching;

/// <summary>How the children of an NVD configuration or node combine; OR when the field is absent.</summary>
public enum NvdOperator
{
    Or,
    And,
}
