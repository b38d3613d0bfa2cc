using System.Net;
using Vigie.Core.Inventory.Snmp;

namespace Vigie.Core.Tests.Inventory.Snmp;

public class SnmpValueTests
{
    [Fact]
    public void AsString_Utf8_Decoded()
    {
        Assert.Equal("Salle serveur – étage 2", SnmpValue.OctetString("Salle serveur – étage 2").AsString());
    }

    [Fact]
    public void AsString_InvalidUtf8_FallsBackToLatin1()
    {
        var value = SnmpValue.OctetString([0x43, 0x61, 0x66, 0xE9]);

        Assert.Equal("Café", value.AsString());
    }

    [Fact]
    public void AsMac_SixOctets_LowerCaseColonHex()
    {
        var value = SnmpValue.OctetString([0x02, 0xFC, 0x00, 0x00, 0x00, 0x01]);

        Assert.Equal("02:fc:00:00:00:01", value.AsMac());
        Assert.Equal(string.Empty, SnmpValue.OctetString([]).AsMac());
    }

    [Fact]
    public void AsTimeTicks_Hundredths_Duration()
    {
        Assert.Equal(TimeSpan.FromSeconds(10.45), SnmpValue.TimeTicks(1045).AsTimeTicks());
    }

    [Fact]
    public void AsIpAddress_IpAddressAndFourOctetString_Parsed()
    {
        Assert.Equal(IPAddress.Parse("192.168.1.20"), SnmpValue.IpAddress(IPAddress.Parse("192.168.1.20")).AsIpAddress());
        Assert.Equal(IPAddress.Parse("10.0.0.1"), SnmpValue.OctetString([10, 0, 0, 1]).AsIpAddress());
    }

    [Fact]
    public void NumericAccessors_AcrossTypes_Converted()
    {
        Assert.Equal(-129, SnmpValue.Integer(-129).AsInteger());
        Assert.Equal(4_000_000_000u, SnmpValue.Gauge32(4_000_000_000).AsUInt());
        Assert.Equal(4_000_000_000L, SnmpValue.Counter32(4_000_000_000).AsInteger());
        Assert.Equal(ulong.MaxValue, SnmpValue.Counter64(ulong.MaxValue).AsUInt64());
        Assert.Equal(65536u, SnmpValue.Integer(65536).AsUInt());
    }

    [Fact]
    public void Accessors_WrongType_ThrowSnmpException()
    {
        Assert.Throws<SnmpException>(() => SnmpValue.Integer(-1).AsUInt());
        Assert.Throws<SnmpException>(() => SnmpValue.OctetString("x").AsInteger());
        Assert.Throws<SnmpException>(() => SnmpValue.Integer(1).AsOid());
        Assert.Throws<SnmpException>(() => SnmpValue.NoSuchObject.AsString());
        Assert.Throws<SnmpException>(() => SnmpValue.Counter64(ulong.MaxValue).AsInteger());
    }

    [Fact]
    public void IsException_OnlyForTheThreeExceptionTypes()
    {
        Assert.True(SnmpValue.NoSuchObject.IsException);
        Assert.True(SnmpValue.NoSuchInstance.IsException);
        Assert.True(SnmpValue.EndOfMibView.IsException);
        Assert.False(SnmpValue.Null.IsException);
        Assert.False(SnmpValue.OctetString("").IsException);
    }

    [Fact]
    public void ToString_BinaryOctets_ShownAsHex()
    {
        Assert.Equal("OctetString: 02FC00000001", SnmpValue.OctetString([0x02, 0xFC, 0, 0, 0, 1]).ToString());
        Assert.Equal("OctetString: vm", SnmpValue.OctetString("vm").ToString());
        Assert.Equal("ObjectIdentifier: 1.3.6.1.4.1.8072.3.2.10", SnmpValue.ObjectIdentifier(Oid.Parse("1.3.6.1.4.1.8072.3.2.10")).ToString());
    }
}
