namespace Vigie.Core.Inventory.Snmp;

/// <summary>SNMPv3 USM privacy protocols supported by the client.</summary>
public enum SnmpPrivProtocol
{
    None = 0,

    /// <summary>usmAesCfb128Protocol (RFC 3826).</summary>
    Aes128 = 1,
}
