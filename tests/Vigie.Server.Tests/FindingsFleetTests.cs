using System.Text;
using System.Text.Json;
using Vigie.Core.Identity;
using Vigie.Testing;

namespace Vigie.Server.Tests;

/// <summary>
/// The fleet view on three Debian 12 machines and four tracker CVEs: zlib's (medium) on all three, openssl's (critical, KEV) on two,
/// and curl's two (high, low) on one. "zeta" carries openssl twice (the source package and libssl3), "mail" has the most findings,
/// "backup" only zlib, inventoried an hour later.
/// </summary>
public class FindingsFleetTests
{
    private const string Zlib = "CVE-2099-0001";
    private const string CurlLow = "CVE-2099-0002";
    private const string Openssl = "CVE-2099-0003";
    private const string CurlHigh = "CVE-2099-0004";
    private const string SslVersion = "3.0.11-1~deb12u2";

    private static readonly string Scores = JsonSerializer.Serialize(new
    {
        vulnerabilities = new[] { (Zlib, 5.3, "MEDIUM"), (CurlLow, 3.1, "LOW"), (Openssl, 9.8, "CRITICAL"), (CurlHigh, 7.5, "HIGH") }.Select(c => new
        {
            cve = new
            {
                id = c.Item1,
                vulnStatus = "Analyzed",
                metrics = new { cvssMetricV31 = new[] { new { type = "Primary", cvssData = new { version = "3.1", baseScore = c.Item2, baseSeverity = c.Item3 } } } },
            },
        }),
    });

    private const string Tracker = """
        {
          "zlib": {"CVE-2099-0001": {"releases": {"bookworm": {"status": "open"}}}},
          "openssl": {"CVE-2099-0003": {"releases": {"bookworm": {"status": "open"}}}},
          "curl": {"CVE-2099-0002": {"releases": {"bookworm": {"status": "open"}}}, "CVE-2099-0004": {"releases": {"bookworm": {"status": "open"}}}}
        }
        """;

    private static string Inventory(string name, params string[] software) => $"""
        <REQUEST><DEVICEID>{name}-2026-01-01-00-00-00</DEVICEID><QUERY>INVENTORY</QUERY><CONTENT>
        <HARDWARE><NAME>{name}</NAME><OSNAME>Debian GNU/Linux 12</OSNAME><OSVERSION>12</OSVERSION></HARDWARE>
        {string.Concat(software.Select(s => $"<SOFTWARES><NAME>{s}</NAME><VERSION>{(s.Contains("ssl") ? SslVersion : "1.0-1")}</VERSION><FROM>deb</FROM><ARCHITECTURE>amd64</ARCHITECTURE></SOFTWARES>"))}
        </CONTENT></REQUEST>
        """;

    private static async Task ImportAsync(ApiClient admin, string fileName, string content) =>
        (await admin.SendBytesAsync(HttpMethod.Post, $"api/v1/cves/imports?fileName={fileName}", Encoding.UTF8.GetBytes(content))).EnsureStatus(200);

    private static List<JsonElement> Rows(ApiResponse response) => response.EnsureStatus(200).Json.EnumerateArray().ToList();

    private static List<string> Cves(ApiResponse response) => Rows(response).Select(r => r.GetProperty("cveId").GetString()!).ToList();

