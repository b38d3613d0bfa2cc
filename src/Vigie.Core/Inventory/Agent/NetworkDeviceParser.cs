
namespace Vigie.Core.Inventory.Agent;

/// <summary>
/// Turns the SNMP results agents post into network-asset snapshots: the OCS agent's <c>QUERY=SNMP</c>
/// (one element per device, named after the SNMP type), FusionInventory's <c>SNMPQUERY</c> (DEVICE/INFO +
/// PORTS) and <c>NETDISCOVERY</c> (DEVICE). Messages that carry no device (START/END markers) give nothing.
/// </summary>
public static class NetworkDeviceParser
{
    public static IReadOnlyList<AssetSnapshot> FromOcsSnmp(AgentNode content) =>
        content.Elements().Select(device =>
        {
            var name = device.Value("SYSNAME") ?? device.Value("NAME");
            var macs = Macs(device.Value("MACADDR"));
            var description = device.Value("SYSDESCR") ?? device.Value("DESCRIPTION");
            return Build("ocs-snmp", name, description, null, null, device.Value("SERIALNUMBER") ?? device.Value("SERIAL"),
                device.Value("FIRMWARE"), device.Value("IPADDR") ?? device.Value("IP"), macs, device.Value("SYSLOCATION"), device.Value("SYSCONTACT"),
                Split(device.Value("IFDESCR")), new { type = device.Name, fields = device.Elements().ToDictionary(e => e.Name, e => e.Text) });
        }).OfType<AssetSnapshot>().ToList();

    public static IReadOnlyList<AssetSnapshot> FromFusion(AgentNode content, bool discovery) =>
        content.Elements("DEVICE").Select(device =>
        {
            var info = discovery ? device : device.Element("INFO");
            if (info is null)
            {
                return null;
            }
            var ips = info.Element("IPS")?.Elements("IP").Select(i => i.Text).Where(i => i.Length > 0).ToList() ?? [];
            var ip = info.Value("IP") ?? ips.FirstOrDefault();
            var ports = device.Element("PORTS")?.Elements("PORT").Select(p => new
            {
                number = p.Value("IFNUMBER"),
                name = p.Value("IFNAME") ?? p.Value("IFDESCR"),
                description = p.Value("IFDESCR"),
                mac = InventoryParser.NormaliseMac(p.Value("MAC")),
                speed = p.Value("IFSPEED"),
                status = p.Value("IFSTATUS"),
                ip = p.Value("IP"),
            }).ToList();
            var macs = new[] { InventoryParser.NormaliseMac(info.Value("MAC")) }
                .Concat(ports?.Select(p => p.mac) ?? []).OfType<string>().Distinct().ToList();
            var name = discovery ? info.Value("SNMPHOSTNAME") ?? info.Value("NETBIOSNAME") ?? info.Value("DNSHOSTNAME") : info.Value("NAME");
            return Build(discovery ? "fusion-netdiscovery" : "fusion-snmp", name, info.Value("COMMENTS") ?? info.Value("DESCRIPTION"),
                info.Value("MANUFACTURER"), info.Value("MODEL"), info.Value("SERIAL"), info.Value("FIRMWARE"), ip, macs, info.Value("LOCATION"),
                info.Value("CONTACT"), ports?.Select(p => p.name).OfType<string>().ToList() ?? [],
                new { type = info.Value("TYPE"), ips, uptime = info.Value("UPTIME"), ports });
        }).OfType<AssetSnapshot>().ToList();

    internal static AssetSnapshot? Build(string source, string? name, string? description, string? manufacturer, string? model, string? serial,
        string? firmware, string? ip, IReadOnlyList<string> macs, string? location, string? contact, IReadOnlyList<string> interfaces, object details)
    {
        var key = DuplicateKey(serial, macs, ip, name);
        if (key is null)
        {
            return null;
        }
        var tracked = new Dictionary<string, string?>
        {
            ["description"] = description,
            ["manufacturer"] = manufacturer,
            ["model"] = model,
            ["serial"] = serial,
            ["firmware"] = firmware,
            ["location"] = location,
            ["contact"] = contact,
            ["interfaces"] = string.Join(' ', interfaces),
            ["macs"] = string.Join(' ', macs),
        };
        return new AssetSnapshot(key, source, AssetSnapshot.Network, name ?? ip ?? key, null, description, null, description, null, null, null,
            serial, manufacturer, model, firmware, ip, macs, details, null, tracked);
    }

    // The OCS agent drops the first byte of binary values, so its MACs are often unusable: the name is the last resort.
    private static string? DuplicateKey(string? serial, IReadOnlyList<string> macs, string? ip, string? name) =>
        Assets.DuplicateFinder.IsMeaningful(serial) ? $"net:serial:{serial!.Trim()}"
        : macs.Count > 0 ? $"net:mac:{macs[0]}"
        : ip is not null ? $"net:ip:{ip}"
        : name is not null ? $"net:name:{name.ToLowerInvariant()}"
        : null;

    private static List<string> Macs(string? value) =>
        Split(value).Select(InventoryParser.NormaliseMac).OfType<string>().Distinct().ToList();

    private static List<string> Split(string? value) =>
        value is null ? [] : value.Split(" - ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
