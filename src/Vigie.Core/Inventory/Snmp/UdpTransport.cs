using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Vigie.Core.Inventory.Snmp;

/// <summary>
/// One UDP socket on an ephemeral port talking to one agent: send, wait for the matching answer, resend on
/// timeout. Datagrams from other addresses, with other ids or that fail the security checks are dropped.
/// </summary>
internal sealed class UdpTransport : IDisposable
{
    private readonly Socket _socket;
    private readonly IPEndPoint _target;
    private readonly TimeProvider _timeProvider;
    private readonly EndPoint _anyEndPoint;
    private readonly byte[] _buffer = new byte[SnmpClientOptions.MaxUdpPayload + 1];

    public UdpTransport(IPEndPoint target, TimeProvider timeProvider)
    {
        _target = target;
        _timeProvider = timeProvider;
        var any = target.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
        _anyEndPoint = new IPEndPoint(any, 0);
        _socket = new Socket(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            _socket.Bind(new IPEndPoint(any, 0));
        }
        catch
        {
            _socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends <paramref name="pdu"/> with a fresh random request-id and returns the first valid answer.</summary>
    public async Task<SnmpPdu> ExchangeAsync(SnmpPdu pdu, bool discovery, ISnmpMessageProcessor processor, SnmpClientOptions options, CancellationToken cancellationToken)
    {
        var request = pdu with { RequestId = RandomNumberGenerator.GetInt32(1, int.MaxValue) };
        // Every attempt's id stays acceptable: a slow agent's late answer to the first attempt is as good as any.
        var messageIds = new List<int>(options.Retries + 1);
        for (var attempt = 0; attempt <= options.Retries; attempt++)
        {
            var outgoing = processor.Encode(request, discovery);
            messageIds.Add(outgoing.MessageId);
            await SendAsync(outgoing.Datagram, cancellationToken);
            var answer = await ReceiveAsync(processor, messageIds, request.RequestId, options, cancellationToken);
            if (answer is not null)
            {
                return answer;
            }
        }
        throw new SnmpTimeoutException(
            $"No answer from SNMP agent {_target} after {options.Retries + 1} attempt(s) of {options.Timeout.TotalMilliseconds:0} ms "
            + "(agent down, port filtered, or credentials refused: agents stay silent on a wrong community).");
    }

    public void Dispose() => _socket.Dispose();

    private async Task SendAsync(byte[] datagram, CancellationToken cancellationToken)
    {
        try
        {
            await _socket.SendToAsync(datagram, SocketFlags.None, _target, cancellationToken);
        }
        catch (SocketException exception)
        {
            throw new SnmpException($"Cannot send to SNMP agent {_target}: {exception.SocketErrorCode}.", exception);
        }
    }

    private async Task<SnmpPdu?> ReceiveAsync(ISnmpMessageProcessor processor, List<int> messageIds, int requestId, SnmpClientOptions options, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.Timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        while (true)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(_buffer, SocketFlags.None, _anyEndPoint, linked.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }
            catch (SocketException exception) when (exception.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
            {
                // ICMP port-unreachable (Windows reports it here) or an oversized datagram: keep waiting.
                continue;
            }
            if (received.ReceivedBytes > options.MaxResponseBytes || !IsFromTarget(received.RemoteEndPoint))
            {
                continue;
            }
            var answer = processor.TryDecode(_buffer.AsSpan(0, received.ReceivedBytes), messageIds);
            // RFC 3412 section 7.1: a report carries the request-id when the agent could read it, else 0.
            if (answer is not null
                && (answer.RequestId == requestId || (answer.Type == SnmpPduType.Report && answer.RequestId == 0)))
            {
                return answer;
            }
        }
    }

    private bool IsFromTarget(EndPoint remote) =>
        remote is IPEndPoint endPoint && endPoint.Port == _target.Port && endPoint.Address.Equals(_target.Address);
}
