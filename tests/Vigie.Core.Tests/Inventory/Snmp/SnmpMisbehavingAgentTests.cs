using System.Diagnostics;
using Vigie.Core.Inventory.Snmp;

namespace Vigie.Core.Tests.Inventory.Snmp;

/// <summary>The real snmpd behind a relay that loses, refuses or spoofs datagrams.</summary>
[Collection(SnmpdCollection.Name)]
public class SnmpMisbehavingAgentTests
{
    private readonly SnmpdFixture _agent;

    public SnmpMisbehavingAgentTests(SnmpdFixture agent)
    {
        _agent = agent;
    }

    [SkippableFact]
    public async Task WalkAsync_AgentTooSlowForLargeBulks_HalvesRepetitionsAndCompletes()
    {
        _agent.Require();
        await using var relay = new UdpRelay(_agent.Endpoint, pdu => IsBulkAbove(pdu, 5) ? RelayAction.Drop : RelayAction.Forward);
        var options = new SnmpClientOptions { MaxRepetitions = 40, Timeout = TimeSpan.FromMilliseconds(150), Retries = 1 };
        await using var slow = new SnmpClient(relay.Endpoint, _agent.V2c, options);
        await using var direct = _agent.CreateClient(_agent.V2c);

        var walked = await slow.WalkAsync(SystemOids.IfTable).ToListAsync();

        Assert.Equal((await direct.WalkAsync(SystemOids.IfTable).ToListAsync()).Select(v => v.Oid), walked.Select(v => v.Oid));
        // 40, 20 and 10 repetitions each time out twice (one retry) before 5 gets through.
        Assert.Equal(6, relay.Dropped);
    }

    [SkippableFact]
    public async Task WalkAsync_AgentNeverAnswersBulk_TimeoutAfterShrinkingToOne()
    {
        _agent.Require();
        await using var relay = new UdpRelay(_agent.Endpoint, pdu => pdu.Type == SnmpPduType.GetBulkRequest ? RelayAction.Drop : RelayAction.Forward);
        var options = new SnmpClientOptions { MaxRepetitions = 8, Timeout = TimeSpan.FromMilliseconds(100), Retries = 0 };
        await using var client = new SnmpClient(relay.Endpoint, _agent.V2c, options);
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAsync<SnmpTimeoutException>(() => client.WalkAsync(SystemOids.IfTable).ToListAsync().AsTask());

        Assert.Equal(4, relay.Dropped);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
    }

    [SkippableFact]
    public async Task GetBulkAsync_TooBig_RetriedWithHalfTheRepetitions()
    {
        _agent.Require();
        await using var relay = new UdpRelay(_agent.Endpoint, pdu => IsBulkAbove(pdu, 4) ? RelayAction.AnswerTooBig : RelayAction.Forward);
        await using var client = new SnmpClient(relay.Endpoint, _agent.V2c);

        var bulk = await client.GetBulkAsync(0, 16, [Oid.Parse("1.3.6.1.2.1.2.2.1.1")]);
        var walked = await client.WalkAsync(SystemOids.IfTable, client.Options with { MaxRepetitions = 50 }).ToListAsync();

        Assert.Equal(4, bulk.Count);
        Assert.NotEmpty(walked);
    }

    [SkippableFact]
    public async Task GetBulkAsync_TooBigEvenForOneRepetition_SnmpErrorException()
    {
        _agent.Require();
        await using var relay = new UdpRelay(_agent.Endpoint, pdu => pdu.Type == SnmpPduType.GetBulkRequest ? RelayAction.AnswerTooBig : RelayAction.Forward);
        await using var client = new SnmpClient(relay.Endpoint, _agent.V2c);

        var exception = await Assert.ThrowsAsync<SnmpErrorException>(() => client.GetBulkAsync(0, 8, [SystemOids.IfTable]));

        Assert.Equal(SnmpErrorStatus.TooBig, exception.Status);
        Assert.Equal("tooBig", exception.StatusName);
        Assert.Contains(relay.Endpoint.ToString(), exception.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task GetAsync_StrayAndForgedDatagramsFirst_RealAnswerTaken()
    {
        _agent.Require();
        await using var relay = new UdpRelay(_agent.Endpoint, _ => RelayAction.StraysThenForward);
        await using var client = new SnmpClient(relay.Endpoint, _agent.V2c);
        await using var direct = _agent.CreateClient(_agent.V2c);

        var viaRelay = await client.GetAsync(SystemOids.SysName);
        var walked = await client.WalkAsync(Oid.Parse("1.3.6.1.2.1.1")).ToListAsync();

        Assert.Equal((await direct.GetAsync(SystemOids.SysName)).Value, viaRelay.Value);
        Assert.DoesNotContain(walked, varBind => varBind.Value.Type == SnmpType.OctetString && varBind.Value.AsString() == "forged");
    }

    private static bool IsBulkAbove(SnmpPdu pdu, int repetitions) =>
        pdu.Type == SnmpPduType.GetBulkRequest && pdu.ErrorIndex > repetitions;
}
