using System.Globalization;
using System.Text.RegularExpressions;

namespace Vigie.Core.Inventory.Agent;

/// <summary>
/// Reads the CONTENT of an INVENTORY message from the OCS Unix/Windows agents and FusionInventory into an
/// <see cref="InventoryReport"/>. Element order is free, values are text with units glued on, empty and
/// whitespace-only elements are common: every field is optional except the machine name.
/// </summary>
public static partial class InventoryParser
{
    private static readonly HashSet<string> PackageManagers = new(StringComparer.OrdinalIgnoreCase) { "deb", "dpkg", "rpm", "apk", "pacman" };

    public static InventoryReport Parse(string deviceId, string agent, AgentNode content)
    {
        var hardware = content.Element("HARDWARE");
        var bios = content.Element("BIOS");
        var os = content.Element("OPERATINGSYSTEM");
        string? tag = content.Elements("ACCOUNTINFO")
            .FirstOrDefault(a => string.Equals(a.Value("KEYNAME"), "TAG", StringComparison.OrdinalIgnoreCase)).Value("KEYVALUE");

        var cpus = content.Elements("CPUS").Select(c => new CpuInfo(
            c.Value("NAME") ?? c.Value("TYPE"), c.Value("MANUFACTURER"), Int(c.Value("CORES") ?? c.Value("CORE")),
            Int(c.Value("THREADS") ?? c.Value("LOGICAL_CPUS") ?? c.Value("THREAD")), Int(c.Value("SPEED") ?? c.Value("CURRENT_SPEED")),
            c.Value("CPUARCH") ?? c.Value("ARCH"))).ToList();

        var name = hardware.Value("NAME") ?? os.Value("FQDN") ?? deviceId;
        var architecture = os.Value("ARCH") ?? cpus.Select(c => c.Architecture).FirstOrDefault(a => a is not null)
            ?? hardware.Value("DESCRIPTION")?.Split('/')[0];
        var info = new HardwareInfo(
            Name: name,
            OsName: os.Value("NAME") ?? hardware.Value("OSNAME"),
            OsVersion: os.Value("VERSION") ?? hardware.Value("OSVERSION"),
            OsFullName: os.Value("FULL_NAME") ?? hardware.Value("OSCOMMENTS") ?? hardware.Value("OSNAME"),
            Kernel: os.Value("KERNEL_VERSION") ?? (os is null ? null : hardware.Value("OSVERSION")),
            Architecture: architecture,
            Uuid: hardware.Value("UUID"),
            Serial: bios.Value("SSN") ?? bios.Value("MSN"),
            Manufacturer: bios.Value("SMANUFACTURER") ?? bios.Value("MMANUFACTURER"),
            Model: bios.Value("SMODEL") ?? bios.Value("MMODEL"),
            BiosVendor: bios.Value("BMANUFACTURER"),
            BiosVersion: bios.Value("BVERSION"),
            BiosDate: bios.Value("BDATE"),
            MemoryMb: Long(hardware.Value("MEMORY")),
            IpAddress: hardware.Value("IPADDR"),
            Domain: hardware.Value("WORKGROUP") ?? os.Value("DNS_DOMAIN"),
            LastUser: hardware.Value("LASTLOGGEDUSER") ?? hardware.Value("USERID"),
            VmSystem: hardware.Value("VMSYSTEM"));

        var memories = content.Elements("MEMORIES").Select(m => new MemoryInfo(
            m.Value("CAPTION") ?? m.Value("DESCRIPTION"), Long(m.Value("CAPACITY")), m.Value("TYPE"), m.Value("SPEED"), m.Value("SERIALNUMBER"))).ToList();
        var storages = content.Elements("STORAGES").Select(s => new StorageInfo(
            s.Value("NAME"), s.Value("MANUFACTURER"), s.Value("MODEL"), Long(s.Value("DISKSIZE")), s.Value("SERIALNUMBER") ?? s.Value("SERIAL"),
            s.Value("FIRMWARE"), s.Value("TYPE") ?? s.Value("INTERFACE"))).ToList();
        var drives = content.Elements("DRIVES").Select(d => new DriveInfo(
            d.Value("VOLUMN") ?? d.Value("LETTER"), d.Value("TYPE") ?? d.Value("LETTER"), d.Value("FILESYSTEM"), Long(d.Value("TOTAL")),
            Long(d.Value("FREE")), d.Value("LABEL"))).ToList();
        var networks = content.Elements("NETWORKS").Select(n => new NetworkInfo(
            n.Value("DESCRIPTION"), NormaliseMac(n.Value("MACADDR")), n.Value("IPADDRESS") ?? n.Value("IPADDRESS6"), n.Value("IPMASK") ?? n.Value("IPMASK6"),
            n.Value("IPGATEWAY"), n.Value("TYPE"), n.Value("STATUS"), IsTrue(n.Value("VIRTUALDEV")))).ToList();
        var software = content.Elements("SOFTWARES")
            .Select(s => (Element: s, Name: s.Value("NAME")))
            .Where(s => s.Name is not null)
            .Select(s =>
            {
                var from = s.Element.Value("FROM");
                return new SoftwareInfo(s.Name!, s.Element.Value("VERSION"), s.Element.Value("PUBLISHER"),
                    s.Element.Value("ARCHITECTURE") ?? s.Element.Value("ARCH"), NormaliseDate(s.Element.Value("INSTALLDATE")),
                    from is not null && PackageManagers.Contains(from) ? s.Name : null, from);
            }).ToList();
        var reportsSoftware = content.Elements("SOFTWARES").Any();
        return new InventoryReport(deviceId, agent, tag, info, cpus, memories, storages, drives, networks, reportsSoftware ? software : null);
    }

