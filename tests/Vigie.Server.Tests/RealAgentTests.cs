using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Vigie.Testing;

namespace Vigie.Server.Tests;

/// <summary>Debian's real OCS Inventory and FusionInventory agents posting to a running Vigie on 127.0.0.1.</summary>
public partial class RealAgentTests
{
    private static List<string> SoftwareOf(XDocument xml) => xml.Root!.Element("CONTENT")!.Elements("SOFTWARES")
        .Select(s => $"{s.Element("NAME")!.Value}={s.Element("VERSION")?.Value}").Distinct().Order(StringComparer.Ordinal).ToList();

    private static List<string> SoftwareOf(JsonElement detail) => detail.GetProperty("software").EnumerateArray()
        .Select(s => $"{s.GetProperty("name").GetString()}={s.GetProperty("version").GetString()}").Order(StringComparer.Ordinal).ToList();

    private static async Task<JsonElement> OnlyComputerAsync(ApiClient admin)
    {
        var items = (await admin.GetAsync("api/v1/assets?kind=computer")).EnsureStatus(200).Json.GetProperty("items");
        Assert.Equal(1, items.GetArrayLength());
        return (await admin.GetAsync($"api/v1/assets/{items[0].GetProperty("id").GetGuid()}")).EnsureStatus(200).Json;
    }

    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task OcsAgent_InventoryHistoryAndServerPushedTag(TestDatabase db)
    {
        RealAgents.Require();
        using var agents = new RealAgents();
        var local = XDocument.Load(await agents.OcsLocalXmlAsync());
        await using var server = await VigieTestServer.StartAsync(db);
        var admin = await server.SetupAdminAsync();
        var url = $"--server={server.BaseAddress}ocsinventory";

        var first = await agents.RunOcsAsync(url, "--nolocal");
        Assert.True(first.ExitCode == 0, first.ToString());
        var detail = await OnlyComputerAsync(admin);
        var asset = detail.GetProperty("asset");
        var hardware = local.Root!.Element("CONTENT")!.Element("HARDWARE")!;
        Assert.Equal(hardware.Element("NAME")!.Value, asset.GetProperty("name").GetString());
        Assert.Equal(hardware.Element("OSNAME")!.Value, asset.GetProperty("osName").GetString());
        Assert.Equal("ocs", asset.GetProperty("source").GetString());
        Assert.Equal(SoftwareOf(local), SoftwareOf(detail));
        Assert.Equal(local.Root.Element("DEVICEID")!.Value.Split('-')[0], detail.GetProperty("agents")[0].GetProperty("deviceId").GetString()!.Split('-')[0]);

        // The server decides a TAG; the next run gets it with ACCOUNT_UPDATE, the one after reports it back.
        var id = asset.GetProperty("id").GetGuid();
        (await admin.PutAsync($"api/v1/assets/{id}/tag", new { tag = "VIGIE-LAB" })).EnsureStatus(204);

        var software = detail.GetProperty("software").EnumerateArray()
            .Select(s => (Name: s.GetProperty("name").GetString()!, Version: s.GetProperty("version").GetString()!))
            .Where(s => PlainName().IsMatch(s.Name)).ToList();
        var hidden = software[0];
        var bumped = software[1];
        agents.PackageChanges["VIGIE_PKG_DROP"] = hidden.Name;
        agents.PackageChanges["VIGIE_PKG_BUMP"] = bumped.Name;
        agents.PackageChanges["VIGIE_PKG_BUMP_FROM"] = bumped.Version;
        agents.PackageChanges["VIGIE_PKG_BUMP_TO"] = bumped.Version + "+vigie1";
        server.Clock.Advance(TimeSpan.FromHours(1));
        var second = await agents.RunOcsAsync(url, "--nolocal");
        Assert.True(second.ExitCode == 0, second.ToString());
        var history = await HistoryAsync(admin, id);
        Assert.Contains(("software_removed", hidden.Name, hidden.Version, null), history);
        Assert.Contains(("software_upgraded", bumped.Name, bumped.Version, bumped.Version + "+vigie1"), history);
        Assert.Equal(3, history.Count);

        agents.PackageChanges.Clear();
        server.Clock.Advance(TimeSpan.FromHours(1));
        var third = await agents.RunOcsAsync(url, "--nolocal");
        Assert.True(third.ExitCode == 0, third.ToString());
        history = await HistoryAsync(admin, id);
        Assert.Contains(("software_added", hidden.Name, null, hidden.Version), history);
        Assert.Contains(("software_downgraded", bumped.Name, bumped.Version + "+vigie1", bumped.Version), history);
        Assert.Contains(("tag_changed", "tag", null, "VIGIE-LAB"), history);
        asset = (await OnlyComputerAsync(admin)).GetProperty("asset");
        Assert.Equal("VIGIE-LAB", asset.GetProperty("tag").GetString());
        Assert.Equal(JsonValueKind.Null, asset.GetProperty("pendingTag").ValueKind);
    }

    [SkippableFact]
    public async Task FusionAgent_InventoryReadableThroughTheApi()
    {
        RealAgents.Require();
        using var agents = new RealAgents();
        var localDir = Directory.CreateDirectory(Path.Combine(agents.Root, "fusion-local")).FullName;
        var local = await agents.RunFusionAsync("--local", localDir);
        Assert.True(local.ExitCode == 0, local.ToString());
        var xml = XDocument.Load(Directory.GetFiles(localDir, "*.ocs").Single());

        await using var server = await VigieTestServer.StartAsync();
        var admin = await server.SetupAdminAsync();
        var run = await agents.RunFusionAsync("--server", server.BaseAddress.ToString(), "--force");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain("[error]", run.Output);

        var detail = await OnlyComputerAsync(admin);
        var asset = detail.GetProperty("asset");
        var os = xml.Root!.Element("CONTENT")!.Element("OPERATINGSYSTEM")!;
        Assert.Equal("fusion", asset.GetProperty("source").GetString());
        Assert.Equal(os.Element("KERNEL_VERSION")!.Value, asset.GetProperty("kernel").GetString());
        Assert.Equal(os.Element("NAME")!.Value, asset.GetProperty("osName").GetString());
        Assert.Equal(SoftwareOf(xml), SoftwareOf(detail));
    }

    private static async Task<List<(string? Change, string? Subject, string? Old, string? New)>> HistoryAsync(ApiClient admin, Guid id) =>
        (await admin.GetAsync($"api/v1/assets/{id}/history")).EnsureStatus(200).Json.EnumerateArray()
            .Select(h => (h.GetProperty("change").GetString(), h.GetProperty("subject").GetString(), h.GetProperty("oldValue").GetString(),
                h.GetProperty("newValue").GetString())).ToList();

    [GeneratedRegex("^[a-z][a-z0-9-]+$")]
    private static partial Regex PlainName();
}
