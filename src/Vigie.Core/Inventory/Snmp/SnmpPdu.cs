namespace Vigie.Core.Inventory.Snmp;

/// <summary>
/// A PDU. For GetBulkRequest the two middle fields carry non-repeaters and max-repetitions, as on the wire.
/// </summary>
internal sealed record SnmpPdu(SnmpPduType Type, int RequestId, int ErrorStatus, int ErrorIndex, IReadOnlyList<VarBind> VarBinds)
{
    public static SnmpPdu Request(SnmpPduType type, IEnumerable<Oid> oids) =>
        new(type, 0, 0, 0, oids.Select(oid => new VarBind(oid, SnmpValue.Null)).ToList());

    public static SnmpPdu Bulk(int nonRepeaters, int maxRepetitions, IEnumerable<Oid> oids) =>
        new(SnmpPduType.GetBulkRequest, 0, nonRepeaters, maxRepetitions, oids.Select(oid => new VarBind(oid, SnmpValue.Null)).ToList());
}
