using System.Net;
using System.Net.Sockets;
using Vigie.Core.Inventory.Snmp;

namespace Vigie.Core.Tests.Inventory.Snmp;

/// <summary>
/// A UDP relay between the client and the real snmpd that can misbehave on purpose: drop requests (a slow or
/// overloaded device), answer tooBig itself, or send stray and forged datagrams before the real answer.
/// Only v1/v2c requests are inspected; anything it cannot decode is forwarded.
/// </summary>
internal sealed class UdpRelay : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly Socket _clientSide = Bound();
    private readonly Socket _agentSide = Bound();
    private readonly Socket _intruder = Bound();
    private readonly IPEndPoint _agent;
    private readonly Func<SnmpPdu, RelayAction> _decide;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _requests;
    private readonly Task _answers;
    private IPEndPoint? _client;
    private int _dropped;

    public UdpRelay(IPEndPoint agent, Func<SnmpPdu, RelayAction> decide)
    {
        _agent = agent;
        _decide = decide;
        _requests = Task.Run(() => RelayRequestsAsync(_stop.Token));
        _answers = Task.Run(() => RelayAnswersAsync(_stop.Token));
    }

    public IPEndPoint Endpoint => (IPEndPoint)_clientSide.LocalEndPoint!;

    public int Dropped => Volatile.Read(ref _dropped);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll(_requests, _answers).WaitAsync(StopTimeout);
        }
        catch (OperationCanceledException)
        {
            // The loops end by cancellation.
        }
        _clientSide.Dispose();
        _agentSide.Dispose();
        _intruder.Dispose();
        _stop.Dispose();
    }

    private async Task RelayRequestsAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[65536];
        while (!cancellationToken.IsCancellationRequested)
        {
            var received = await _clientSide.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cancellationToken);
            _client = (IPEndPoint)received.RemoteEndPoint;
            var datagram = buffer.AsSpan(0, received.ReceivedBytes).ToArray();
            SnmpPdu? pdu = null;
            byte[] community = [];
            SnmpVersion version = SnmpVersion.V2c;
            try
            {
                (version, community, pdu) = CommunityMessageCodec.Decode(datagram);
            }
            catch (SnmpException)
            {
                // Not v1/v2c: relay as is.
            }
            var action = pdu is null ? RelayAction.Forward : _decide(pdu);
            switch (action)
            {
                case RelayAction.Drop:
                    Interlocked.Increment(ref _dropped);
                    break;
                case RelayAction.AnswerTooBig when pdu is not null:
                    var tooBig = new SnmpPdu(SnmpPduType.Response, pdu.RequestId, (int)SnmpErrorStatus.TooBig, 0, pdu.VarBinds);
                    await _clientSide.SendToAsync(CommunityMessageCodec.Encode(version, community, tooBig), SocketFlags.None, _client, cancellationToken);
                    break;
                case RelayAction.StraysThenForward when pdu is not null:
                    await SendStraysAsync(version, community, pdu, cancellationToken);
                    await _agentSide.SendToAsync(datagram, SocketFlags.None, _agent, cancellationToken);
                    break;
                default:
                    await _agentSide.SendToAsync(datagram, SocketFlags.None, _agent, cancellationToken);
                    break;
            }
        }
    }

    private async Task SendStraysAsync(SnmpVersion version, byte[] community, SnmpPdu request, CancellationToken cancellationToken)
    {
        var client = _client!;
        var forged = request.VarBinds.Select(varBind => new VarBind(varBind.Oid, SnmpValue.OctetString("forged"))).ToList();
        // Garbage, a response to another request, one with another community, and a perfect forgery sent
        // from another port: the client must take none of them.
        await _clientSide.SendToAsync(new byte[] { 0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, SocketFlags.None, client, cancellationToken);
        var otherRequest = new SnmpPdu(SnmpPduType.Response, unchecked(request.RequestId + 1), 0, 0, forged);
        await _clientSide.SendToAsync(CommunityMessageCodec.Encode(version, community, otherRequest), SocketFlags.None, client, cancellationToken);
        var sameRequest = new SnmpPdu(SnmpPduType.Response, request.RequestId, 0, 0, forged);
        await _clientSide.SendToAsync(CommunityMessageCodec.Encode(version, "not-the-community"u8, sameRequest), SocketFlags.None, client, cancellationToken);
        await _intruder.SendToAsync(CommunityMessageCodec.Encode(version, community, sameRequest), SocketFlags.None, client, cancellationToken);
    }

    private async Task RelayAnswersAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[65536];
        while (!cancellationToken.IsCancellationRequested)
        {
            var received = await _agentSide.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cancellationToken);
            if (_client is { } client)
            {
                await _clientSide.SendToAsync(buffer.AsMemory(0, received.ReceivedBytes), SocketFlags.None, client, cancellationToken);
            }
        }
    }

    private static Socket Bound()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }
}
