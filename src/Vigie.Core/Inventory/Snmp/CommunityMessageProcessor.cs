using System.Security.Cryptography;
using System.Text;

namespace Vigie.Core.Inventory.Snmp;

/// <summary>SNMPv1/v2c: the community travels in clear text in every message.</summary>
internal sealed class CommunityMessageProcessor : ISnmpMessageProcessor
{
    private readonly SnmpVersion _version;
    private readonly byte[] _community;

    public CommunityMessageProcessor(SnmpVersion version, string community)
    {
        _version = version;
        _community = Encoding.UTF8.GetBytes(community);
    }

    public OutgoingMessage Encode(SnmpPdu pdu, bool discovery) =>
        new(CommunityMessageCodec.Encode(_version, _community, pdu), pdu.RequestId);

    public SnmpPdu? TryDecode(ReadOnlySpan<byte> datagram, IReadOnlyCollection<int> messageIds)
    {
        try
        {
            var (version, community, pdu) = CommunityMessageCodec.Decode(datagram);
            var matches = version == _version
                && pdu.Type == SnmpPduType.Response
                && messageIds.Contains(pdu.RequestId)
                && CryptographicOperations.FixedTimeEquals(community, _community);
            return matches ? pdu : null;
        }
        catch (SnmpException)
        {
            return null;
        }
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_community);
}
