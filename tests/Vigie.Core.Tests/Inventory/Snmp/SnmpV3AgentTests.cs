using Vigie.Core.Inventory.Snmp;

namespace Vigie.Core.Tests.Inventory.Snmp;

[Collection(SnmpdCollection.Name)]
public class SnmpV3AgentTests
{
    private readonly SnmpdFixture _agent;

    public SnmpV3AgentTests(SnmpdFixture agent)
    {
        _agent = agent;
    }

    private static readonly Oid UsmStatsNotInTimeWindows = Oid.Parse("1.3.6.1.6.3.15.1.1.2.0");

    public static TheoryData<string> Users => ["vigsha1", "vigsha256", "vigauth", "vignoauth"];

    [SkippableTheory]
    [MemberData(nameof(Users))]
    public async Task GetAsync_EachSecurityLevelAndProtocol_SysNameAsSnmpget(string userName)
    {
        _agent.Require();
        var user = User(userName);
        var expected = await _agent.Cli.GetAsync(user.CliArguments(), "." + SystemOids.SysName);
        await using var client = _agent.CreateClient(user.Credentials);

        var actual = await client.GetAsync([SystemOids.SysName, SystemOids.SysLocation]);

        Assert.Equal(expected[0].Text, actual[0].Value.AsString());
        Assert.Equal(SnmpdFixture.Location, actual[1].Value.AsString());
    }

    [SkippableFact]
    public async Task WalkAsync_IfTableOverSha256Aes_SameAsV2c()
    {
        _agent.Require();
        await using var v3 = _agent.CreateClient(_agent.Sha256AesUser.Credentials);
        await using var v2c = _agent.CreateClient(_agent.V2c);

        var secure = await v3.WalkAsync(SystemOids.IfTable).ToListAsync();
        var plain = await v2c.WalkAsync(SystemOids.IfTable).ToListAsync();

        Assert.NotEmpty(secure);
        Assert.Equal(plain.Select(v => v.Oid), secure.Select(v => v.Oid));
    }

    [SkippableTheory]
    [InlineData(SnmpAuthProtocol.Sha1)]
    [InlineData(SnmpAuthProtocol.Sha256)]
    public async Task GetAsync_WrongAuthPassword_WrongDigestsReportWithoutPasswords(SnmpAuthProtocol protocol)
    {
        _agent.Require();
        var user = protocol == SnmpAuthProtocol.Sha1 ? _agent.Sha1AesUser : _agent.Sha256AesUser;
        var credentials = SnmpCredentials.V3(user.Name, protocol, "not-the-password-42", SnmpPrivProtocol.Aes128, user.PrivPassword);
        await using var client = _agent.CreateClient(credentials);

        var exception = await Assert.ThrowsAsync<SnmpReportException>(() => client.GetAsync(SystemOids.SysName));

        Assert.Equal("wrongDigests", exception.ReportName);
        Assert.Contains("authentication failure", exception.Message, StringComparison.Ordinal);
        Assert.Contains(_agent.Endpoint.ToString(), exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password-42", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(user.AuthPassword!, exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(user.PrivPassword!, exception.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task GetAsync_WrongPrivPassword_TimeoutHintingAtPrivacyPassword()
    {
        _agent.Require();
        var user = _agent.Sha1AesUser;
        var credentials = SnmpCredentials.V3(user.Name, SnmpAuthProtocol.Sha1, user.AuthPassword, SnmpPrivProtocol.Aes128, "not-the-privacy-pass");
        var options = new SnmpClientOptions { Timeout = TimeSpan.FromMilliseconds(300), Retries = 0 };
        await using var client = _agent.CreateClient(credentials, options);

        // net-snmp drops what it cannot decrypt instead of reporting decryptionErrors.
        var exception = await Assert.ThrowsAsync<SnmpTimeoutException>(() => client.GetAsync(SystemOids.SysName));

        Assert.Contains("privacy password", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-privacy-pass", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(user.AuthPassword!, exception.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task GetAsync_UnknownUser_UnknownUserNamesReport()
    {
        _agent.Require();
        await using var client = _agent.CreateClient(SnmpCredentials.V3("nobody-here", SnmpAuthProtocol.Sha1, "whatever-password"));

        var exception = await Assert.ThrowsAsync<SnmpReportException>(() => client.GetAsync(SystemOids.SysName));

        Assert.Equal("unknownUserNames", exception.ReportName);
        Assert.DoesNotContain("whatever-password", exception.Message, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData(200)]
    [InlineData(100_000)]
    public async Task GetAsync_LocalClockDriftsOutOfTimeWindow_ResynchronisesAndSucceeds(int driftSeconds)
    {
        _agent.Require();
        var clock = new ShiftableTimeProvider();
        await using var client = new SnmpClient(_agent.Endpoint, _agent.Sha256AesUser.Credentials, new SnmpClientOptions { Timeout = TimeSpan.FromSeconds(2), Retries = 0 }, clock);
        await using var observer = _agent.CreateClient(_agent.V2c);
        var before = await client.GetAsync(SystemOids.SysName);
        var reportsBefore = (await observer.GetAsync(UsmStatsNotInTimeWindows)).Value.AsUInt();

        // RFC 3414 allows 150 s of drift; beyond it the agent reports notInTimeWindow.
        clock.Shift(TimeSpan.FromSeconds(driftSeconds));
        var after = await client.GetAsync(SystemOids.SysName);

        Assert.Equal(before.Value, after.Value);
        Assert.True((await observer.GetAsync(UsmStatsNotInTimeWindows)).Value.AsUInt() > reportsBefore, "the agent should have refused the drifted request once");
    }

    private SnmpdUser User(string name) => new[] { _agent.Sha1AesUser, _agent.Sha256AesUser, _agent.Sha256AuthOnlyUser, _agent.NoAuthUser }
        .Single(user => user.Name == name);
}
