namespace Vigie.Core.Inventory.Snmp;

/// <summary>The SNMP message version; the values are the msgVersion numbers on the wire.</summary>
public enum SnmpVersion
{
    V1 = 0,
    V2c = 1,
    V3 = 3,
}
