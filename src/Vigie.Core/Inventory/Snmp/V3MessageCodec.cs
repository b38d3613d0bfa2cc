namespace Vigie.Core.Inventory.Snmp;

/// <summary>BER of SNMPv3Message, HeaderData, UsmSecurityParameters and ScopedPDU (RFC 3412, RFC 3414).</summary>
internal static class V3MessageCodec
{
    public const int UsmSecurityModel = 3;

    /// <summary>
    /// Encodes a message. <paramref name="scopedPduData"/> is a ScopedPDU TLV, or the ciphertext when
    /// <paramref name="flags"/> has Priv.
    /// </summary>
    public static byte[] Encode(int messageId, int maxSize, V3MessageFlags flags, UsmSecurityParameters security, ReadOnlySpan<byte> scopedPduData)
    {
        var writer = new BerWriter();
        writer.BeginConstructed(BerTag.Sequence);
        writer.WriteInteger((int)SnmpVersion.V3);
        writer.BeginConstructed(BerTag.Sequence);
        writer.WriteInteger(messageId);
        writer.WriteInteger(maxSize);
        writer.WriteOctetString([(byte)flags]);
        writer.WriteInteger(UsmSecurityModel);
        writer.EndConstructed();
        writer.WriteOctetString(EncodeSecurityParameters(security));
        if (flags.HasFlag(V3MessageFlags.Priv))
        {
            writer.WriteOctetString(scopedPduData);
        }
        else
        {
            writer.WriteEncoded(scopedPduData);
        }
        writer.EndConstructed();
        return writer.ToArray();
    }

    public static V3Message Decode(ReadOnlySpan<byte> datagram)
    {
        var outer = new BerReader(datagram);
        var message = outer.ReadSequence("message");
        outer.ReadEnd("the message");
        var version = message.ReadInt32("msgVersion");
        if (version != (int)SnmpVersion.V3)
        {
            throw BerReader.Malformed($"msgVersion {version} is not 3");
        }
        var header = message.ReadSequence("msgGlobalData");
        var messageId = header.ReadInt32("msgID");
        var maxSize = header.ReadInt32("msgMaxSize");
        var flagOctets = header.ReadOctetString("msgFlags");
        if (flagOctets.Length != 1)
        {
            throw BerReader.Malformed($"msgFlags of {flagOctets.Length} octets");
        }
        var securityModel = header.ReadInt32("msgSecurityModel");
        if (securityModel != UsmSecurityModel)
        {
            throw BerReader.Malformed($"security model {securityModel} is not USM");
        }
        var securityContent = message.ReadTlv(out var securityTag, out var securityOffset);
        if (securityTag != BerTag.OctetString)
        {
            throw BerReader.Malformed("msgSecurityParameters is not an OCTET STRING");
        }
        var security = DecodeSecurityParameters(new BerReader(securityContent, securityOffset));
        var flags = (V3MessageFlags)flagOctets[0];
        byte[] scopedPduData;
        if (flags.HasFlag(V3MessageFlags.Priv))
        {
            scopedPduData = message.ReadOctetString("encryptedPDU").ToArray();
        }
        else
        {
            var start = message.Offset;
            message.ReadExpected(BerTag.Sequence, "ScopedPDU");
            scopedPduData = datagram[start..message.Offset].ToArray();
        }
        message.ReadEnd("the message");
        return new V3Message(messageId, maxSize, flags, security, scopedPduData);
    }

    public static byte[] EncodeScopedPdu(ReadOnlySpan<byte> contextEngineId, ReadOnlySpan<byte> contextName, SnmpPdu pdu)
    {
        var writer = new BerWriter();
        writer.BeginConstructed(BerTag.Sequence);
        writer.WriteOctetString(contextEngineId);
        writer.WriteOctetString(contextName);
        PduCodec.Write(writer, pdu);
        writer.EndConstructed();
        return writer.ToArray();
    }

    /// <summary>Decodes a ScopedPDU; octets after it are ignored because a decrypted payload may carry padding.</summary>
    public static SnmpPdu DecodeScopedPdu(ReadOnlySpan<byte> data)
    {
        var outer = new BerReader(data);
        var scoped = outer.ReadSequence("ScopedPDU");
        scoped.ReadOctetString("contextEngineID");
        scoped.ReadOctetString("contextName");
        var pdu = PduCodec.Read(ref scoped);
        scoped.ReadEnd("the ScopedPDU");
        return pdu;
    }

    private static byte[] EncodeSecurityParameters(UsmSecurityParameters security)
    {
        var writer = new BerWriter();
        writer.BeginConstructed(BerTag.Sequence);
        writer.WriteOctetString(security.EngineId);
        writer.WriteInteger(security.EngineBoots);
        writer.WriteInteger(security.EngineTime);
        writer.WriteOctetString(security.UserName);
        writer.WriteOctetString(security.AuthenticationParameters);
        writer.WriteOctetString(security.PrivacyParameters);
        writer.EndConstructed();
        return writer.ToArray();
    }

    private static UsmSecurityParameters DecodeSecurityParameters(BerReader reader)
    {
        var sequence = reader.ReadSequence("UsmSecurityParameters");
        reader.ReadEnd("UsmSecurityParameters");
        var engineId = sequence.ReadOctetString("msgAuthoritativeEngineID").ToArray();
        var boots = sequence.ReadInt32("msgAuthoritativeEngineBoots");
        var time = sequence.ReadInt32("msgAuthoritativeEngineTime");
        var user = sequence.ReadOctetString("msgUserName").ToArray();
        var auth = sequence.ReadTlv(out var authTag, out var authOffset);
        if (authTag != BerTag.OctetString)
        {
            throw BerReader.Malformed("msgAuthenticationParameters is not an OCTET STRING");
        }
        var priv = sequence.ReadOctetString("msgPrivacyParameters").ToArray();
        sequence.ReadEnd("UsmSecurityParameters");
        return new UsmSecurityParameters(engineId, boots, time, user, auth.ToArray(), priv) { AuthenticationOffset = authOffset };
    }
}
