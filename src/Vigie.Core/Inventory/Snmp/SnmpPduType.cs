namespace Vigie.Core.Inventory.Snmp;

/// <summary>Context-specific constructed tags of the PDUs (RFC 3416 section 3).</summary>
internal enum SnmpPduType : byte
{
    GetRequest = 0xA0,
    GetNextRequest = 0xA1,
    Response = 0xA2,
    SetRequest = 0xA3,
    GetBulkRequest = 0xA5,
    InformRequest = 0xA6,
    SnmpV2Trap = 0xA7,
    Report = 0xA8,
}
