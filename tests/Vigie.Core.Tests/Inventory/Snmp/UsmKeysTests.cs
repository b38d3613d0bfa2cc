using Vigie.Core.Inventory.Snmp;

namespace Vigie.Core.Tests.Inventory.Snmp;

public class UsmKeysTests
{
    private static readonly byte[] RfcEngineId = Convert.FromHexString("000000000000000000000002");

    // RFC 3414 appendix A.3.2 (password "maplesyrup", SHA): Ku before localisation, Kul after.
    [Fact]
    public void PasswordToKey_Rfc3414A32Sha1_MatchesReference()
    {
        var ku = UsmKeys.PasswordToKey(SnmpAuthProtocol.Sha1, "maplesyrup"u8);
        var kul = UsmKeys.Localize(SnmpAuthProtocol.Sha1, ku, RfcEngineId);

        Assert.Equal("9fb5cc0381497b3793528939ff788d5d79145211", Convert.ToHexStringLower(ku));
        Assert.Equal("6695febc9288e36282235fc7151f128497b38f3f", Convert.ToHexStringLower(kul));
    }

    // RFC 7860 publishes no key vectors; SHA-256 is checked for shape here and against snmpd in SnmpV3AgentTests.
    [Fact]
    public void PasswordToKey_Sha256_ThirtyTwoOctetsAndEngineSpecific()
    {
        var ku = UsmKeys.PasswordToKey(SnmpAuthProtocol.Sha256, "maplesyrup"u8);
        var kul = UsmKeys.Localize(SnmpAuthProtocol.Sha256, ku, RfcEngineId);
        var other = UsmKeys.Localize(SnmpAuthProtocol.Sha256, ku, Convert.FromHexString("000000000000000000000003"));

        Assert.Equal(32, ku.Length);
        Assert.Equal(32, kul.Length);
        Assert.NotEqual(kul, other);
        Assert.Equal(24, UsmKeys.MacLength(SnmpAuthProtocol.Sha256));
        Assert.Equal(12, UsmKeys.MacLength(SnmpAuthProtocol.Sha1));
    }

    [Fact]
    public void PasswordToKey_ShortPassword_RepeatedOverTheMegabyte()
    {
        // One octet repeated must differ from two; guards the wrap-around of the password index.
        Assert.NotEqual(
            UsmKeys.PasswordToKey(SnmpAuthProtocol.Sha1, "a"u8),
            UsmKeys.PasswordToKey(SnmpAuthProtocol.Sha1, "ab"u8));
        Assert.Equal(
            UsmKeys.PasswordToKey(SnmpAuthProtocol.Sha1, "a"u8),
            UsmKeys.PasswordToKey(SnmpAuthProtocol.Sha1, "aaaaaaaa"u8));
    }
}