    public static string? NormaliseMac(string? mac)
    {
        if (mac is null)
        {
            return null;
        }
        var hex = new string(mac.Where(Uri.IsHexDigit).ToArray()).ToLowerInvariant();
        if (hex.Length != 12 || hex.All(c => c == '0'))
        {
            return null;
        }
        return string.Join(':', Enumerable.Range(0, 6).Select(i => hex.Substring(i * 2, 2)));
    }

    /// <summary>Numbers arrive as text, sometimes with units or decimals ("274877.906944", "-1 Mbps").</summary>
    public static long? Long(string? value)
    {
        if (value is null)
        {
            return null;
        }
        var match = LeadingNumber().Match(value);
        return match.Success && decimal.TryParse(match.Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number)
            ? (long)Math.Round(number)
            : null;
    }

    private static int? Int(string? value) => Long(value) is { } v && v is >= int.MinValue and <= int.MaxValue ? (int)v : null;

    private static bool IsTrue(string? value) => value is "1" or "true" or "TRUE";

    internal static string? NormaliseDate(string? value)
    {
        if (value is null)
        {
            return null;
        }
        // Fast path for the agents' usual "yyyy/MM/dd HH:mm:ss" and "yyyy-MM-dd": an inventory has a thousand of them.
        if (value.Length >= 10 && value[4] is '/' or '-' && value[7] == value[4] && IsDigits(value.AsSpan(0, 4)) && IsDigits(value.AsSpan(5, 2))
            && IsDigits(value.AsSpan(8, 2)) && (value.Length == 10 || value[10] == ' '))
        {
            var month = (value[5] - '0') * 10 + (value[6] - '0');
            var day = (value[8] - '0') * 10 + (value[9] - '0');
            if (month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(int.Parse(value.AsSpan(0, 4), CultureInfo.InvariantCulture), month))
            {
                return string.Create(10, value, (span, v) =>
                {
                    v.AsSpan(0, 10).CopyTo(span);
                    span[4] = '-';
                    span[7] = '-';
                });
            }
        }
        string[] formats = ["yyyy/MM/dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd", "yyyy/MM/dd", "dd/MM/yyyy", "yyyyMMdd"];
        return DateTime.TryParseExact(value, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : value;
    }

    private static bool IsDigits(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        return true;
    }

    [GeneratedRegex(@"^-?\d+(\.\d+)?")]
    private static partial Regex LeadingNumber();
}
