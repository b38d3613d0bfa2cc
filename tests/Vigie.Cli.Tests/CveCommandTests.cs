using System.IO.Compression;
using System.Text.Json;
using Vigie.Testing;

namespace Vigie.Cli.Tests;

/// <summary>The <c>cve</c> commands, importing real NVD and CISA KEV files from <c>../shared</c>.</summary>
public sealed class CveCommandTests
{
    private const string NvdPage = "vunnel-fixture-nvd-api2-page-38cves.json.gz";
    private const string KevSnapshot = "cisa-kev-ids-snapshot-20260701.json.gz";
    private const string CveInNvdPage = "CVE-2023-27314";

    private static string Data(string file) => SharedFixtures.Path("data", "cve", file);

    [SkippableFact]
    public async Task NvdPageAndKevSnapshot_ImportedInOneCommand_ReimportUnchanged_AndShown()
    {
        var nvd = Data(NvdPage);
        var kev = Data(KevSnapshot);
        int kevEntries;
        using (var snapshot = JsonDocument.Parse(new GZipStream(File.OpenRead(kev), CompressionMode.Decompress)))
        {
            kevEntries = snapshot.RootElement.EnumerateObject().Count();
        }
        await using var server = await TestServers.StartAsync();
        using var cli = await TestServers.AdminRunnerAsync(server);

        var imported = (await cli.RunAsync("cve", "import", nvd, kev, "--json")).ExpectSuccess();

        var reports = imported.Json.EnumerateArray().ToList();
        Assert.Equal(2, reports.Count);
        Assert.Equal(NvdPage, reports[0].GetProperty("fileName").GetString());
        Assert.Equal("nvd-api-2.0", reports[0].GetProperty("format").GetString());
        Assert.Equal(38, reports[0].GetProperty("records").GetInt32());
        Assert.Equal(38, reports[0].GetProperty("imported").GetInt32());
        Assert.Equal("cisa-kev-snapshot", reports[1].GetProperty("format").GetString());
        Assert.Equal(kevEntries, reports[1].GetProperty("records").GetInt32());
        Assert.Equal(kevEntries, reports[1].GetProperty("imported").GetInt32());
        Assert.Equal(0, reports[1].GetProperty("skipped").GetInt32());
        Assert.Contains($"{NvdPage}: uploaded ", imported.Stderr);

        var again = (await cli.RunAsync("cve", "import", nvd)).ExpectSuccess();
        Assert.Contains($"{NvdPage}: nvd-api-2.0, 38 records, 0 imported, 38 unchanged, 0 skipped", again.Stdout);

        var shown = (await cli.RunAsync("cve", "show", CveInNvdPage, "--json")).ExpectSuccess();
        Assert.Equal(CveInNvdPage, shown.Json.GetProperty("id").GetString());
        Assert.Contains("nvd", shown.Json.GetProperty("sources").EnumerateArray().Select(s => s.GetString()));
        var human = (await cli.RunAsync("cve", "show", CveInNvdPage.ToLowerInvariant())).ExpectSuccess().Stdout;
        Assert.Contains($"Id:", human);
        Assert.Contains(CveInNvdPage, human);
        Assert.Contains("Rejected:", human);
        Assert.Contains("Products (", human);
        var flagged = (await cli.RunAsync("cve", "show", "CVE-2002-0367")).ExpectSuccess().Stdout;
        Assert.Contains("yes, added 2022-03-03", flagged);
    }

    [SkippableFact]
    public async Task UnreadableOrRefusedFiles_ExitOne_UnknownOrMalformedIds_ExitFiveOrOne()
    {
        var nvd = Data(NvdPage);
        await using var server = await TestServers.StartAsync();
        using var cli = await TestServers.AdminRunnerAsync(server);
        Directory.CreateDirectory(cli.Directory);
        var missing = Path.Combine(cli.Directory, "no-such-feed.json.gz");

        var unread = (await cli.RunAsync("cve", "import", nvd, missing)).Expect(1);
        Assert.Contains("no-such-feed.json.gz: no such file", unread.Stderr);
        Assert.Contains("nothing was uploaded", unread.Stderr);
        Assert.Equal("", unread.Stdout);
        (await cli.RunAsync("cve", "show", CveInNvdPage)).Expect(5);

        var garbage = Path.Combine(cli.Directory, "garbage.json");
        await File.WriteAllTextAsync(garbage, "this is not a CVE feed");
        var refused = (await cli.RunAsync("cve", "import", garbage, nvd, "--json")).Expect(1);
        Assert.Matches("error: garbage.json: .*\\((unknown_cve_format|malformed_json)\\)", refused.Stderr);
        Assert.Contains("\"code\":", refused.Stderr);
        Assert.Equal("nvd-api-2.0", Assert.Single(refused.Json.EnumerateArray()).GetProperty("format").GetString());
        (await cli.RunAsync("cve", "show", CveInNvdPage)).ExpectSuccess();

        var unknown = (await cli.RunAsync("cve", "show", "CVE-1999-99999")).Expect(5);
        Assert.Contains("(not_found)", unknown.Stderr);
        var malformed = (await cli.RunAsync("cve", "show", "not-a-cve")).Expect(1);
        Assert.Contains("(validation_failed)", malformed.Stderr);
    }

    [Fact]
    public async Task UserRoleAccount_IsRefusedTheImportWithExitFour()
    {
        await using var server = await TestServers.StartAsync();
        using var admin = await server.SetupAdminAsync().WaitAsync(TestServers.StartTimeout);
        var created = await server.CreateUserAsync(admin, "bob", "user").WaitAsync(TestServers.StartTimeout);
        using var bob = created.Client;
        using var cli = new CliRunner(server.BaseAddress);
        cli.Environment["VIGIE_TOKEN"] = bob.Bearer;
        Directory.CreateDirectory(cli.Directory);
        var file = Path.Combine(cli.Directory, "feed.json");
        await File.WriteAllTextAsync(file, "{\"vulnerabilities\": []}");

        var refused = (await cli.RunAsync("cve", "import", file)).Expect(4);
        Assert.Contains("(forbidden)", refused.Stderr);
        Assert.Contains("vulnerabilities.write", refused.Stderr);
        Assert.Equal("", refused.Stdout);
        (await cli.RunAsync("cve", "show", CveInNvdPage)).Expect(4);
    }
}
