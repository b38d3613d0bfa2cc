using System.Security.Cryptography;
using Vigie.Core.Inventory.Snmp;
using Oid = Vigie.Core.Inventory.Snmp.Oid;

namespace Vigie.Core.Tests.Inventory.Snmp;

/// <summary>
/// The USM processor seen from the agent's side: the agent's half is written here from the RFCs with the same
/// primitives, so a message the processor signs or encrypts must open with independently derived keys.
/// </summary>
public class UsmMessageProcessorTests
{
    private const string AuthPassword = "auth-password-7860";
    private const string PrivPassword = "priv-password-3826";
    private static readonly byte[] EngineId = Convert.FromHexString("80001F8880AABBCCDDEEFF0011");
    private static readonly Oid UnknownEngineIds = Oid.Parse("1.3.6.1.6.3.15.1.1.4.0");
    private static readonly Oid SysName = Oid.Parse("1.3.6.1.2.1.1.5.0");

    private readonly byte[] _authKey = Localized(AuthPassword);
    private readonly byte[] _privKey = Localized(PrivPassword);

    [Fact]
    public void Encode_AfterDiscovery_AgentVerifiesMacAndDecrypts()
    {
        using var processor = DiscoveredProcessor();

        var outgoing = processor.Encode(SnmpPdu.Request(SnmpPduType.GetRequest, [SysName]) with { RequestId = 42 }, discovery: false);
        var message = V3MessageCodec.Decode(outgoing.Datagram);

        Assert.Equal(V3MessageFlags.Auth | V3MessageFlags.Priv | V3MessageFlags.Reportable, message.Flags);
        Assert.Equal(EngineId, message.Security.EngineId);
        Assert.Equal(24, message.Security.AuthenticationParameters.Length);
        Assert.True(UsmAuthentication.Verify(SnmpAuthProtocol.Sha256, _authKey, outgoing.Datagram, message.Security.AuthenticationOffset, 24));
        var iv = AesCfbPrivacy.BuildIv(message.Security.EngineBoots, message.Security.EngineTime, message.Security.PrivacyParameters);
        var pdu = V3MessageCodec.DecodeScopedPdu(AesCfbPrivacy.Decrypt(_privKey, iv, message.ScopedPduData));
        Assert.Equal(42, pdu.RequestId);
        Assert.Equal(SysName, Assert.Single(pdu.VarBinds).Oid);
    }

    [Fact]
    public void Encode_TwoRequests_FreshSaltAndMessageId()
    {
        using var processor = DiscoveredProcessor();
        var request = SnmpPdu.Request(SnmpPduType.GetRequest, [SysName]);

        var first = V3MessageCodec.Decode(processor.Encode(request, discovery: false).Datagram);
        var second = V3MessageCodec.Decode(processor.Encode(request, discovery: false).Datagram);

        Assert.NotEqual(first.MessageId, second.MessageId);
        Assert.NotEqual(first.Security.PrivacyParameters, second.Security.PrivacyParameters);
    }

    [Fact]
    public void TryDecode_GenuineResponse_Accepted()
    {
        using var processor = DiscoveredProcessor();

        var answer = processor.TryDecode(Response(messageId: 7, requestId: 9), [7]);

        Assert.NotNull(answer);
        Assert.Equal("vm", answer.VarBinds[0].Value.AsString());
    }

    [Fact]
    public void TryDecode_AnyFlippedByte_Ignored()
    {
        using var processor = DiscoveredProcessor();
        var genuine = Response(messageId: 7, requestId: 9);

        for (var i = 0; i < genuine.Length; i++)
        {
            var tampered = (byte[])genuine.Clone();
            tampered[i] ^= 0x01;
            Assert.Null(processor.TryDecode(tampered, [7]));
        }
    }

