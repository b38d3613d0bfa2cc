using System.Text.Json;
using Vigie.Testing;

namespace Vigie.Cli.Tests;

/// <summary>The asset and software commands on a server fed with real OCS agent inventories (../shared captures).</summary>
public sealed class InventoryCommandTests
{
    private const string DebianInventory = "ocs-01-prolog-send-inventory";
    private const string TaggedInventory = "ocs-13-tag-nosoftware";

    [SkippableFact]
    public async Task AgentInventories_AreListedSearchedAndFoundBySoftwareVersion()
    {
        await using var server = await TestServers.StartAsync();
        await PostInventoriesAsync(server);
        using var cli = await TestServers.AdminRunnerAsync(server);

        var vm = Single((await cli.RunAsync("asset", "list", "--json")).ExpectSuccess(), "vm");
        Assert.Equal("computer", vm.GetProperty("kind").GetString());
        Assert.Equal("Debian GNU/Linux 12", vm.GetProperty("osName").GetString());
        var table = (await cli.RunAsync("asset", "list")).ExpectSuccess().Stdout;
        Assert.Contains("Last seen", table);
        Assert.Contains("192.0.2.2", table);
        Assert.Contains("RESEARCH-TAG", table);
        Single((await cli.RunAsync("asset", "search", "VM", "--kind", "computer", "--json")).ExpectSuccess(), "vm");
        Assert.Empty(Items(await cli.RunAsync("asset", "search", "vm", "--kind", "network", "--json")));
        Assert.Empty(Items(await cli.RunAsync("asset", "list", "--not-seen-days", "1", "--json")));
        Single(await cli.RunAsync("asset", "list", "--os", "debian", "--tag", "RESEARCH-TAG", "--json"), "vm");

        var old = (await cli.RunAsync("software", "find", "openssl", "--version", "<3.0.11", "--json")).ExpectSuccess();
        Assert.Equal(0, old.Json.GetArrayLength());
        var recent = (await cli.RunAsync("software", "find", "openssl", "--version", "<3.1", "--json")).ExpectSuccess();
        var openssl = Assert.Single(recent.Json.EnumerateArray());
        Assert.Equal("vm", openssl.GetProperty("assetName").GetString());
        Assert.Equal("3.0.19-1~deb12u2", openssl.GetProperty("version").GetString());
        Assert.Contains("3.0.19-1~deb12u2", (await cli.RunAsync("software", "find", "OpenSSL")).ExpectSuccess().Stdout);
        Assert.Equal("(none)", (await cli.RunAsync("software", "find", "openssl", "--version", "<3.0.11")).ExpectSuccess().Stdout.Trim());
        Assert.Empty(Items(await cli.RunAsync("asset", "list", "--software", "openssl", "--version", "<3.0.11", "--json")));
        Single(await cli.RunAsync("asset", "list", "--software", "openssl", "--version", "<3.1", "--json"), "vm");
    }

    [SkippableFact]
    public async Task AssetShow_ByName_HasSoftwareAgentsAndHistory()
    {
        await using var server = await TestServers.StartAsync();
        await PostInventoriesAsync(server);
        using var cli = await TestServers.AdminRunnerAsync(server);

        var json = (await cli.RunAsync("asset", "show", "VM", "--history", "--json")).ExpectSuccess().Json;
        Assert.Equal("vm", json.GetProperty("asset").GetProperty("name").GetString());
        Assert.Equal(1075, json.GetProperty("software").GetArrayLength());
        Assert.Equal(2, json.GetProperty("agents").GetArrayLength());
        Assert.NotEqual(0, json.GetProperty("history").GetArrayLength());
        var withoutHistory = (await cli.RunAsync("asset", "show", "vm", "--json")).ExpectSuccess().Json;
        Assert.False(withoutHistory.TryGetProperty("history", out _));

        var shown = (await cli.RunAsync("asset", "show", "vm", "--history", "--history-limit", "5")).ExpectSuccess().Stdout;
        Assert.Contains("Debian GNU/Linux 12", shown);
        Assert.Contains("Software (1075):", shown);
        Assert.Contains("3.0.19-1~deb12u2", shown);
        Assert.Contains("vm-2026-11-21-04-46-00", shown);
        Assert.Contains("History:", shown);
        var id = json.GetProperty("asset").GetProperty("id").GetString()!;
        Assert.Contains(id, (await cli.RunAsync("asset", "show", id)).ExpectSuccess().Stdout);
    }

