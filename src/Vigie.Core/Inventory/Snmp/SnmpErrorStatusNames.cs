namespace Vigie.Core.Inventory.Snmp;

internal static class SnmpErrorStatusNames
{
    /// <summary>The RFC 3416 spelling: camelCase, e.g. noSuchName.</summary>
    public static string Name(SnmpErrorStatus status)
    {
        if (!Enum.IsDefined(status))
        {
            return $"error-status {(int)status}";
        }
        var name = status.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}
