using System.Globalization;
using System.Text;

namespace Vigie.Core.Inventory.Assets;

/// <summary>
/// CSV export of assets (RFC 4180 quoting). Cells that a spreadsheet would run as a formula are prefixed with
/// a quote: inventory values come from the machines themselves and must not execute on the auditor's desk.
/// </summary>
public static class AssetCsv
{
    private static readonly string[] Header =
    [
        "id", "name", "kind", "source", "tag", "os_name", "os_version", "kernel", "architecture", "serial", "manufacturer", "model",
        "firmware", "ip_address", "first_seen", "last_seen", "last_inventory",
    ];

    public static string Write(IEnumerable<AssetSummary> assets)
    {
        var csv = new StringBuilder();
        csv.Append(string.Join(',', Header)).Append("\r\n");
        foreach (var a in assets)
        {
            string?[] cells =
            [
                a.Id.ToString(), a.Name, a.Kind, a.Source, a.Tag, a.OsName, a.OsVersion, a.Kernel, a.Architecture, a.Serial, a.Manufacturer,
                a.Model, a.Firmware, a.IpAddress, Time(a.FirstSeen), Time(a.LastSeen), Time(a.LastInventory),
            ];
            csv.Append(string.Join(',', cells.Select(Cell))).Append("\r\n");
        }
        return csv.ToString();
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    internal static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
