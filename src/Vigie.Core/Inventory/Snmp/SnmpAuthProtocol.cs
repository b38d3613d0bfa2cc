namespace Vigie.Core.Inventory.Snmp;

/// <summary>SNMPv3 USM authentication protocols supported by the client.</summary>
public enum SnmpAuthProtocol
{
    None = 0,

    /// <summary>usmHMACSHAAuthProtocol (RFC 3414): HMAC-SHA-1 truncated to 96 bits.</summary>
    Sha1 = 1,

    /// <summary>usmHMAC192SHA256AuthProtocol (RFC 7860): HMAC-SHA-256 truncated to 192 bits.</summary>
    Sha256 = 2,
}