    [Fact]
    public void TryDecode_OtherMessageIdOrKeyOrLevel_Ignored()
    {
        using var processor = DiscoveredProcessor();

        Assert.Null(processor.TryDecode(Response(messageId: 7, requestId: 9), [8]));
        Assert.Null(processor.TryDecode(Response(messageId: 7, requestId: 9, authKey: Localized("some-other-password")), [7]));
        Assert.Null(processor.TryDecode(Response(messageId: 7, requestId: 9, flags: V3MessageFlags.None), [7]));
        Assert.Null(processor.TryDecode(Response(messageId: 7, requestId: 9, flags: V3MessageFlags.Auth), [7]));
    }

    [Fact]
    public void TryDecode_AuthenticResponseFromThePast_IgnoredAsReplay()
    {
        using var processor = DiscoveredProcessor();

        Assert.Null(processor.TryDecode(Response(messageId: 7, requestId: 9, boots: 4, time: 1001), [7]));
        Assert.Null(processor.TryDecode(Response(messageId: 7, requestId: 9, time: 1000 - 151), [7]));
        Assert.NotNull(processor.TryDecode(Response(messageId: 7, requestId: 9, time: 1000 - 149), [7]));
    }

    private UsmMessageProcessor DiscoveredProcessor()
    {
        var credentials = SnmpCredentials.V3("vigie", SnmpAuthProtocol.Sha256, AuthPassword, SnmpPrivProtocol.Aes128, PrivPassword);
        var processor = new UsmMessageProcessor(credentials, TimeProvider.System);
        var probe = V3MessageCodec.Decode(processor.Encode(SnmpPdu.Request(SnmpPduType.GetRequest, []), discovery: true).Datagram);
        Assert.Equal(V3MessageFlags.Reportable, probe.Flags);
        Assert.Empty(probe.Security.EngineId);
        var report = new SnmpPdu(SnmpPduType.Report, 0, 0, 0, [new VarBind(UnknownEngineIds, SnmpValue.Counter32(1))]);
        var security = new UsmSecurityParameters(EngineId, 5, 1000, [], [], []);
        var reportBytes = V3MessageCodec.Encode(probe.MessageId, 1500, V3MessageFlags.None, security, V3MessageCodec.EncodeScopedPdu(EngineId, [], report));
        Assert.Equal(SnmpPduType.Report, processor.TryDecode(reportBytes, [probe.MessageId])?.Type);
        Assert.True(processor.IsDiscovered);
        return processor;
    }

    private byte[] Response(
        int messageId,
        int requestId,
        byte[]? authKey = null,
        V3MessageFlags flags = V3MessageFlags.Auth | V3MessageFlags.Priv,
        int boots = 5,
        int time = 1001)
    {
        var pdu = new SnmpPdu(SnmpPduType.Response, requestId, 0, 0, [new VarBind(SysName, SnmpValue.OctetString("vm"))]);
        var scoped = V3MessageCodec.EncodeScopedPdu(EngineId, [], pdu);
        var salt = RandomNumberGenerator.GetBytes(8);
        var encrypted = flags.HasFlag(V3MessageFlags.Priv);
        var authenticated = flags.HasFlag(V3MessageFlags.Auth);
        var data = encrypted ? AesCfbPrivacy.Encrypt(_privKey, AesCfbPrivacy.BuildIv(boots, time, salt), scoped) : scoped;
        var security = new UsmSecurityParameters(EngineId, boots, time, "vigie"u8.ToArray(), new byte[authenticated ? 24 : 0], encrypted ? salt : []);
        var message = V3MessageCodec.Encode(messageId, 1500, flags, security, data);
        if (authenticated)
        {
            var offset = V3MessageCodec.Decode(message).Security.AuthenticationOffset;
            UsmAuthentication.Sign(SnmpAuthProtocol.Sha256, authKey ?? _authKey, message, offset);
        }
        return message;
    }

    private static byte[] Localized(string password) =>
        UsmKeys.Localize(SnmpAuthProtocol.Sha256, UsmKeys.PasswordToKey(SnmpAuthProtocol.Sha256, System.Text.Encoding.UTF8.GetBytes(password)), EngineId);
}
