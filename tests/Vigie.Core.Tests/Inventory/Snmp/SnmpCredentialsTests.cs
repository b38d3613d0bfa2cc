using Vigie.Core.Inventory.Snmp;

namespace Vigie.Core.Tests.Inventory.Snmp;

public class SnmpCredentialsTests
{
    [Fact]
    public void ToString_Community_Redacted()
    {
        var text = SnmpCredentials.V2c("s3cr3t-community").ToString();

        Assert.DoesNotContain("s3cr3t", text, StringComparison.Ordinal);
        Assert.Contains("v2c", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_V3Passwords_RedactedUserShown()
    {
        var credentials = SnmpCredentials.V3("alice", SnmpAuthProtocol.Sha256, "auth-password-1", SnmpPrivProtocol.Aes128, "priv-password-2");

        var text = credentials.ToString();

        Assert.Contains("alice", text, StringComparison.Ordinal);
        Assert.DoesNotContain("auth-password-1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("priv-password-2", text, StringComparison.Ordinal);
        Assert.Equal(SnmpSecurityLevel.AuthPriv, credentials.SecurityLevel);
    }

    [Fact]
    public void V3_PrivacyWithoutAuthentication_Refused()
    {
        Assert.Throws<ArgumentException>(() => SnmpCredentials.V3("bob", SnmpAuthProtocol.None, null, SnmpPrivProtocol.Aes128, "priv-password"));
    }

    [Fact]
    public void V3_ShortPassword_RefusedWithoutEchoingIt()
    {
        var exception = Assert.Throws<ArgumentException>(() => SnmpCredentials.V3("bob", SnmpAuthProtocol.Sha1, "short7!"));

        Assert.DoesNotContain("short7!", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SecurityLevel_FromProtocols_Derived()
    {
        Assert.Equal(SnmpSecurityLevel.NoAuthNoPriv, SnmpCredentials.V3("u").SecurityLevel);
        Assert.Equal(SnmpSecurityLevel.AuthNoPriv, SnmpCredentials.V3("u", SnmpAuthProtocol.Sha1, "password").SecurityLevel);
    }
}
