using System.Globalization;
using System.Text;
using System.Text.Json;
using Vigie.Testing;

namespace Vigie.Cli.Tests;

/// <summary>The <c>findings</c> commands on a one-CVE Debian tracker and a Debian 12 machine with zlib.</summary>
public sealed class FindingsCommandTests
{
    private const string Cve = "CVE-2099-2000";
    /// <summary>The Packages map that ties the binary package zlib1g to its source package zlib, which the tracker names.</summary>
    private const string SourceMap = "suite\tbinary\tbinary_version\tsource\tsource_version\tarchitecture\n"
        + "bookworm\tzlib1g\t1:1.2.13.dfsg-1\tzlib\t1:1.2.13.dfsg-1\tamd64\n";
    private const string Tracker = """
        {"zlib": {"CVE-2099-2000": {"description": "no fix yet", "releases": {"bookworm": {"status": "open", "urgency": "high"}}}}}
        """;
    private const string Inventory = """
        <REQUEST><DEVICEID>deb-2026-01-01-00-00-00</DEVICEID><QUERY>INVENTORY</QUERY><CONTENT>
        <HARDWARE><NAME>deb</NAME><OSNAME>Debian GNU/Linux 12</OSNAME><OSVERSION>12</OSVERSION></HARDWARE>
        <SOFTWARES><NAME>zlib1g:amd64</NAME><VERSION>1:1.2.13.dfsg-1</VERSION><FROM>deb</FROM><ARCHITECTURE>amd64</ARCHITECTURE></SOFTWARES>
        </CONTENT></REQUEST>
        """;

    [Fact]
    public async Task DebianMachine_Evaluated_Listed_AcceptedThenReopened()
    {
        await using var server = await TestServers.StartAsync();
        using var cli = await TestServers.AdminRunnerAsync(server);
        await SeedAsync(server);

        var evaluated = (await cli.RunAsync("findings", "evaluate", "--asset", "deb")).ExpectSuccess();
        Assert.StartsWith("deb: 1 open (", evaluated.Stdout);
        var all = (await cli.RunAsync("findings", "evaluate", "--json")).ExpectSuccess();
        Assert.Equal(1, all.Json.GetProperty("open").GetInt32());
        Assert.Equal(1, all.Json.GetProperty("assets").GetInt32());
        Assert.Matches(@"^1 assets, \d+ distinct programs \(1 affected, on 1 installations\): 1 open findings \(0 newly opened, 0 resolved\)",
            (await cli.RunAsync("findings", "evaluate")).ExpectSuccess().Stdout);

        var finding = Assert.Single((await cli.RunAsync("findings", "list", "--json")).ExpectSuccess().Json.EnumerateArray());
        Assert.Equal(Cve, finding.GetProperty("cveId").GetString());
        Assert.Equal("zlib1g:amd64", finding.GetProperty("software").GetString());
        Assert.Equal("open", finding.GetProperty("status").GetString());
        var id = finding.GetProperty("id").GetString()!;
        var table = (await cli.RunAsync("findings", "list", "--asset", "deb", "--cve", Cve.ToLowerInvariant())).ExpectSuccess().Stdout;
        Assert.Contains(id, table);
        Assert.Contains("Asset", table);
        Assert.Matches(@"│ deb\s+│ CVE-2099-2000", table);
        Assert.Contains("1:1.2.13.dfsg-1 → (no fix)", table);
        Assert.Contains("(none)", (await cli.RunAsync("findings", "list", "--kev")).ExpectSuccess().Stdout);
        Assert.Contains("(none)", (await cli.RunAsync("findings", "list", "--status", "resolved")).ExpectSuccess().Stdout);

        var until = server.Clock.GetUtcNow().AddDays(30).ToString("O", CultureInfo.InvariantCulture);
        var accepted = (await cli.RunAsync("findings", "accept", id, "--reason", "isolated VLAN", "--until", until)).ExpectSuccess();
        Assert.Contains($"finding {id}: risk accepted until ", accepted.Stdout);
        Assert.Empty((await cli.RunAsync("findings", "list", "--json")).ExpectSuccess().Json.EnumerateArray());
        var decided = Assert.Single((await cli.RunAsync("findings", "list", "--disposition", "decided", "--json")).ExpectSuccess().Json.EnumerateArray());
        Assert.Equal("accepted_risk", decided.GetProperty("disposition").GetString());
        Assert.Equal("isolated VLAN", decided.GetProperty("dispositionReason").GetString());
        Assert.Contains("open, accepted risk until ", (await cli.RunAsync("findings", "list", "--disposition", "any")).ExpectSuccess().Stdout);

        (await cli.RunAsync("findings", "reopen", id)).ExpectSuccess();
        var reopened = Assert.Single((await cli.RunAsync("findings", "list", "--json")).ExpectSuccess().Json.EnumerateArray());
        Assert.Equal(JsonValueKind.Null, reopened.GetProperty("disposition").ValueKind);
    }

