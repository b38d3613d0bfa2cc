using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Vigie.Core.Inventory.Polling;
using Vigie.Testing;
using Vigie.Testing.Snmp;

namespace Vigie.Server.Tests;

[Collection(SnmpdCollection.Name)]
public class SnmpPollingTests
{
    private readonly SnmpdFixture _agent;

    public SnmpPollingTests(SnmpdFixture agent) => _agent = agent;

    private object V2cDevice(string name) => new
    {
        name,
        address = "127.0.0.1",
        port = _agent.Endpoint.Port,
        version = "2c",
        community = CapturedLogs.Secret("snmp community", _agent.Community),
    };

    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task V2cDevice_Polled_SystemInterfacesAndSoftwareOnTheAsset(TestDatabase db)
    {
        _agent.Require();
        await using var server = await VigieTestServer.StartAsync(db);
        var admin = await server.SetupAdminAsync();
        var device = (await admin.PostAsync("api/v1/snmp/devices", V2cDevice("lab-switch"))).EnsureStatus(201);
        Assert.DoesNotContain(_agent.Community, device.Body);
        var listed = (await admin.GetAsync("api/v1/snmp/devices")).EnsureStatus(200);
        Assert.DoesNotContain(_agent.Community, listed.Body);

        var id = device.Json.GetProperty("id").GetGuid();
        var poll = (await admin.PostAsync($"api/v1/snmp/devices/{id}/poll")).EnsureStatus(200).Json;
        Assert.True(poll.GetProperty("status").GetString() == "ok", poll.ToString());
        var assetId = poll.GetProperty("assetId").GetGuid();

        var expected = await _agent.Cli.GetAsync(NetSnmpCli.V2c(_agent.Community), "." + SystemOids.SysName, "." + SystemOids.SysDescr);
        var detail = (await admin.GetAsync($"api/v1/assets/{assetId}")).EnsureStatus(200).Json;
        var asset = detail.GetProperty("asset");
        Assert.Equal(expected[0].Text.Trim('"'), asset.GetProperty("name").GetString());
        Assert.Equal("network", asset.GetProperty("kind").GetString());
        Assert.Equal("snmp", asset.GetProperty("source").GetString());
        var system = detail.GetProperty("details").GetProperty("system");
        Assert.Equal(SnmpdFixture.Location, system.GetProperty("location").GetString());
        Assert.Equal(SnmpdFixture.Contact, system.GetProperty("contact").GetString());
        Assert.Equal(expected[1].Text.Trim('"'), system.GetProperty("description").GetString());
        Assert.Equal(".1.3.6.1.4.1.8072.3.2.10", "." + system.GetProperty("objectId").GetString()!.TrimStart('.'));

        var interfaces = await _agent.Cli.BulkWalkAsync(NetSnmpCli.V2c(_agent.Community), ".1.3.6.1.2.1.2.2.1.2");
        var polledInterfaces = detail.GetProperty("details").GetProperty("interfaces");
        Assert.Equal(interfaces.Count, polledInterfaces.GetArrayLength());
        Assert.Contains(polledInterfaces.EnumerateArray(), i => i.GetProperty("description").GetString() == "lo" && i.GetProperty("operStatus").GetString() == "up");

        var packages = await _agent.Cli.BulkWalkAsync(NetSnmpCli.V2c(_agent.Community), ".1.3.6.1.2.1.25.6.3.1.2");
        Assert.True(packages.Count > 100);
        Assert.Equal(packages.Select(p => p.Text.Trim('"')).Distinct().Count(), detail.GetProperty("software").GetArrayLength());
        var snmpd = detail.GetProperty("software").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "snmpd");
        Assert.Equal("snmpd", snmpd.GetProperty("packageName").GetString());
        Assert.StartsWith("5.9", snmpd.GetProperty("version").GetString());

        var found = (await admin.GetAsync("api/v1/software?name=snmpd&version=>=5.9")).Json;
        Assert.Equal(assetId, found[0].GetProperty("assetId").GetGuid());

