using System.Net;
using System.Net.Sockets;
using Vigie.Testing;
using Vigie.Testing.Snmp;

namespace Vigie.Cli.Tests;

/// <summary>The <c>snmp</c> commands; polls go to a real snmpd (Debian's net-snmp) on the loopback.</summary>
public sealed class SnmpCommandTests : IClassFixture<SnmpdFixture>
{
    // A silent or refusing device fails in well under a second instead of the default 2 s times 3 attempts.
    private static readonly Dictionary<string, string?> QuickPolls = new()
    {
        ["Inventory:SnmpTimeoutMilliseconds"] = "500",
        ["Inventory:SnmpRetries"] = "0",
    };

    private readonly SnmpdFixture _snmpd;

    public SnmpCommandTests(SnmpdFixture snmpd) => _snmpd = snmpd;

    [Fact]
    public async Task V2cDevice_AddedWithTheCommunityFromStdin_IsListedWithoutIt_ThenRemoved()
    {
        await using var server = await TestServers.StartAsync();
        using var cli = await TestServers.AdminRunnerAsync(server);
        var community = CapturedLogs.Secret("snmp community", "comm-" + Guid.NewGuid().ToString("N"));

        var added = (await cli.RunWithInputAsync(community + "\n", "snmp", "add", "--name", "core-switch", "--address", "127.0.0.1",
            "--port", "16161", "--version", "2c", "--community-stdin", "--json")).ExpectSuccess();

        Assert.DoesNotContain(community, added.Stdout + added.Stderr);
        var id = added.Json.GetProperty("id").GetString()!;
        Assert.Equal("2c", added.Json.GetProperty("version").GetString());
        var list = (await cli.RunAsync("snmp", "list", "--json")).ExpectSuccess();
        Assert.Contains(list.Json.EnumerateArray(), d => d.GetProperty("id").GetString() == id && d.GetProperty("port").GetInt32() == 16161);
        var table = (await cli.RunAsync("snmp", "list")).ExpectSuccess();
        Assert.Contains("core-switch", table.Stdout);
        Assert.Contains("127.0.0.1:16161", table.Stdout);
        Assert.Contains("never polled", table.Stdout);
        Assert.DoesNotContain(community, list.Stdout + table.Stdout);

        Assert.Contains($"removed SNMP device {id}", (await cli.RunAsync("snmp", "remove", id)).ExpectSuccess().Stdout);
        Assert.Equal(0, (await cli.RunAsync("snmp", "list", "--json")).ExpectSuccess().Json.GetArrayLength());
        (await cli.RunAsync("snmp", "remove", id)).Expect(5);
        Assert.DoesNotContain(CapturedLogs.All, line => line.Contains(community, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SnmpAdd_WithoutACommunity_OrWithMixedVersionOptions_ExitsTwoBeforeAnyRequest()
    {
        await using var server = await TestServers.StartAsync();
        using var cli = await TestServers.AdminRunnerAsync(server);
        string[] device = ["snmp", "add", "--name", "sw", "--address", "127.0.0.1"];

        var missing = (await cli.RunAsync([.. device, "--version", "2c"])).Expect(2);
        Assert.Contains("--community-stdin", missing.Stderr);
        Assert.Contains(SnmpCommands.CommunityVariable, missing.Stderr);
        (await cli.RunWithInputAsync("\n", [.. device, "--version", "2c", "--community-stdin"])).Expect(2);
        Assert.Contains("--version 3 needs --username", (await cli.RunAsync([.. device, "--version", "3", "--auth", "sha256"])).Expect(2).Stderr);
        Assert.Contains("are for --version 3", (await cli.RunAsync([.. device, "--version", "2c", "--username", "u"])).Expect(2).Stderr);
        (await cli.RunAsync([.. device, "--version", "1"])).Expect(2);
        Assert.Equal(0, (await cli.RunAsync("snmp", "list", "--json")).ExpectSuccess().Json.GetArrayLength());
    }

    [SkippableFact]
    public async Task Poll_OfARealSnmpdOverV3_ExitsZeroWithItsAsset_AndOfASilentAddress_ExitsOne()
    {
        _snmpd.Require();
        await using var server = await TestServers.StartAsync(QuickPolls);
        using var cli = await TestServers.AdminRunnerAsync(server);
        var user = _snmpd.Sha256AesUser;
        var secrets = $"{CapturedLogs.Secret("snmp auth password", user.AuthPassword!)}\n{CapturedLogs.Secret("snmp priv password", user.PrivPassword!)}\n";

        var added = (await cli.RunWithInputAsync(secrets, "snmp", "add", "--name", "lab-agent", "--address", _snmpd.Endpoint.Address.ToString(),
            "--port", _snmpd.Endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--version", "3",
            "--username", user.Name, "--auth", "sha256", "--priv", "aes128", "--passwords-stdin", "--json")).ExpectSuccess();
        var id = added.Json.GetProperty("id").GetString()!;
        Assert.Equal("aes128", added.Json.GetProperty("privProtocol").GetString());

        var polled = (await cli.RunAsync("snmp", "poll", id, "--json")).ExpectSuccess();
        Assert.Equal("ok", polled.Json.GetProperty("status").GetString());
        var assetId = polled.Json.GetProperty("assetId").GetString()!;
        var network = (await cli.RunAsync("asset", "list", "--kind", "network", "--json")).ExpectSuccess();
        Assert.Contains(network.Json.GetProperty("items").EnumerateArray(), a => a.GetProperty("id").GetString() == assetId);
        Assert.Contains(": ok, asset ", (await cli.RunAsync("snmp", "poll", id)).ExpectSuccess().Stdout);
        var listed = (await cli.RunAsync("snmp", "list")).ExpectSuccess().Stdout;
        Assert.Contains($"user {user.Name}, sha256, aes128", listed);
        Assert.DoesNotContain(user.AuthPassword!, listed);

        cli.Environment[SnmpCommands.CommunityVariable] = CapturedLogs.Secret("snmp community", "comm-" + Guid.NewGuid().ToString("N"));
        var silent = (await cli.RunAsync("snmp", "add", "--name", "gone", "--address", "127.0.0.1", "--port", ClosedUdpPort(), "--version", "2c",
            "--json")).ExpectSuccess();
        var failed = (await cli.RunAsync("snmp", "poll", silent.Json.GetProperty("id").GetString()!)).Expect(1);
        Assert.Contains("error: polling SNMP device", failed.Stderr);
        Assert.Contains("failed", (await cli.RunAsync("snmp", "list")).ExpectSuccess().Stdout);
    }

    private static string ClosedUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
