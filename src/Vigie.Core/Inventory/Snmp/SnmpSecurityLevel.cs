namespace Vigie.Core.Inventory.Snmp;

/// <summary>The SNMPv3 security level a set of credentials asks for.</summary>
public enum SnmpSecurityLevel
{
    NoAuthNoPriv = 0,
    AuthNoPriv = 1,
    AuthPriv = 2,
}
