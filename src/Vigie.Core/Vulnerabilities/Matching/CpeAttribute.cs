namespace Vigie.Core.Vulnerabilities.Matching;

/// <summary>The eleven attributes of a CPE 2.3 name, in their order in the formatted string.</summary>
public enum CpeAttribute
{
    Part,
    Vendor,
    Product,
    Version,
    Update,
    Edition,
    Language,
    SoftwareEdition,
    TargetSoftware,
    TargetHardware,
    Other,
}
