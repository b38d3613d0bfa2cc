using Vigie.Core.Inventory.Snmp;

namespace Vigie.Core.Tests.Inventory.Snmp;

public class BerEncodingTests
{
    [Theory]
    [InlineData(0L, "020100")]
    [InlineData(127L, "02017F")]
    [InlineData(128L, "02020080")]
    [InlineData(256L, "02020100")]
    [InlineData(-1L, "0201FF")]
    [InlineData(-128L, "020180")]
    [InlineData(-129L, "0202FF7F")]
    [InlineData(int.MinValue, "020480000000")]
    [InlineData(int.MaxValue, "02047FFFFFFF")]
    public void WriteInteger_KnownValues_MinimalTwoComplement(long value, string expectedHex)
    {
        var writer = new BerWriter();
        writer.WriteInteger(value);

        var bytes = writer.ToArray();

        Assert.Equal(expectedHex, Convert.ToHexString(bytes));
        Assert.Equal(value, BerReader.DecodeSigned(bytes.AsSpan(2), "test"));
    }

    [Fact]
    public void WriteOid_NetSnmpSysObjectId_MultiByteSubIdentifier()
    {
        var writer = new BerWriter();
        writer.WriteOid(Oid.Parse("1.3.6.1.4.1.8072.3.2.10"));

        // 8072 = 63 * 128 + 8, so the arc takes two octets: BF 08.
        Assert.Equal("060A2B06010401BF0803020A", Convert.ToHexString(writer.ToArray()));
    }

    [Theory]
    [InlineData("0.0", "060100")]
    [InlineData("2.999.3", "0603883703")]
    [InlineData("1.3.6.1.4.1.4294967295", "060A2B060104018FFFFFFF7F")]
    public void WriteOid_EdgeArcs_RoundTrip(string text, string expectedHex)
    {
        var writer = new BerWriter();
        writer.WriteOid(Oid.Parse(text));
        var bytes = writer.ToArray();

        Assert.Equal(expectedHex, Convert.ToHexString(bytes));
        Assert.Equal(text, BerReader.DecodeOid(bytes.AsSpan(2)).ToString());
    }

    [Theory]
    [InlineData(127, "047F")]
    [InlineData(128, "048180")]
    [InlineData(200, "0481C8")]
    [InlineData(300, "0482012C")]
    [InlineData(70000, "0483011170")]
    public void WriteOctetString_LongLengths_LongFormHeader(int length, string expectedHeaderHex)
    {
        var writer = new BerWriter();
        writer.WriteOctetString(new byte[length]);
        var bytes = writer.ToArray();

        Assert.StartsWith(expectedHeaderHex, Convert.ToHexString(bytes), StringComparison.Ordinal);
        Assert.Equal(length + (expectedHeaderHex.Length / 2), bytes.Length);
        var reader = new BerReader(bytes);
        Assert.Equal(length, reader.ReadOctetString("test").Length);
    }

    [Fact]
    public void WriteValue_Counter64Max_NineOctetsWithLeadingZero()
    {
        var writer = new BerWriter();
        VarBindCodec.WriteValue(writer, SnmpValue.Counter64(ulong.MaxValue));

        var bytes = writer.ToArray();

        Assert.Equal("460900FFFFFFFFFFFFFFFF", Convert.ToHexString(bytes));
        var reader = new BerReader(bytes);
        Assert.Equal(ulong.MaxValue, VarBindCodec.ReadValue(ref reader).AsUInt64());
    }

    [Theory]
    [InlineData(SnmpType.Counter32, 0u, "410100")]
    [InlineData(SnmpType.Gauge32, 128u, "42020080")]
    [InlineData(SnmpType.TimeTicks, uint.MaxValue, "430500FFFFFFFF")]
    public void WriteValue_Unsigned32_LeadingZeroWhenTopBitSet(SnmpType type, uint value, string expectedHex)
    {
        var snmpValue = type switch
        {
            SnmpType.Counter32 => SnmpValue.Counter32(value),
            SnmpType.Gauge32 => SnmpValue.Gauge32(value),
            _ => SnmpValue.TimeTicks(value),
        };
        var writer = new BerWriter();
        VarBindCodec.WriteValue(writer, snmpValue);

        Assert.Equal(expectedHex, Convert.ToHexString(writer.ToArray()));
    }