    private static List<string> Names(ApiResponse response) => Rows(response).Select(r => r.GetProperty("assetName").GetString()!).ToList();

    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task ThreeDebianMachines_PerCveMostWidespreadFirst_PerAssetMostCriticalFirst(TestDatabase db)
    {
        await using var server = await VigieTestServer.StartAsync(db);
        var admin = await server.SetupAdminAsync();
        using var agent = new AgentClient(server.BaseAddress);
        Assert.Equal(200, (await agent.PostXmlAsync(Inventory("zeta", "zlib", "openssl", "libssl3:amd64"))).Status);
        Assert.Equal(200, (await agent.PostXmlAsync(Inventory("mail", "zlib", "openssl", "curl"))).Status);
        await ImportAsync(admin, "map.tsv", "suite\tbinary\tbinary_version\tsource\tsource_version\tarchitecture\n"
            + $"bookworm\tlibssl3\t{SslVersion}\topenssl\t{SslVersion}\tamd64\n");
        await ImportAsync(admin, "nvd.json", Scores);
        await ImportAsync(admin, "kev.json", $$"""{"catalogVersion": "2099.01.01", "vulnerabilities": [{"cveID": "{{Openssl}}", "dateAdded": "2099-01-01"}]}""");
        await ImportAsync(admin, "tracker.json", Tracker);
        await FindingsTests.WaitIdleAsync(admin);
        (await admin.PostAsync("api/v1/findings/evaluate", new { })).EnsureStatus(200);
        var firstSeen = server.Clock.GetUtcNow();
        server.Clock.Advance(TimeSpan.FromHours(1));
        admin = await server.LoginAsync(VigieTestServer.AdminName, VigieTestServer.AdminPassword);
        Assert.Equal(200, (await agent.PostXmlAsync(Inventory("backup", "zlib"))).Status);
        await FindingsTests.WaitIdleAsync(admin);
        (await admin.PostAsync("api/v1/findings/evaluate", new { })).EnsureStatus(200);

        // The list names each finding's asset.
        Assert.Equal(["backup", "mail", "zeta"], Names(await admin.GetAsync($"api/v1/findings?cve={Zlib}")).Order());

        // Per CVE: most assets first (zlib on three beats openssl's higher score on two), then the score.
        var byCve = Rows(await admin.GetAsync("api/v1/findings/by-cve"));
        Assert.Equal([Zlib, Openssl, CurlHigh, CurlLow], byCve.Select(r => r.GetProperty("cveId").GetString()));
        Assert.Equal([3, 2, 1, 1], byCve.Select(r => r.GetProperty("assets").GetInt32()));
        Assert.Equal([3, 3, 1, 1], byCve.Select(r => r.GetProperty("findings").GetInt32()));
        Assert.Equal(["MEDIUM", "CRITICAL", "HIGH", "LOW"], byCve.Select(r => r.GetProperty("severity").GetString()));
        Assert.Equal([5.3, 9.8, 7.5, 3.1], byCve.Select(r => r.GetProperty("cvssScore").GetDouble()));
        Assert.Equal([false, true, false, false], byCve.Select(r => r.GetProperty("kev").GetBoolean()));
        Assert.Equal(["libssl3:amd64", "openssl"], byCve[1].GetProperty("programs").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(["zlib"], byCve[0].GetProperty("programs").EnumerateArray().Select(p => p.GetString()));
        // The earliest of zlib's findings: backup's came an hour later.
        Assert.Equal(firstSeen, byCve[0].GetProperty("firstSeen").GetDateTimeOffset(), TimeSpan.FromSeconds(1));
        Assert.Equal(firstSeen.AddHours(1), (await admin.GetAsync($"api/v1/findings?cve={Zlib}")).Json.EnumerateArray()
            .Max(f => f.GetProperty("firstSeen").GetDateTimeOffset()), TimeSpan.FromSeconds(1));

        // Per asset: most critical first (zeta's two openssl findings beat mail's four of mixed severity), whatever the names.
        var byAsset = Rows(await admin.GetAsync("api/v1/findings/by-asset"));
        Assert.Equal(["zeta", "mail", "backup"], byAsset.Select(r => r.GetProperty("assetName").GetString()));
        var assets = (await admin.GetAsync("api/v1/assets")).Json.GetProperty("items").EnumerateArray()
            .ToDictionary(a => a.GetProperty("name").GetString()!, a => a.GetProperty("id").GetGuid());
        Assert.Equal(byAsset.Select(r => assets[r.GetProperty("assetName").GetString()!]), byAsset.Select(r => r.GetProperty("assetId").GetGuid()));
        static int[] Counts(JsonElement r) => new[] { "open", "critical", "high", "medium", "low", "kev" }.Select(p => r.GetProperty(p).GetInt32()).ToArray();
        Assert.Equal([3, 2, 0, 1, 0, 2], Counts(byAsset[0]));
        Assert.Equal([4, 1, 1, 1, 1, 1], Counts(byAsset[1]));
        Assert.Equal([1, 0, 0, 1, 0, 0], Counts(byAsset[2]));
        Assert.Equal([9.8, 9.8, 5.3], byAsset.Select(r => r.GetProperty("maxCvss").GetDouble()));

        // Filters and limit.
        Assert.Equal([Openssl], Cves(await admin.GetAsync("api/v1/findings/by-cve?kev=true")));
        Assert.Equal([CurlHigh], Cves(await admin.GetAsync("api/v1/findings/by-cve?severity=high")));
        Assert.Equal([Zlib, Openssl], Cves(await admin.GetAsync("api/v1/findings/by-cve?limit=2")));
        var kevOnly = Rows(await admin.GetAsync("api/v1/findings/by-asset?kev=true"));
        Assert.Equal(["zeta", "mail"], kevOnly.Select(r => r.GetProperty("assetName").GetString()));
        Assert.Equal([2, 1], kevOnly.Select(r => r.GetProperty("open").GetInt32()));
        var medium = Rows(await admin.GetAsync("api/v1/findings/by-asset?severity=MEDIUM"));
        Assert.Equal(["backup", "mail", "zeta"], medium.Select(r => r.GetProperty("assetName").GetString()).Order());
        Assert.All(medium, r => Assert.Equal([1, 0, 0, 1, 0, 0], Counts(r)));
        Assert.Equal(["zeta"], Names(await admin.GetAsync("api/v1/findings/by-asset?limit=1")));
        foreach (var view in new[] { "by-cve", "by-asset" })
        {
            (await admin.GetAsync($"api/v1/findings/{view}?severity=terrible")).EnsureProblem(400, "validation_failed");
            (await admin.GetAsync($"api/v1/findings/{view}?limit=0")).EnsureProblem(400, "validation_failed");
        }

        // An accepted risk in force leaves the views as it leaves the list: zlib, now on two assets, falls behind openssl's higher score.
        var mailZlib = (await admin.GetAsync($"api/v1/findings?cve={Zlib}&asset={assets["mail"]}")).Json[0].GetProperty("id").GetGuid();
        (await admin.PutAsync($"api/v1/findings/{mailZlib}/disposition", new { kind = "accepted_risk", reason = "isolated VLAN", expiresAt = server.Clock.GetUtcNow().AddDays(30) }))
            .EnsureStatus(204);
        var decided = Rows(await admin.GetAsync("api/v1/findings/by-cve"));
        Assert.Equal([Openssl, Zlib, CurlHigh, CurlLow], decided.Select(r => r.GetProperty("cveId").GetString()));
        Assert.Equal((2, 2), (decided[1].GetProperty("assets").GetInt32(), decided[1].GetProperty("findings").GetInt32()));
        var mail = Rows(await admin.GetAsync("api/v1/findings/by-asset"))[1];
        Assert.Equal([3, 1, 1, 0, 1, 1], Counts(mail));

        // Findings of an asset the inventory no longer holds show its id for a name.
        var gone = Guid.CreateVersion7();
        await using (var c = await DatabaseAccess.OpenAsync(server))
        {
            await Dapper.SqlMapper.ExecuteAsync(c, "UPDATE vuln_findings SET asset_id = @Gone WHERE asset_id = @Backup", new { Gone = gone, Backup = assets["backup"] });
        }
        var orphan = Rows(await admin.GetAsync("api/v1/findings/by-asset"))[2];
        Assert.Equal((gone, gone.ToString()), (orphan.GetProperty("assetId").GetGuid(), orphan.GetProperty("assetName").GetString()));
        Assert.Contains(gone.ToString(), Names(await admin.GetAsync($"api/v1/findings?cve={Zlib}")));

        // Same permission as the list: operators and auditors read the views, a plain user does not.
        foreach (var role in new[] { Roles.Operator, Roles.Auditor })
        {
            var (reader, _, _) = await server.CreateUserAsync(admin, $"fleet-{role}", role);
            Assert.Equal(4, Rows(await reader.GetAsync("api/v1/findings/by-cve")).Count);
            Assert.Equal(3, Rows(await reader.GetAsync("api/v1/findings/by-asset")).Count);
        }
        var (user, _, _) = await server.CreateUserAsync(admin, "fleet-user", Roles.User);
        (await user.GetAsync("api/v1/findings/by-cve")).EnsureProblem(403, "forbidden");
        (await user.GetAsync("api/v1/findings/by-asset")).EnsureProblem(403, "forbidden");
    }
}
