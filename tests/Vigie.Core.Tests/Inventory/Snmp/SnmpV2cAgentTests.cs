using System.Diagnostics;
using System.Globalization;
using Vigie.Core.Inventory.Snmp;

namespace Vigie.Core.Tests.Inventory.Snmp;

[Collection(SnmpdCollection.Name)]
public class SnmpV2cAgentTests
{
    private readonly SnmpdFixture _agent;

    public SnmpV2cAgentTests(SnmpdFixture agent)
    {
        _agent = agent;
    }

    [SkippableFact]
    public async Task GetAsync_SystemGroup_SameValuesAsSnmpget()
    {
        _agent.Require();
        var oids = new[] { SystemOids.SysDescr, SystemOids.SysObjectId, SystemOids.SysUpTime, SystemOids.SysContact, SystemOids.SysName, SystemOids.SysLocation };
        var expected = await _agent.Cli.GetAsync(NetSnmpCli.V2c(_agent.Community), [.. oids.Select(oid => "." + oid)]);
        await using var client = _agent.CreateClient(_agent.V2c);

        var actual = await client.GetAsync(oids);

        Assert.Equal(oids, actual.Select(varBind => varBind.Oid));
        Assert.Equal(expected[0].Text, actual[0].Value.AsString());
        Assert.Equal(expected[1].Text, "." + actual[1].Value.AsOid());
        Assert.Equal(".1.3.6.1.4.1.8072.3.2.10", "." + actual[1].Value.AsOid());
        var cliTicks = long.Parse(expected[2].Text[1..expected[2].Text.IndexOf(')', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
        Assert.Equal(SnmpType.TimeTicks, actual[2].Value.Type);
        Assert.InRange(actual[2].Value.AsUInt() - cliTicks, 0, 1000);
        Assert.Equal(SnmpdFixture.Contact, actual[3].Value.AsString());
        Assert.Equal(expected[3].Text, actual[3].Value.AsString());
        Assert.Equal(expected[4].Text, actual[4].Value.AsString());
        Assert.Equal(SnmpdFixture.Location, actual[5].Value.AsString());
        Assert.Equal(expected[5].Text, actual[5].Value.AsString());
    }

    [SkippableFact]
    public async Task GetAsync_EntityMibOnNetSnmp_NoSuchObjectValueNotException()
    {
        _agent.Require();
        await using var client = _agent.CreateClient(_agent.V2c);

        var result = await client.GetAsync([SystemOids.SysName, SystemOids.EntPhysicalDescr1]);

        Assert.False(result[0].Value.IsException);
        Assert.Equal(SnmpType.NoSuchObject, result[1].Value.Type);
        Assert.True(result[1].Value.IsException);
    }

    [SkippableFact]
    public async Task GetAsync_WrongCommunity_TimeoutNamingHostNotCommunity()
    {
        _agent.Require();
        var options = new SnmpClientOptions { Timeout = TimeSpan.FromMilliseconds(300), Retries = 1 };
        await using var client = _agent.CreateClient(SnmpCredentials.V2c("wrong-community-x"), options);
        var watch = Stopwatch.StartNew();

        var exception = await Assert.ThrowsAsync<SnmpTimeoutException>(() => client.GetAsync(SystemOids.SysName));

        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(550), TimeSpan.FromSeconds(3));
        Assert.Contains(_agent.Endpoint.ToString(), exception.Message, StringComparison.Ordinal);
        Assert.Contains("2 attempt(s)", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-community-x", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_agent.Community, exception.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task GetNextAndGetBulk_SystemGroup_FollowMibOrder()
    {
        _agent.Require();
        await using var client = _agent.CreateClient(_agent.V2c);

        var next = await client.GetNextAsync([SystemOids.SysDescr]);
        var bulk = await client.GetBulkAsync(1, 3, [Oid.Parse("1.3.6.1.2.1.1.3"), Oid.Parse("1.3.6.1.2.1.2.2.1.2")]);

        Assert.Equal(SystemOids.SysObjectId, Assert.Single(next).Oid);
        Assert.Equal(4, bulk.Count);
        Assert.Equal(SystemOids.SysUpTime, bulk[0].Oid);
        Assert.Equal(["1.3.6.1.2.1.2.2.1.2.1", "1.3.6.1.2.1.2.2.1.2.2", "1.3.6.1.2.1.2.2.1.2.3"], bulk.Skip(1).Select(v => v.Oid.ToString()));
    }

    [SkippableFact]
    public async Task V1_GetAndWalkSystemGroup_SameAsV2c()
    {
        _agent.Require();
        await using var v1 = _agent.CreateClient(SnmpCredentials.V1(_agent.Community));
        await using var v2c = _agent.CreateClient(_agent.V2c);
        var system = Oid.Parse("1.3.6.1.2.1.1");

        var name = await v1.GetAsync(SystemOids.SysName);
        var v1Walk = await v1.WalkAsync(system).ToListAsync();
        var v2cWalk = await v2c.WalkAsync(system).ToListAsync();

        Assert.Equal((await v2c.GetAsync(SystemOids.SysName)).Value, name.Value);
        Assert.Equal(v2cWalk.Select(v => v.Oid), v1Walk.Select(v => v.Oid));
        var error = await Assert.ThrowsAsync<SnmpErrorException>(() => v1.GetAsync(SystemOids.EntPhysicalDescr1));
        Assert.Equal("noSuchName", error.StatusName);
        Assert.Equal(SystemOids.EntPhysicalDescr1, error.FailedOid);
    }
}
