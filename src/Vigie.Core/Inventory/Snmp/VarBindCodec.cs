namespace Vigie.Core.Inventory.Snmp;

/// <summary>BER for values and the VarBindList (RFC 3416 section 3).</summary>
internal static class VarBindCodec
{
    public static void WriteValue(BerWriter writer, SnmpValue value)
    {
        var tag = (byte)value.Type;
        switch (value.Type)
        {
            case SnmpType.Integer:
                writer.WriteInteger(unchecked((long)value.RawNumber));
                break;
            case SnmpType.OctetString or SnmpType.Opaque or SnmpType.IpAddress:
                writer.WriteOctetString(value.RawBytes, tag);
                break;
            case SnmpType.ObjectIdentifier:
                writer.WriteOid(value.AsOid());
                break;
            case SnmpType.Counter32 or SnmpType.Gauge32 or SnmpType.TimeTicks or SnmpType.Counter64:
                writer.WriteUnsigned(value.RawNumber, tag);
                break;
            default:
                writer.WriteNull(tag);
                break;
        }
    }

    public static SnmpValue ReadValue(ref BerReader reader)
    {
        var content = reader.ReadTlv(out var tag);
        switch ((SnmpType)tag)
        {
            case SnmpType.Integer:
                return SnmpValue.IntegerFromWire(BerReader.DecodeSigned(content, "INTEGER"));
            case SnmpType.OctetString or SnmpType.Opaque:
                return SnmpValue.FromWireBytes((SnmpType)tag, content.ToArray());
            case SnmpType.IpAddress:
                return content.Length == 4
                    ? SnmpValue.FromWireBytes(SnmpType.IpAddress, content.ToArray())
                    : throw BerReader.Malformed($"IpAddress of {content.Length} octets");
            case SnmpType.ObjectIdentifier:
                return SnmpValue.ObjectIdentifier(BerReader.DecodeOid(content));
            case SnmpType.Counter32 or SnmpType.Gauge32 or SnmpType.TimeTicks:
                return SnmpValue.FromWireNumber((SnmpType)tag, BerReader.DecodeUnsigned(content, 4, ((SnmpType)tag).ToString()));
            case SnmpType.Counter64:
                return SnmpValue.FromWireNumber(SnmpType.Counter64, BerReader.DecodeUnsigned(content, 8, "Counter64"));
            case SnmpType.Null or SnmpType.NoSuchObject or SnmpType.NoSuchInstance or SnmpType.EndOfMibView:
                if (!content.IsEmpty)
                {
                    throw BerReader.Malformed($"{(SnmpType)tag} with content");
                }
                return tag switch
                {
                    (byte)SnmpType.NoSuchObject => SnmpValue.NoSuchObject,
                    (byte)SnmpType.NoSuchInstance => SnmpValue.NoSuchInstance,
                    (byte)SnmpType.EndOfMibView => SnmpValue.EndOfMibView,
                    _ => SnmpValue.Null,
                };
            default:
                throw BerReader.Malformed($"unknown value tag 0x{tag:x2}");
        }
    }

    public static void WriteVarBinds(BerWriter writer, IReadOnlyList<VarBind> varBinds)
    {
        writer.BeginConstructed(BerTag.Sequence);
        foreach (var varBind in varBinds)
        {
            writer.BeginConstructed(BerTag.Sequence);
            writer.WriteOid(varBind.Oid);
            WriteValue(writer, varBind.Value);
            writer.EndConstructed();
        }
        writer.EndConstructed();
    }

    public static List<VarBind> ReadVarBinds(ref BerReader reader)
    {
        var list = reader.ReadSequence("variable-bindings");
        var result = new List<VarBind>();
        while (list.HasData)
        {
            var item = list.ReadSequence("variable binding");
            var oid = BerReader.DecodeOid(item.ReadExpected(BerTag.ObjectIdentifier, "variable binding name"));
            var value = ReadValue(ref item);
            item.ReadEnd("a variable binding");
            result.Add(new VarBind(oid, value));
        }
        return result;
    }
}
