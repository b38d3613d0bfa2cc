namespace Vigie.Core.Inventory.Snmp;

internal static class PduCodec
{
    public static void Write(BerWriter writer, SnmpPdu pdu)
    {
        writer.BeginConstructed((byte)pdu.Type);
        writer.WriteInteger(pdu.RequestId);
        writer.WriteInteger(pdu.ErrorStatus);
        writer.WriteInteger(pdu.ErrorIndex);
        VarBindCodec.WriteVarBinds(writer, pdu.VarBinds);
        writer.EndConstructed();
    }

    public static SnmpPdu Read(ref BerReader reader)
    {
        var tag = reader.PeekTag();
        if (tag is < (byte)SnmpPduType.GetRequest or > (byte)SnmpPduType.Report or (byte)0xA4)
        {
            throw BerReader.Malformed($"unknown PDU tag 0x{tag:x2}");
        }
        var pdu = reader.ReadConstructed(tag, "PDU");
        var requestId = pdu.ReadInt32("request-id");
        var errorStatus = pdu.ReadInt32("error-status");
        var errorIndex = pdu.ReadInt32("error-index");
        var varBinds = VarBindCodec.ReadVarBinds(ref pdu);
        pdu.ReadEnd("the PDU");
        return new SnmpPdu((SnmpPduType)tag, requestId, errorStatus, errorIndex, varBinds);
    }
}
