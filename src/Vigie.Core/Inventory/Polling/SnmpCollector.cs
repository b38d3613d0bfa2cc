using System.Globalization;
using System.Text.RegularExpressions;
using Vigie.Core.Inventory.Snmp;

namespace Vigie.Core.Inventory.Polling;

/// <summary>
/// Reads what an inventory needs from one device: the system group, interfaces (ifTable + ifXTable), IPv4
/// addresses, installed software (hrSWInstalledTable) and ENTITY-MIB serials and firmware where the device
/// implements them. Tables the device does not have are simply empty.
/// </summary>
internal static partial class SnmpCollector
{
    private static readonly Oid System = Oid.Parse("1.3.6.1.2.1.1");
    private static readonly Oid IfTable = Oid.Parse("1.3.6.1.2.1.2.2");
    private static readonly Oid IfXTable = Oid.Parse("1.3.6.1.2.1.31.1.1");
    private static readonly Oid IpAddrTable = Oid.Parse("1.3.6.1.2.1.4.20");
    private static readonly Oid HrSwInstalledTable = Oid.Parse("1.3.6.1.2.1.25.6.3");
    private static readonly Oid EntPhysicalTable = Oid.Parse("1.3.6.1.2.1.47.1.1.1");
    private static readonly HashSet<string> PackageArchitectures = new(StringComparer.Ordinal)
    {
        "all", "amd64", "i386", "arm64", "armhf", "armel", "x86_64", "i686", "noarch", "aarch64", "ppc64el", "s390x", "riscv64", "mips64el",
    };

    public static async Task<AssetSnapshot> CollectAsync(SnmpClient client, string key, string address, CancellationToken ct)
    {
        var system = await client.GetAsync(Enumerable.Range(1, 6).Select(i => System.Append((uint)i, 0u)), cancellationToken: ct);
        string? Text(int i) => system[i].Value.IsException ? null : Clean(system[i].Value.AsString());
        var descr = Text(0);
        var objectId = system[1].Value.IsException ? null : system[1].Value.AsOid().ToString();
        var uptime = system[2].Value.Type == SnmpType.TimeTicks ? system[2].Value.AsTimeTicks() : (TimeSpan?)null;
        var contact = Text(3);
        var name = Text(4);
        var location = Text(5);

        var interfaces = await client.WalkTableAsync(IfTable, [1, 2, 3, 5, 6, 7, 8], cancellationToken: ct);
        var extended = (await client.WalkTableAsync(IfXTable, [1, 15, 18], cancellationToken: ct)).ToDictionary(r => r.Index);
        var addresses = await client.WalkTableAsync(IpAddrTable, [1, 2, 3], cancellationToken: ct);
        var software = await client.WalkTableAsync(HrSwInstalledTable, [2, 4, 5], cancellationToken: ct);
        var entities = await client.WalkTableAsync(EntPhysicalTable, [2, 8, 9, 10, 11, 12, 13], cancellationToken: ct);

        var ports = interfaces.Select(row =>
        {
            extended.TryGetValue(row.Index, out var x);
            var mac = row[6] is { IsException: false } m && m.AsBytes().Length == 6 ? m.AsMac() : null;
            var highSpeed = x?[15] is { IsException: false } hs ? hs.AsUInt() * 1_000_000UL : 0UL;
            return new SnmpInterface(
                Index: row.Index,
                Name: x?[1] is { IsException: false } n ? Clean(n.AsString()) : null,
                Description: row[2] is { IsException: false } d ? Clean(d.AsString()) : null,
                Alias: x?[18] is { IsException: false } a ? Clean(a.AsString()) : null,
                Type: row[3] is { IsException: false } t ? (int)t.AsInteger() : null,
                SpeedBitsPerSecond: highSpeed > 0 ? highSpeed : row[5] is { IsException: false } s ? s.AsUInt() : null,
                Mac: mac is "00:00:00:00:00:00" ? null : mac,
                AdminStatus: Status(row[7]),
                OperStatus: Status(row[8]));
        }).ToList();
        var ips = addresses.Select(row => new SnmpAddress(
            row[1] is { IsException: false } ip ? ip.AsIpAddress().ToString() : row.Index,
            row[2] is { IsException: false } ix ? ix.AsInteger().ToString(CultureInfo.InvariantCulture) : null,
            row[3] is { IsException: false } mask ? mask.AsIpAddress().ToString() : null)).ToList();
        var packages = software.Where(r => r[2] is { IsException: false }).Select(r => Package(Clean(r[2]!.AsString()) ?? "", r[5])).Where(p => p.Name.Length > 0).ToList();
        var chassis = entities.Select(r => new
        {
            description = r[2] is { IsException: false } d ? Clean(d.AsString()) : null,
            hardware = r[8] is { IsException: false } h ? Clean(h.AsString()) : null,
            firmware = r[9] is { IsException: false } f ? Clean(f.AsString()) : null,
            software = r[10] is { IsException: false } sw ? Clean(sw.AsString()) : null,
            serial = r[11] is { IsException: false } sn ? Clean(sn.AsString()) : null,
            manufacturer = r[12] is { IsException: false } mf ? Clean(mf.AsString()) : null,
            model = r[13] is { IsException: false } md ? Clean(md.AsString()) : null,
        }).ToList();
        var main = chassis.FirstOrDefault(e => e.serial is not null || e.firmware is not null || e.software is not null);

        var macs = ports.Select(p => p.Mac).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        var firmware = main?.firmware ?? main?.software;
        var tracked = new Dictionary<string, string?>
        {
            ["description"] = descr,
            ["object_id"] = objectId,
            ["serial"] = main?.serial,
            ["firmware"] = firmware,
            ["model"] = main?.model,
            ["location"] = location,
            ["contact"] = contact,
            ["interfaces"] = string.Join(' ', ports.Select(p => p.Name ?? p.Description)),
            ["macs"] = string.Join(' ', macs),
            ["addresses"] = string.Join(' ', ips.Select(i => i.Address)),
        };
        var details = new { system = new { description = descr, objectId, uptime, contact, name, location }, interfaces = ports, addresses = ips, entities = chassis };
        var firstIp = ips.Select(i => i.Address).FirstOrDefault(a => a != "127.0.0.1") ?? address;
        return new AssetSnapshot(key, "snmp", AssetSnapshot.Network, name ?? address, null, descr, null, descr, null, null, null, main?.serial,
            main?.manufacturer, main?.model, firmware, firstIp, macs, details, packages, tracked);
    }

