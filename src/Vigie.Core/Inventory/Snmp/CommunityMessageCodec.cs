namespace Vigie.Core.Inventory.Snmp;

/// <summary>SNMPv1 and SNMPv2c messages: SEQUENCE { version, community, PDU } (RFC 1157, RFC 1901).</summary>
internal static class CommunityMessageCodec
{
    public static byte[] Encode(SnmpVersion version, ReadOnlySpan<byte> community, SnmpPdu pdu)
    {
        var writer = new BerWriter();
        writer.BeginConstructed(BerTag.Sequence);
        writer.WriteInteger((int)version);
        writer.WriteOctetString(community);
        PduCodec.Write(writer, pdu);
        writer.EndConstructed();
        return writer.ToArray();
    }

    public static (SnmpVersion Version, byte[] Community, SnmpPdu Pdu) Decode(ReadOnlySpan<byte> datagram)
    {
        var outer = new BerReader(datagram);
        var message = outer.ReadSequence("message");
        outer.ReadEnd("the message");
        var version = message.ReadInt32("version");
        if (version is not ((int)SnmpVersion.V1 or (int)SnmpVersion.V2c))
        {
            throw BerReader.Malformed($"version {version} is not v1 or v2c");
        }
        var community = message.ReadOctetString("community").ToArray();
        var pdu = PduCodec.Read(ref message);
        message.ReadEnd("the message");
        return ((SnmpVersion)version, community, pdu);
    }
}