    [Fact]
    public void ReadValue_Counter32WithoutSignOctet_ReadAsUnsigned()
    {
        // Some agents send 2^32-1 in four octets; a strict decoder would make it negative.
        var reader = new BerReader(Convert.FromHexString("4104FFFFFFFF"));

        Assert.Equal(uint.MaxValue, VarBindCodec.ReadValue(ref reader).AsUInt());
    }

    [Fact]
    public void Encode_V2cGetSysName_KnownBytes()
    {
        var pdu = SnmpPdu.Request(SnmpPduType.GetRequest, [Oid.Parse("1.3.6.1.2.1.1.5.0")]) with { RequestId = 1 };

        var bytes = CommunityMessageCodec.Encode(SnmpVersion.V2c, "public"u8, pdu);

        Assert.Equal("30260201010406" + "7075626C6963" + "A019020101020100020100300E300C06082B060102010105000500", Convert.ToHexString(bytes));
    }

    [Fact]
    public void EncodeDecode_EveryValueType_RoundTrip()
    {
        var values = new[]
        {
            SnmpValue.Integer(-129),
            SnmpValue.Integer(int.MaxValue),
            SnmpValue.OctetString("vm ünïcode"),
            SnmpValue.OctetString(new byte[300]),
            SnmpValue.Null,
            SnmpValue.ObjectIdentifier(Oid.Parse("1.3.6.1.4.1.8072.3.2.10")),
            SnmpValue.IpAddress(System.Net.IPAddress.Parse("10.0.0.254")),
            SnmpValue.Counter32(uint.MaxValue),
            SnmpValue.Gauge32(1_000_000_000),
            SnmpValue.TimeTicks(1045),
            SnmpValue.Opaque([0x9f, 0x78, 0x04, 0x3f, 0x80, 0x00, 0x00]),
            SnmpValue.Counter64(ulong.MaxValue),
            SnmpValue.NoSuchObject,
            SnmpValue.NoSuchInstance,
            SnmpValue.EndOfMibView,
        };
        var varBinds = values.Select((value, i) => new VarBind(Oid.Parse($"1.3.6.1.2.1.99.{i}"), value)).ToList();
        var pdu = new SnmpPdu(SnmpPduType.Response, -5, 0, 0, varBinds);

        var bytes = CommunityMessageCodec.Encode(SnmpVersion.V2c, "secret"u8, pdu);
        var (version, community, decoded) = CommunityMessageCodec.Decode(bytes);

        Assert.Equal(SnmpVersion.V2c, version);
        Assert.Equal("secret"u8.ToArray(), community);
        Assert.Equal(SnmpPduType.Response, decoded.Type);
        Assert.Equal(-5, decoded.RequestId);
        Assert.Equal(varBinds, decoded.VarBinds);
    }

    [Fact]
    public void EncodeDecode_GetBulk_CarriesNonRepeatersAndRepetitions()
    {
        var pdu = SnmpPdu.Bulk(1, 40, [Oid.Parse("1.3.6.1.2.1.1.3"), Oid.Parse("1.3.6.1.2.1.2.2.1.2")]) with { RequestId = 77 };

        var decoded = CommunityMessageCodec.Decode(CommunityMessageCodec.Encode(SnmpVersion.V2c, "c"u8, pdu)).Pdu;

        Assert.Equal(SnmpPduType.GetBulkRequest, decoded.Type);
        Assert.Equal(1, decoded.ErrorStatus);
        Assert.Equal(40, decoded.ErrorIndex);
        Assert.Equal(2, decoded.VarBinds.Count);
    }
}