    /// <summary>net-snmp names Debian packages "name_version_arch"; other devices give a plain product name.</summary>
    internal static SoftwareInfo Package(string raw, SnmpValue? date)
    {
        var match = DebianName().Match(raw);
        var installed = date is { IsException: false } d ? DateAndTime(d.AsBytes()) : null;
        return match.Success && PackageArchitectures.Contains(match.Groups[3].Value)
            ? new SoftwareInfo(match.Groups[1].Value, match.Groups[2].Value, null, match.Groups[3].Value, installed, match.Groups[1].Value, "snmp")
            : new SoftwareInfo(raw, null, null, null, installed, null, "snmp");
    }

    /// <summary>SNMPv2-TC DateAndTime: year (2 bytes), month, day, hour, minutes, seconds, ...</summary>
    internal static string? DateAndTime(byte[] bytes)
    {
        if (bytes.Length < 8)
        {
            return null;
        }
        var year = (bytes[0] << 8) | bytes[1];
        if (year < 1970 || bytes[2] is < 1 or > 12 || bytes[3] is < 1 or > 31)
        {
            return null;
        }
        return string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{bytes[2]:D2}-{bytes[3]:D2}");
    }

    private static string? Status(SnmpValue? value) => value is { IsException: false } v
        ? v.AsInteger() switch { 1 => "up", 2 => "down", 3 => "testing", 5 => "dormant", 6 => "notPresent", 7 => "lowerLayerDown", _ => "unknown" }
        : null;

    private static string? Clean(string? value)
    {
        var trimmed = value?.Trim('\0', ' ', '\t', '\r', '\n');
        return string.IsNullOrEmpty(trimmed) ? null : trimmed;
    }

    [GeneratedRegex(@"^(.+)_([^_]+)_([^_]+)$")]
    private static partial Regex DebianName();
}

internal sealed record SnmpInterface(string Index, string? Name, string? Description, string? Alias, int? Type, ulong? SpeedBitsPerSecond, string? Mac,
    string? AdminStatus, string? OperStatus);

internal sealed record SnmpAddress(string Address, string? InterfaceIndex, string? Mask);
