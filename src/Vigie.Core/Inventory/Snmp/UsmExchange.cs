using System.Net;

namespace Vigie.Core.Inventory.Snmp;

/// <summary>
/// One SNMPv3 request as RFC 3414 section 4 has it: discover the engine first, then send; on a notInTimeWindow
/// report take the agent's clock and resend once, on unknownEngineID rediscover once, and turn the other reports
/// into <see cref="SnmpReportException"/>.
/// </summary>
internal sealed class UsmExchange
{
    private readonly UdpTransport _transport;
    private readonly UsmMessageProcessor _usm;
    private readonly IPEndPoint _target;
    private readonly string _user;

    public UsmExchange(UdpTransport transport, UsmMessageProcessor usm, IPEndPoint target, string user)
    {
        _transport = transport;
        _usm = usm;
        _target = target;
        _user = user;
    }

    public async Task<SnmpPdu> ExchangeAsync(SnmpPdu request, SnmpClientOptions options, CancellationToken cancellationToken)
    {
        _usm.MaxMessageSize = options.MaxResponseBytes;
        if (!_usm.IsDiscovered)
        {
            await DiscoverAsync(options, cancellationToken);
        }
        var resynchronised = false;
        var rediscovered = false;
        while (true)
        {
            var answer = await SendAsync(request, options, cancellationToken);
            if (answer.Type != SnmpPduType.Report)
            {
                return answer;
            }
            // The processor has already taken the engine's clock or new engine ID from the report.
            var kind = UsmReports.Classify(answer);
            if (kind == UsmReportKind.NotInTimeWindow && !resynchronised)
            {
                resynchronised = true;
            }
            else if (kind == UsmReportKind.UnknownEngineId && !rediscovered)
            {
                rediscovered = true;
                await DiscoverAsync(options, cancellationToken);
            }
            else
            {
                throw UsmReports.ToException(answer, _target, _user);
            }
        }
    }

    private async Task<SnmpPdu> SendAsync(SnmpPdu request, SnmpClientOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return await _transport.ExchangeAsync(request, false, _usm, options, cancellationToken);
        }
        catch (SnmpTimeoutException exception) when (_usm.UsesPriv)
        {
            // net-snmp drops a request it cannot decrypt without a report, so silence after a successful
            // discovery usually means a wrong privacy password.
            throw new SnmpTimeoutException(
                exception.Message + " The agent answered engine discovery, so a wrong privacy password or protocol is a likely cause.", exception);
        }
    }

    private async Task DiscoverAsync(SnmpClientOptions options, CancellationToken cancellationToken)
    {
        var answer = await _transport.ExchangeAsync(SnmpPdu.Request(SnmpPduType.GetRequest, []), true, _usm, options, cancellationToken);
        if (!_usm.IsDiscovered)
        {
            throw new SnmpException($"SNMPv3 agent {_target} did not reveal its engine ID (it answered a {answer.Type} without usmStatsUnknownEngineIDs).");
        }
    }
}
