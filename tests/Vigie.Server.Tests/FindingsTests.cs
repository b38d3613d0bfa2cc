using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Vigie.Testing;

namespace Vigie.Server.Tests;

public class FindingsTests
{
    private static async Task ImportAsync(ApiClient admin, string fileName, string content) =>
        (await admin.SendBytesAsync(HttpMethod.Post, $"api/v1/cves/imports?fileName={fileName}", Encoding.UTF8.GetBytes(content))).EnsureStatus(200);

    private static async Task<List<(string Cve, string Software, string Path)>> FindingsAsync(ApiClient admin, Guid assetId, string status = "open")
    {
        var evaluated = (await admin.PostAsync("api/v1/findings/evaluate", new { assetId })).EnsureStatus(200);
        Assert.Equal(assetId, evaluated.Json.GetProperty("assetId").GetGuid());
        return (await admin.GetAsync($"api/v1/findings?asset={assetId}&status={status}")).EnsureStatus(200).Json.EnumerateArray()
            .Select(f => (f.GetProperty("cveId").GetString()!, f.GetProperty("software").GetString()!, f.GetProperty("path").GetString()!)).ToList();
    }

    /// <summary>Waits (bounded) until the background evaluations are done; returns the evaluation status.</summary>
    internal static async Task<JsonElement> WaitIdleAsync(ApiClient admin)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var status = (await admin.GetAsync("api/v1/findings/evaluation")).EnsureStatus(200).Json;
            if (status.GetProperty("pendingAssets").GetInt32() == 0 && !status.GetProperty("fleetPending").GetBoolean() && !status.GetProperty("busy").GetBoolean())
            {
                return status;
            }
            await Task.Delay(50, deadline.Token);
        }
    }

    private static async Task<List<string>> OpenCvesAsync(ApiClient admin) =>
        (await admin.GetAsync("api/v1/findings?status=open")).EnsureStatus(200).Json.EnumerateArray().Select(f => f.GetProperty("cveId").GetString()!).Order().ToList();

    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task KnowledgeBaseChange_ReevaluatesTheFleetForTheCvesItTouchedOnly(TestDatabase db)
    {
        await using var server = await VigieTestServer.StartAsync(db);
        var admin = await server.SetupAdminAsync();
        using var agent = new AgentClient(server.BaseAddress);
        foreach (var name in new[] { "deb1", "deb2" })
        {
            Assert.Equal(200, (await agent.PostXmlAsync($"""
                <REQUEST><DEVICEID>{name}-2026-01-01-00-00-00</DEVICEID><QUERY>INVENTORY</QUERY><CONTENT>
                <HARDWARE><NAME>{name}</NAME><OSNAME>Debian GNU/Linux 12</OSNAME><OSVERSION>12</OSVERSION></HARDWARE>
                <SOFTWARES><NAME>zlib</NAME><VERSION>1:1.2.13.dfsg-1</VERSION><FROM>deb</FROM></SOFTWARES></CONTENT></REQUEST>
                """)).Status);
        }
        await ImportAsync(admin, "tracker.json", """
            {"zlib": {"CVE-2099-2000": {"releases": {"bookworm": {"status": "open"}}}, "CVE-2099-2001": {"releases": {"bookworm": {"status": "open"}}}}}
            """);
        var run = (await WaitIdleAsync(admin)).GetProperty("lastFleetRun");
        Assert.Equal(2, run.GetProperty("scopeCves").GetInt32());
        Assert.Equal(4, run.GetProperty("opened").GetInt32());
        Assert.Equal(["CVE-2099-2000", "CVE-2099-2000", "CVE-2099-2001", "CVE-2099-2001"], await OpenCvesAsync(admin));

        // Tracker data the next import does not touch is not decided again: take 2001's row away behind the server's back.
        await using (var c = await DatabaseAccess.OpenAsync(server))
        {
            await Dapper.SqlMapper.ExecuteAsync(c, "DELETE FROM vuln_debian WHERE cve_id = 'CVE-2099-2001'");
        }
        await ImportAsync(admin, "tracker.json", """{"zlib": {"CVE-2099-2000": {"releases": {"bookworm": {"status": "resolved", "fixed_version": "1:1.2.13.dfsg-1"}}}}}""");
        run = (await WaitIdleAsync(admin)).GetProperty("lastFleetRun");
        Assert.Equal(1, run.GetProperty("scopeCves").GetInt32());
        Assert.Equal(2, run.GetProperty("resolved").GetInt32());
        Assert.Equal(["CVE-2099-2001", "CVE-2099-2001"], await OpenCvesAsync(admin));

        // A full evaluation decides every CVE again.
        var full = (await admin.PostAsync("api/v1/findings/evaluate", new { })).EnsureStatus(200).Json;
        Assert.Equal(JsonValueKind.Null, full.GetProperty("scopeCves").ValueKind);
        Assert.Equal(2, full.GetProperty("assets").GetInt32());
        Assert.Equal(2, full.GetProperty("resolved").GetInt32());
        Assert.Empty(await OpenCvesAsync(admin));
        Assert.Equal(2, (await admin.GetAsync("api/v1/audit/events?action=vulnerabilities.findings.evaluated&limit=100")).Json.GetProperty("items").EnumerateArray()
            .Count(e => e.GetProperty("actorName").GetString() == VigieTestServer.AdminName));
    }

    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task DebianPackages_TrackerAndDpkgOrdering_FindingsOpenThenResolved(TestDatabase db)
    {
        var xml = XDocument.Load(SharedFixtures.Capture("ocs-01-prolog-send-inventory", "002-INVENTORY-request.xml"));
        await using var server = await VigieTestServer.StartAsync(db);
        var admin = await server.SetupAdminAsync();
        using var agent = new AgentClient(server.BaseAddress);
        Assert.Equal(200, (await agent.PostXmlAsync(xml.ToString())).Status);
        var assetId = (await admin.GetAsync("api/v1/assets?kind=computer")).Json.GetProperty("items")[0].GetProperty("id").GetGuid();

        await ImportAsync(admin, "map.tsv", "suite\tbinary\tbinary_version\tsource\tsource_version\tarchitecture\n"
            + "bookworm\tlibssl3\t3.0.19-1~deb12u2\topenssl\t3.0.19-1~deb12u2\tamd64\nbookworm\tzlib1g\t1:1.2.13.dfsg-1\tzlib\t1:1.2.13.dfsg-1\tamd64\n");
        await ImportAsync(admin, "tracker.json", """
            {
              "openssl": {
                "CVE-2099-1000": {"description": "fixed after the installed version", "releases": {"bookworm": {"status": "resolved", "fixed_version": "3.0.20-1~deb12u1", "urgency": "medium"}}},
                "CVE-2099-1001": {"description": "fixed before the installed version", "releases": {"bookworm": {"status": "resolved", "fixed_version": "3.0.9-1", "urgency": "low"}}},
                "CVE-2099-1002": {"description": "only an older release", "releases": {"bullseye": {"status": "open", "urgency": "high"}}}
              },
              "zlib": {
                "CVE-2099-2000": {"description": "no fix yet", "releases": {"bookworm": {"status": "open", "urgency": "high"}}},
                "CVE-2099-2001": {"description": "never affected", "releases": {"bookworm": {"status": "resolved", "fixed_version": "0", "urgency": "not yet assigned"}}}
              }
            }
            """);
        var findings = await FindingsAsync(admin, assetId);
        Assert.Equal(
            [("CVE-2099-1000", "libssl3:amd64", "debian"), ("CVE-2099-1000", "openssl", "debian"), ("CVE-2099-2000", "zlib1g:amd64", "debian")],
            findings.Order().ToList());

        // The machine gets the fix: the findings it no longer has are resolved, not deleted.
        foreach (var version in xml.Descendants("SOFTWARES").Where(s => s.Element("NAME")!.Value is "openssl" or "libssl3:amd64").Select(s => s.Element("VERSION")!))
        {
            version.Value = "3.0.20-1~deb12u1";
        }
        Assert.Equal(200, (await agent.PostXmlAsync(xml.ToString())).Status);
        Assert.Equal([("CVE-2099-2000", "zlib1g:amd64", "debian")], await FindingsAsync(admin, assetId));
        var resolved = await FindingsAsync(admin, assetId, "resolved");
        Assert.Equal(2, resolved.Count);
        Assert.All(resolved, r => Assert.Equal("CVE-2099-1000", r.Cve));
    }

    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task BullseyeApache2_RealDsaList_FindingsUntilTheAnnouncedFix(TestDatabase db)
    {
        var dsa = await File.ReadAllBytesAsync(SharedFixtures.Path("data", "cve", "debian-security-tracker-20230402-DSA-list.txt.gz"));
        await using var server = await VigieTestServer.StartAsync(db);
        var admin = await server.SetupAdminAsync();
        (await admin.SendBytesAsync(HttpMethod.Post, "api/v1/cves/imports?fileName=DSA-list.txt.gz", dsa)).EnsureStatus(200);
        using var agent = new AgentClient(server.BaseAddress);
        static string Inventory(string version) => $"""
            <REQUEST><DEVICEID>web-2026-01-01-00-00-00</DEVICEID><QUERY>INVENTORY</QUERY><CONTENT>
            <HARDWARE><NAME>web</NAME><OSNAME>Debian GNU/Linux 11 (bullseye)</OSNAME><OSVERSION>11</OSVERSION></HARDWARE>
            <SOFTWARES><NAME>apache2</NAME><VERSION>{version}</VERSION><FROM>deb</FROM></SOFTWARES></CONTENT></REQUEST>
            """;
        Assert.Equal(200, (await agent.PostXmlAsync(Inventory("2.4.54-1~deb11u1"))).Status);
        var assetId = (await admin.GetAsync("api/v1/assets")).Json.GetProperty("items")[0].GetProperty("id").GetGuid();

        // DSA-5376-1 fixed these in 2.4.56-1~deb11u1; the earlier bullseye advisories (2.4.51, 2.4.52) are below the installed version.
        string[] announced = ["CVE-2006-20001", "CVE-2022-36760", "CVE-2022-37436", "CVE-2023-25690", "CVE-2023-27522"];
        Assert.Equal(announced.Select(cve => (cve, "apache2", "debian")), (await FindingsAsync(admin, assetId)).Order());
        var rule = (await admin.GetAsync("api/v1/findings?cve=CVE-2023-25690")).Json[0];
        Assert.Equal("2.4.56-1~deb11u1", rule.GetProperty("fixedVersion").GetString());

        Assert.Equal(200, (await agent.PostXmlAsync(Inventory("2.4.56-1~deb11u1"))).Status);
        Assert.Empty(await FindingsAsync(admin, assetId));
        Assert.Equal(announced, (await FindingsAsync(admin, assetId, "resolved")).Select(f => f.Cve).Order());
    }

    [Fact]
    public async Task KnowledgeBaseImportedAfterTheInventory_FindingsFollowInTheBackground()
    {
        await using var server = await VigieTestServer.StartAsync();
        var admin = await server.SetupAdminAsync();
        using var agent = new AgentClient(server.BaseAddress);
        Assert.Equal(200, (await agent.PostXmlAsync("""
            <REQUEST><DEVICEID>deb-2026-01-01-00-00-00</DEVICEID><QUERY>INVENTORY</QUERY><CONTENT>
            <HARDWARE><NAME>deb</NAME><OSNAME>Debian GNU/Linux 12</OSNAME><OSVERSION>12</OSVERSION></HARDWARE>
            <SOFTWARES><NAME>zlib</NAME><VERSION>1:1.2.13.dfsg-1</VERSION><FROM>deb</FROM></SOFTWARES></CONTENT></REQUEST>
            """)).Status);
        await ImportAsync(admin, "tracker.json", """{"zlib": {"CVE-2099-2000": {"releases": {"bookworm": {"status": "open"}}}}}""");

        // No evaluation asked: the import queued every asset. The matcher runs in the background, so wait for it (bounded).
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((await admin.GetAsync("api/v1/findings?cve=CVE-2099-2000")).EnsureStatus(200).Json.GetArrayLength() == 0)
        {
            await Task.Delay(100, deadline.Token);
        }
    }

    [SkippableFact]
    public async Task WindowsPrograms_TranslatedAndMatchedOnNvdConfigurations()
    {
        string[] wanted = ["CVE-2023-52169", "CVE-2023-40481", "CVE-2024-10458"];
        using var gz = new GZipStream(File.OpenRead(SharedFixtures.Path("data", "cve", "anchore-nvd-overrides-configurations-20260821.jsonl.gz")), CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        var lines = new List<string>();
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            if (wanted.Any(id => line.Contains($"\"cve_id\": \"{id}\"", StringComparison.Ordinal) || line.Contains($"\"cve_id\":\"{id}\"", StringComparison.Ordinal)))
            {
                lines.Add(line);
            }
        }
        Assert.Equal(3, lines.Count);

        await using var server = await VigieTestServer.StartAsync();
        var admin = await server.SetupAdminAsync();
        await ImportAsync(admin, "overrides.jsonl", string.Join('\n', lines));
        using var agent = new AgentClient(server.BaseAddress);
        var inventory = """
            <REQUEST><DEVICEID>pc-compta-2026-01-01-00-00-00</DEVICEID><QUERY>INVENTORY</QUERY><CONTENT>
            <HARDWARE><NAME>PC-COMPTA</NAME><OSNAME>Microsoft Windows 11 Professionnel</OSNAME><OSVERSION>10.0.22631</OSVERSION></HARDWARE>
            <SOFTWARES><NAME>7-Zip 23.01 (x64)</NAME><PUBLISHER>Igor Pavlov</PUBLISHER><VERSION>23.01</VERSION></SOFTWARES>
            <SOFTWARES><NAME>Mozilla Firefox (x64 fr)</NAME><PUBLISHER>Mozilla</PUBLISHER><VERSION>128.0.3</VERSION></SOFTWARES>
            <SOFTWARES><NAME>Contoso Compta</NAME><PUBLISHER>Contoso</PUBLISHER><VERSION>1.0</VERSION></SOFTWARES>
            </CONTENT></REQUEST>
            """;
        Assert.Equal(200, (await agent.PostXmlAsync(inventory)).Status);
        var assetId = (await admin.GetAsync("api/v1/assets")).Json.GetProperty("items")[0].GetProperty("id").GetGuid();
        var findings = await FindingsAsync(admin, assetId);
        Assert.Equal([("CVE-2023-52169", "7-Zip 23.01 (x64)", "nvd"), ("CVE-2024-10458", "Mozilla Firefox (x64 fr)", "nvd")], findings.Order().ToList());
        var detail = (await admin.GetAsync("api/v1/findings?cve=CVE-2023-52169")).Json[0];
        Assert.Contains("< 24.01", detail.GetProperty("rule").GetString());
        Assert.Equal("24.01", detail.GetProperty("fixedVersion").GetString());
        (await admin.GetAsync("api/v1/findings?severity=terrible")).EnsureProblem(400, "validation_failed");

        // An accepted risk hides the finding until its expiry, survives re-evaluation, and is audited.
        var id = detail.GetProperty("id").GetGuid();
        var expires = server.Clock.GetUtcNow().AddDays(30);
        (await admin.PutAsync($"api/v1/findings/{id}/disposition", new { kind = "accepted_risk", reason = "isolated VLAN", expiresAt = server.Clock.GetUtcNow().AddDays(400) }))
            .EnsureProblem(400, "validation_failed");
        (await admin.PutAsync($"api/v1/findings/{id}/disposition", new { kind = "ignored", reason = "x", expiresAt = expires })).EnsureProblem(400, "validation_failed");
        (await admin.PutAsync($"api/v1/findings/{Guid.CreateVersion7()}/disposition", new { kind = "false_positive", reason = "x", expiresAt = expires }))
            .EnsureProblem(404, "not_found");
        (await admin.PutAsync($"api/v1/findings/{id}/disposition", new { kind = "accepted_risk", reason = "isolated VLAN", expiresAt = expires })).EnsureStatus(204);
        Assert.Equal([("CVE-2024-10458", "Mozilla Firefox (x64 fr)", "nvd")], await FindingsAsync(admin, assetId));
        var decided = (await admin.GetAsync($"api/v1/findings?asset={assetId}&disposition=decided")).Json[0];
        Assert.Equal("accepted_risk", decided.GetProperty("disposition").GetString());
        Assert.Equal("isolated VLAN", decided.GetProperty("dispositionReason").GetString());
        Assert.Single((await admin.GetAsync("api/v1/audit/events?action=vulnerabilities.finding.disposition_set")).Json.GetProperty("items").EnumerateArray());
        server.Clock.Advance(TimeSpan.FromDays(31));
        admin = await server.LoginAsync(VigieTestServer.AdminName, VigieTestServer.AdminPassword);
        Assert.Equal(2, (await FindingsAsync(admin, assetId)).Count);
    }
}