        // A second poll changes nothing that is tracked: no new history.
        var before = (await admin.GetAsync($"api/v1/assets/{assetId}/history")).Json.GetArrayLength();
        (await admin.PostAsync($"api/v1/snmp/devices/{id}/poll")).EnsureStatus(200);
        Assert.Equal(before, (await admin.GetAsync($"api/v1/assets/{assetId}/history")).Json.GetArrayLength());
    }

    [SkippableFact]
    public async Task V3AuthPrivDevice_Polled()
    {
        _agent.Require();
        await using var server = await VigieTestServer.StartAsync();
        var admin = await server.SetupAdminAsync();
        var user = _agent.Sha1AesUser;
        var device = (await admin.PostAsync("api/v1/snmp/devices", new
        {
            name = "core-router",
            address = "127.0.0.1",
            port = _agent.Endpoint.Port,
            version = "3",
            username = user.Name,
            authProtocol = "sha1",
            authPassword = CapturedLogs.Secret("snmp password", user.AuthPassword!),
            privProtocol = "aes128",
            privPassword = CapturedLogs.Secret("snmp password", user.PrivPassword!),
        })).EnsureStatus(201);
        Assert.DoesNotContain(user.AuthPassword!, device.Body);
        Assert.DoesNotContain(user.PrivPassword!, device.Body);
        var poll = (await admin.PostAsync($"api/v1/snmp/devices/{device.Json.GetProperty("id").GetGuid()}/poll")).EnsureStatus(200).Json;
        Assert.True(poll.GetProperty("status").GetString() == "ok", poll.ToString());
        var asset = (await admin.GetAsync($"api/v1/assets/{poll.GetProperty("assetId").GetGuid()}")).Json.GetProperty("asset");
        Assert.Equal("network", asset.GetProperty("kind").GetString());

        await using var c = await DatabaseAccess.OpenAsync(server);
        var stored = await Dapper.SqlMapper.ExecuteScalarAsync<string>(c, "SELECT credentials FROM inventory_snmp_devices");
        Assert.StartsWith("v1.", stored);
        Assert.DoesNotContain(user.AuthPassword!, stored);
    }

    [SkippableFact]
    public async Task WrongCommunity_PollFails_ErrorWithoutSecret_ScheduledRoundContinues()
    {
        _agent.Require();
        await using var server = await VigieTestServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Inventory:SnmpTimeoutMilliseconds"] = "300",
            ["Inventory:SnmpRetries"] = "0",
        });
        var admin = await server.SetupAdminAsync();
        var wrong = CapturedLogs.Secret("snmp community", "wrong-" + Guid.NewGuid().ToString("N")[..8]);
        var bad = (await admin.PostAsync("api/v1/snmp/devices", new { name = "bad", address = "127.0.0.1", port = _agent.Endpoint.Port, version = "2c", community = wrong }))
            .EnsureStatus(201).Json.GetProperty("id").GetGuid();
        var good = (await admin.PostAsync("api/v1/snmp/devices", new
        {
            name = "good",
            address = "localhost",
            port = _agent.Endpoint.Port,
            version = "2c",
            community = _agent.Community,
        })).EnsureStatus(201).Json.GetProperty("id").GetGuid();

        var polling = server.Services.GetServices<IHostedService>().OfType<SnmpPollingService>().Single();
        Assert.Equal(2, await polling.RunOnceAsync(CancellationToken.None));
        var devices = (await admin.GetAsync("api/v1/snmp/devices")).Json.EnumerateArray().ToDictionary(d => d.GetProperty("id").GetGuid());
        Assert.Equal("failed", devices[bad].GetProperty("lastPollStatus").GetString());
        Assert.DoesNotContain(wrong, devices[bad].GetProperty("lastError").GetString());
        Assert.Equal("ok", devices[good].GetProperty("lastPollStatus").GetString());
        Assert.Equal(0, await polling.RunOnceAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("{\"name\":\"x\",\"address\":\"10.0.0.1\",\"version\":\"1\",\"community\":\"c\"}", "version")]
    [InlineData("{\"name\":\"x\",\"address\":\"10.0.0.1\",\"version\":\"2c\"}", "community")]
    [InlineData("{\"name\":\"x\",\"address\":\"not an address!\",\"version\":\"2c\",\"community\":\"c\"}", "address")]
    [InlineData("{\"name\":\"x\",\"address\":\"10.0.0.1\",\"port\":70000,\"version\":\"2c\",\"community\":\"c\"}", "port")]
    [InlineData("{\"name\":\"x\",\"address\":\"10.0.0.1\",\"version\":\"3\",\"username\":\"u\",\"authProtocol\":\"sha1\",\"authPassword\":\"short\"}", "authProtocol")]
    [InlineData("{\"name\":\"x\",\"address\":\"10.0.0.1\",\"version\":\"3\",\"username\":\"u\",\"authProtocol\":\"md5\",\"authPassword\":\"longenough\"}", "authProtocol")]
    public async Task BadDevice_ValidationError_NothingStored(string body, string field)
    {
        await using var server = await VigieTestServer.StartAsync();
        var admin = await server.SetupAdminAsync();
        var response = (await admin.SendRawAsync(HttpMethod.Post, "api/v1/snmp/devices", body)).EnsureProblem(400, "validation_failed");
        Assert.True(response.Json.GetProperty("errors").TryGetProperty(field, out _), response.Body);
        Assert.Equal(0, (await admin.GetAsync("api/v1/snmp/devices")).Json.GetArrayLength());
    }
}
