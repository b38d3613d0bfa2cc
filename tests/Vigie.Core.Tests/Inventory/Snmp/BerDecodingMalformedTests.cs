using Vigie.Core.Inventory.Snmp;

namespace Vigie.Core.Tests.Inventory.Snmp;

public class BerDecodingMalformedTests
{
    private static readonly byte[] ValidResponse = CommunityMessageCodec.Encode(
        SnmpVersion.V2c,
        "public"u8,
        new SnmpPdu(SnmpPduType.Response, 12345, 0, 0,
        [
            new VarBind(Oid.Parse("1.3.6.1.2.1.1.1.0"), SnmpValue.OctetString("Linux vm 6.1 #1 SMP x86_64")),
            new VarBind(Oid.Parse("1.3.6.1.2.1.1.2.0"), SnmpValue.ObjectIdentifier(Oid.Parse("1.3.6.1.4.1.8072.3.2.10"))),
            new VarBind(Oid.Parse("1.3.6.1.2.1.1.3.0"), SnmpValue.TimeTicks(1045)),
            new VarBind(Oid.Parse("1.3.6.1.2.1.31.1.1.1.6.1"), SnmpValue.Counter64(ulong.MaxValue)),
        ]));

    [Fact]
    public void Decode_EveryTruncation_ThrowsSnmpException()
    {
        for (var length = 0; length < ValidResponse.Length; length++)
        {
            var truncated = ValidResponse.AsSpan(0, length).ToArray();
            Assert.Throws<SnmpException>(() => CommunityMessageCodec.Decode(truncated));
        }
    }

    [Theory]
    [InlineData("", "empty datagram")]
    [InlineData("30", "tag without length")]
    [InlineData("3005020101", "length past the end")]
    [InlineData("3080020101040000", "indefinite length")]
    [InlineData("308500000000030201", "five length octets")]
    [InlineData("3084FFFFFFFF020101", "length above int")]
    [InlineData("1F0100", "multi-byte tag")]
    [InlineData("3003020101FF", "trailing garbage after the message")]
    [InlineData("3003020109", "unknown version")]
    [InlineData("300C02010104017AA404020100", "trap-v1 PDU")]
    public void Decode_MalformedMessage_ThrowsSnmpException(string hex, string because)
    {
        var bytes = Convert.FromHexString(hex);

        var exception = Assert.Throws<SnmpException>(() => CommunityMessageCodec.Decode(bytes));
        Assert.StartsWith("Malformed SNMP packet", exception.Message, StringComparison.Ordinal);
        Assert.NotNull(because);
    }

    [Theory]
    [InlineData("06022B86", "sub-identifier cut off")]
    [InlineData("0600", "empty OID")]
    [InlineData("06072B9FFFFFFFFF7F", "arc above 32 bits")]
    [InlineData("0203FFFF", "INTEGER content past the end")]
    [InlineData("02090000000000000000FF", "INTEGER of nine octets")]
    [InlineData("4006FFFFFFFFFFFF", "IpAddress of six octets")]
    [InlineData("4105010203", "Counter32 length past the end")]
    [InlineData("4105FF00000000", "Counter32 above 32 bits")]
    [InlineData("460A01000000000000000000", "Counter64 above 64 bits")]
    [InlineData("050101", "NULL with content")]
    [InlineData("8001FF", "noSuchObject with content")]
    [InlineData("4700", "unknown application tag")]
    public void ReadValue_MalformedValue_ThrowsSnmpException(string hex, string because)
    {
        var bytes = Convert.FromHexString(hex);

        Assert.Throws<SnmpException>(() =>
        {
            var reader = new BerReader(bytes);
            VarBindCodec.ReadValue(ref reader);
        });
        Assert.NotNull(because);
    }

    [Fact]
    public void Decode_RandomMutations_OnlySnmpException()
    {
        var random = new Random(3414);
        for (var round = 0; round < 5000; round++)
        {
            var mutated = (byte[])ValidResponse.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            }
            try
            {
                CommunityMessageCodec.Decode(mutated);
            }
            catch (SnmpException)
            {
                // Expected for most mutations; anything else fails the test.
            }
        }
    }

    [Fact]
    public void DecodeV3_RandomMutations_OnlySnmpException()
    {
        var security = new UsmSecurityParameters([0x80, 0, 0x1f, 0x88, 1], 3, 1000, "user"u8.ToArray(), new byte[12], new byte[8]);
        var scoped = V3MessageCodec.EncodeScopedPdu([1, 2], [], SnmpPdu.Request(SnmpPduType.GetRequest, [Oid.Parse("1.3.6.1.2.1.1.5.0")]));
        var message = V3MessageCodec.Encode(99, 65507, V3MessageFlags.Auth | V3MessageFlags.Reportable, security, scoped);
        var random = new Random(7860);
        for (var length = 0; length < message.Length; length++)
        {
            var cut = message.AsSpan(0, length).ToArray();
            Assert.Throws<SnmpException>(() => V3MessageCodec.Decode(cut));
        }
        for (var round = 0; round < 5000; round++)
        {
            var mutated = (byte[])message.Clone();
            mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            try
            {
                var decoded = V3MessageCodec.Decode(mutated);
                V3MessageCodec.DecodeScopedPdu(decoded.ScopedPduData);
            }
            catch (SnmpException)
            {
                // Expected for most mutations.
            }
        }
    }
}
