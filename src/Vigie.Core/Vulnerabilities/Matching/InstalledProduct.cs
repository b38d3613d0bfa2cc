namespace Vigie.Core.Vulnerabilities.Matching;

/// <summary>
/// Something installed on an asset, or a platform fact about it, as a CPE 2.3 name: part, vendor, product and version
/// from the inventory once translated to NVD's vocabulary. Attributes that are not known stay ANY and are not held
/// against a criterion, except the version: an unknown version leaves versioned criteria undetermined. The
/// operating system and hardware are given as further products with part <c>o</c> / <c>h</c>; NVD writes "running
/// on" platforms unversioned (<c>cpe:2.3:o:microsoft:windows:-</c>), and those match the platform whatever its
/// version. Target software or hardware of the product itself (<c>wordpress</c>, <c>x64</c>) go in its name.
/// </summary>
public sealed record InstalledProduct(Cpe23 Cpe)
{
    /// <summary>The caller's own identifier (an inventory row, say), carried into the matches.</summary>
    public string? Reference { get; init; }

    public static InstalledProduct Application(string vendor, string product, string? version) =>
        new(Cpe23.Create('a', vendor, product, version));

    public static InstalledProduct OperatingSystem(string vendor, string product, string? version = null) =>
        new(Cpe23.Create('o', vendor, product, version));

    public static InstalledProduct Hardware(string vendor, string product, string? version = null) =>
        new(Cpe23.Create('h', vendor, product, version));
}
