using Vigie.Core.Inventory.Snmp;

namespace Vigie.Core.Tests.Inventory.Snmp;

[Collection(SnmpdCollection.Name)]
public class SnmpWalkAgentTests
{
    private readonly SnmpdFixture _agent;

    public SnmpWalkAgentTests(SnmpdFixture agent)
    {
        _agent = agent;
    }

    [SkippableTheory]
    [InlineData("1.3.6.1.2.1.2.2")]
    [InlineData("1.3.6.1.2.1.31.1.1")]
    public async Task WalkAsync_InterfaceTables_SameAsSnmpbulkwalk(string table)
    {
        _agent.Require();
        var expected = await _agent.Cli.BulkWalkAsync(NetSnmpCli.V2c(_agent.Community), "." + table);
        await using var client = _agent.CreateClient(_agent.V2c);

        var actual = await client.WalkAsync(Oid.Parse(table)).ToListAsync();

        Assert.NotEmpty(expected);
        NetSnmpComparison.AssertSameVarBinds(expected, actual);
    }

    [SkippableFact]
    public async Task WalkTableAsync_IfTable_RowsByIndexWithMacAddresses()
    {
        _agent.Require();
        var expected = await _agent.Cli.BulkWalkAsync(NetSnmpCli.V2c(_agent.Community), ".1.3.6.1.2.1.2.2.1.6");
        await using var client = _agent.CreateClient(_agent.V2c);

        var rows = await client.WalkTableAsync(SystemOids.IfTable, [1, 2, 6]);

        Assert.Equal(expected.Count, rows.Count);
        Assert.Equal(rows.Select(row => row.Index), rows.Select(row => row[1]!.AsInteger().ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal("lo", rows[0][2]!.AsString());
        foreach (var (row, cli) in rows.Zip(expected))
        {
            Assert.Equal(cli.Oid, ".1.3.6.1.2.1.2.2.1.6." + row.Index);
            var mac = cli.Text.Replace(' ', ':').ToLowerInvariant();
            Assert.Equal(mac, row[6]!.AsMac());
        }
        Assert.Contains(rows, row => row[6]!.AsMac().Length == 17);
    }

    [SkippableTheory]
    [InlineData(25)]
    [InlineData(3)]
    public async Task WalkAsync_HrSwInstalledTable_SameRowsAsSnmpbulkwalk(int maxRepetitions)
    {
        _agent.Require();
        var expected = await _agent.Cli.BulkWalkAsync(NetSnmpCli.V2c(_agent.Community), "." + SystemOids.HrSwInstalledTable);
        await using var client = _agent.CreateClient(_agent.V2c, new SnmpClientOptions { MaxRepetitions = maxRepetitions, Timeout = TimeSpan.FromSeconds(2), Retries = 1 });

        var actual = await client.WalkAsync(SystemOids.HrSwInstalledTable).ToListAsync();

        Assert.True(expected.Count > 500, $"snmpbulkwalk found only {expected.Count} values");
        NetSnmpComparison.AssertSameVarBinds(expected, actual);
    }

    [SkippableFact]
    public async Task WalkTableAsync_HrSwInstalledOverV3_OneRowPerPackage()
    {
        _agent.Require();
        var names = await _agent.Cli.BulkWalkAsync(NetSnmpCli.V2c(_agent.Community), ".1.3.6.1.2.1.25.6.3.1.2");
        await using var client = _agent.CreateClient(_agent.Sha1AesUser.Credentials);

        var rows = await client.WalkTableAsync(SystemOids.HrSwInstalledTable);

        Assert.Equal(names.Count, rows.Count);
        Assert.Equal(names.Select(name => name.Text), rows.Select(row => row[2]!.AsString()));
        Assert.All(rows, row => Assert.Equal(5, row.Columns.Count));
    }

    [SkippableFact]
    public async Task WalkAsync_MoreResultsThanAllowed_ThrowsSnmpException()
    {
        _agent.Require();
        await using var client = _agent.CreateClient(_agent.V2c, new SnmpClientOptions { MaxWalkResults = 10 });

        var exception = await Assert.ThrowsAsync<SnmpException>(() => client.WalkAsync(SystemOids.HrSwInstalledTable).ToListAsync().AsTask());

        Assert.Contains("MaxWalkResults", exception.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task WalkAsync_EndOfMib_StopsCleanly()
    {
        _agent.Require();
        await using var client = _agent.CreateClient(_agent.V2c);

        var tail = await client.WalkAsync(Oid.Parse("1.3.6.1.6.3.16.2.2.1.4")).ToListAsync();
        var beyond = await client.WalkAsync(Oid.Parse("2.99")).ToListAsync();

        Assert.Empty(beyond);
        Assert.All(tail, varBind => Assert.False(varBind.Value.IsException));
    }
}
