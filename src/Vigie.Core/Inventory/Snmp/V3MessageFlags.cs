namespace Vigie.Core.Inventory.Snmp;

/// <summary>msgFlags (RFC 3412 section 6.4).</summary>
[Flags]
internal enum V3MessageFlags : byte
{
    None = 0,
    Auth = 0x01,
    Priv = 0x02,
    Reportable = 0x04,
}
