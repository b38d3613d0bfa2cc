namespace Vigie.Core.Inventory.Snmp;

/// <summary>Wraps PDUs into messages of one SNMP version and security model, and unwraps the answers.</summary>
internal interface ISnmpMessageProcessor : IDisposable
{
    /// <summary>Encodes a request; <paramref name="discovery"/> asks for an SNMPv3 engine-discovery probe.</summary>
    OutgoingMessage Encode(SnmpPdu pdu, bool discovery);

    /// <summary>
    /// The Response or Report PDU in <paramref name="datagram"/> when it answers one of <paramref name="messageIds"/>
    /// and passes the security checks; null for anything else (malformed, forged, stray or late datagrams).
    /// </summary>
    SnmpPdu? TryDecode(ReadOnlySpan<byte> datagram, IReadOnlyCollection<int> messageIds);
}