    [SkippableFact]
    public async Task AssetExport_WritesCsvToAFileOrStdout()
    {
        await using var server = await TestServers.StartAsync();
        await PostInventoriesAsync(server);
        using var cli = await TestServers.AdminRunnerAsync(server);
        var file = Path.Combine(cli.Directory, "assets.csv");
        Directory.CreateDirectory(cli.Directory);

        var written = (await cli.RunAsync("asset", "export", "--output", file)).ExpectSuccess();

        Assert.Contains($"wrote 1 assets to {file}", written.Stdout);
        var lines = await File.ReadAllLinesAsync(file);
        Assert.StartsWith("id,name,", lines[0]);
        Assert.Contains(",vm,computer,", lines[1]);
        var stdout = (await cli.RunAsync("asset", "export", "--kind", "computer")).ExpectSuccess().Stdout;
        Assert.Equal(await File.ReadAllTextAsync(file), stdout);
        var none = (await cli.RunAsync("asset", "export", "--kind", "network", "-o", file, "--json")).ExpectSuccess();
        Assert.Equal(0, none.Json.GetProperty("assets").GetInt32());
        Assert.Single(await File.ReadAllLinesAsync(file));
    }

    [SkippableFact]
    public async Task TagAndBlock_ByName_ShowInTheListing()
    {
        await using var server = await TestServers.StartAsync();
        await PostInventoriesAsync(server);
        using var cli = await TestServers.AdminRunnerAsync(server);

        Assert.Contains("TAG 'X' is pending", (await cli.RunAsync("asset", "tag", "vm", "X")).ExpectSuccess().Stdout);

        var vm = Single(await cli.RunAsync("asset", "list", "--json"), "vm");
        Assert.Equal("X", vm.GetProperty("pendingTag").GetString());
        Assert.Equal("RESEARCH-TAG", vm.GetProperty("tag").GetString());
        Assert.Contains("RESEARCH-TAG (pending: X)", (await cli.RunAsync("asset", "list")).ExpectSuccess().Stdout);
        Assert.Contains("blocked vm", (await cli.RunAsync("asset", "block", "vm")).ExpectSuccess().Stdout);
        Assert.True(Single(await cli.RunAsync("asset", "list", "--json"), "vm").GetProperty("blocked").GetBoolean());
        var unblocked = (await cli.RunAsync("asset", "unblock", vm.GetProperty("id").GetString()!, "--json")).ExpectSuccess();
        Assert.False(unblocked.Json.GetProperty("blocked").GetBoolean());
        Assert.False(Single(await cli.RunAsync("asset", "list", "--json"), "vm").GetProperty("blocked").GetBoolean());
    }

    [SkippableFact]
    public async Task UserRoleAccount_IsRefusedTheInventoryWithExitFour()
    {
        await using var server = await TestServers.StartAsync();
        await PostInventoriesAsync(server);
        using var admin = await server.SetupAdminAsync().WaitAsync(TestServers.StartTimeout);
        var created = await server.CreateUserAsync(admin, "bob", "user").WaitAsync(TestServers.StartTimeout);
        using var bob = created.Client;
        using var cli = new CliRunner(server.BaseAddress);
        cli.Environment["VIGIE_TOKEN"] = bob.Bearer;

        var refused = (await cli.RunAsync("asset", "list")).Expect(4);
        Assert.Contains("(forbidden)", refused.Stderr);
        Assert.Contains("inventory.read", refused.Stderr);
        Assert.Equal("", refused.Stdout);
        (await cli.RunAsync("software", "find", "openssl", "--json")).Expect(4);
        (await cli.RunAsync("asset", "tag", "vm", "X")).Expect(4);
    }

    [Fact]
    public async Task UnknownAsset_ExitsFive()
    {
        await using var server = await TestServers.StartAsync();
        using var cli = await TestServers.AdminRunnerAsync(server);

        var byName = (await cli.RunAsync("asset", "show", "nowhere")).Expect(5);
        Assert.Contains("no asset named 'nowhere'", byName.Stderr);
        (await cli.RunAsync("asset", "tag", "nowhere", "X")).Expect(5);
        var byId = (await cli.RunAsync("asset", "block", Guid.NewGuid().ToString())).Expect(5);
        Assert.Contains("(not_found)", byId.Stderr);
    }

    /// <summary>
    /// The real agent messages as the agent posted them, both from the Debian machine "vm": a run with a TAG and without
    /// software, then a full one with its packages (after it, the software would count as removed).
    /// </summary>
    private static async Task PostInventoriesAsync(VigieTestServer server)
    {
        using var agent = new AgentClient(server.BaseAddress, AgentClient.OcsUserAgent);
        foreach (var capture in new[] { TaggedInventory, DebianInventory })
        {
            var body = await File.ReadAllBytesAsync(SharedFixtures.Capture(capture, "002-INVENTORY-request.body.bin"));
            var reply = await agent.PostAsync(body).WaitAsync(TestServers.StartTimeout);
            Assert.True(reply.Status == 200, $"{capture}: the agent endpoint answered {reply.Status}");
        }
    }

    private static JsonElement.ArrayEnumerator Items(CliResult list) => list.ExpectSuccess().Json.GetProperty("items").EnumerateArray();

    private static JsonElement Single(CliResult list, string name) => Assert.Single(Items(list), a => a.GetProperty("name").GetString() == name);
}