    [Fact]
    public async Task Fleet_ByCveThenByAsset_TablesAndJson()
    {
        await using var server = await TestServers.StartAsync();
        using var cli = await TestServers.AdminRunnerAsync(server);
        await SeedAsync(server);
        using (var agent = new AgentClient(server.BaseAddress))
        {
            var second = Inventory.Replace("deb-2026", "deb2-2026", StringComparison.Ordinal).Replace("<NAME>deb</NAME>", "<NAME>deb2</NAME>", StringComparison.Ordinal);
            Assert.Equal(200, (await agent.PostXmlAsync(second).WaitAsync(TestServers.StartTimeout)).Status);
        }
        (await cli.RunAsync("findings", "evaluate")).ExpectSuccess();

        var cve = Assert.Single((await cli.RunAsync("findings", "fleet", "--by", "cve", "--json")).ExpectSuccess().Json.EnumerateArray());
        Assert.Equal(Cve, cve.GetProperty("cveId").GetString());
        Assert.Equal(2, cve.GetProperty("assets").GetInt32());
        Assert.Equal(2, cve.GetProperty("findings").GetInt32());
        Assert.Equal(["zlib1g:amd64"], cve.GetProperty("programs").EnumerateArray().Select(p => p.GetString()));
        var byCve = (await cli.RunAsync("findings", "fleet", "--by", "cve")).ExpectSuccess().Stdout;
        Assert.Contains("Programs", byCve);
        Assert.Matches(@"│ CVE-2099-2000\s+│ [^│]+│ no\s+│ 2\s+│ 2\s+│ zlib1g:amd64\s+│ \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ", byCve);

        var assets = (await cli.RunAsync("findings", "fleet", "--by", "asset", "--json")).ExpectSuccess().Json.EnumerateArray().ToList();
        Assert.Equal(["deb", "deb2"], assets.Select(a => a.GetProperty("assetName").GetString()).Order());
        Assert.All(assets, a => Assert.Equal(1, a.GetProperty("open").GetInt32()));
        var byAsset = (await cli.RunAsync("findings", "fleet", "--by", "asset")).ExpectSuccess().Stdout;
        Assert.Contains("Critical", byAsset);
        Assert.Matches(@"│ deb2\s+│ 1\s+│", byAsset);
        var limited = (await cli.RunAsync("findings", "fleet", "--by", "asset", "--limit", "1")).ExpectSuccess();
        Assert.Contains("raise --limit", limited.Stderr);
        Assert.Contains("(none)", (await cli.RunAsync("findings", "fleet", "--by", "cve", "--kev")).ExpectSuccess().Stdout);
        Assert.Contains("(none)", (await cli.RunAsync("findings", "fleet", "--by", "asset", "--severity", "critical")).ExpectSuccess().Stdout);
        (await cli.RunAsync("findings", "fleet")).Expect(2);
        (await cli.RunAsync("findings", "fleet", "--by", "software")).Expect(2);
    }

    [Fact]
    public async Task InvalidDecisions_ExitOneWithFieldErrors_UnknownFindingFive_MalformedArgumentsTwo()
    {
        await using var server = await TestServers.StartAsync();
        using var cli = await TestServers.AdminRunnerAsync(server);
        await SeedAsync(server);
        (await cli.RunAsync("findings", "evaluate")).ExpectSuccess();
        var id = Assert.Single((await cli.RunAsync("findings", "list", "--json")).ExpectSuccess().Json.EnumerateArray()).GetProperty("id").GetString()!;

        var past = (await cli.RunAsync("findings", "accept", id, "--reason", "x", "--until", "2020-01-01", "--json")).Expect(1);
        Assert.Contains("(validation_failed)", past.Stderr);
        Assert.Contains("expiresAt: must be in the future", past.Stderr);
        Assert.Contains("\"code\":", past.Stderr);
        var far = server.Clock.GetUtcNow().AddDays(400).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Contains("at most a year away", (await cli.RunAsync("findings", "accept", id, "--reason", "x", "--until", far)).Expect(1).Stderr);
        var soon = server.Clock.GetUtcNow().AddDays(7).ToString("O", CultureInfo.InvariantCulture);
        (await cli.RunAsync("findings", "accept", Guid.NewGuid().ToString(), "--reason", "x", "--until", soon)).Expect(5);
        (await cli.RunAsync("findings", "accept", id, "--reason", "x", "--until", "next tuesday")).Expect(2);
        (await cli.RunAsync("findings", "accept", id, "--until", soon)).Expect(2);
        (await cli.RunAsync("findings", "list", "--severity", "terrible")).Expect(2);
        (await cli.RunAsync("findings", "list", "--asset", "nowhere")).Expect(5);
        Assert.Single((await cli.RunAsync("findings", "list", "--json")).ExpectSuccess().Json.EnumerateArray());
    }

    [Fact]
    public async Task UserRoleAccount_IsRefusedWithExitFour()
    {
        await using var server = await TestServers.StartAsync();
        using var admin = await server.SetupAdminAsync().WaitAsync(TestServers.StartTimeout);
        var created = await server.CreateUserAsync(admin, "bob", "user").WaitAsync(TestServers.StartTimeout);
        using var bob = created.Client;
        using var cli = new CliRunner(server.BaseAddress);
        cli.Environment["VIGIE_TOKEN"] = bob.Bearer;

        var refused = (await cli.RunAsync("findings", "list")).Expect(4);
        Assert.Contains("(forbidden)", refused.Stderr);
        Assert.Contains("vulnerabilities.read", refused.Stderr);
        Assert.Equal("", refused.Stdout);
        (await cli.RunAsync("findings", "evaluate")).Expect(4);
    }

    private static async Task SeedAsync(VigieTestServer server)
    {
        using var admin = await server.LoginAsync(VigieTestServer.AdminName, VigieTestServer.AdminPassword).WaitAsync(TestServers.StartTimeout);
        foreach (var (fileName, content) in new[] { ("map.tsv", SourceMap), ("tracker.json", Tracker) })
        {
            (await admin.SendBytesAsync(HttpMethod.Post, $"api/v1/cves/imports?fileName={fileName}", Encoding.UTF8.GetBytes(content))
                .WaitAsync(TestServers.StartTimeout)).EnsureStatus(200);
        }
        using var agent = new AgentClient(server.BaseAddress);
        Assert.Equal(200, (await agent.PostXmlAsync(Inventory).WaitAsync(TestServers.StartTimeout)).Status);
    }
}
