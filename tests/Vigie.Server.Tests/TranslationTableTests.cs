using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vigie.Testing;

namespace Vigie.Server.Tests;

public class TranslationTableTests
{
    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task AdministratorAddsARule_ProgramNowMatched_BadTableChangesNothing(TestDatabase db)
    {
        await using var server = await VigieTestServer.StartAsync(db);
        var admin = await server.SetupAdminAsync();
        var shipped = (await admin.GetAsync("api/v1/translations")).EnsureStatus(200).Body;
        var table = JsonNode.Parse(shipped)!.AsObject();
        Assert.True(table["rules"]!.AsArray().Count >= 25);

        (await admin.SendBytesAsync(HttpMethod.Put, "api/v1/translations", Encoding.UTF8.GetBytes("""{"rules":[{"id":"x","name":"(","cpe":"a:v:p"}]}"""), "application/json"))
            .EnsureProblem(400, "validation_failed");
        (await admin.SendBytesAsync(HttpMethod.Put, "api/v1/translations", Encoding.UTF8.GetBytes("not json"), "application/json")).EnsureProblem(400, "validation_failed");
        Assert.Equal(shipped, (await admin.GetAsync("api/v1/translations")).Body);

        var nvd = "{\"format\":\"NVD_CVE\",\"version\":\"2.0\",\"vulnerabilities\":[{\"cve\":{\"id\":\"CVE-2099-3000\",\"lastModified\":\"2026-01-01T00:00:00.000\","
            + "\"vulnStatus\":\"Analyzed\",\"configurations\":[{\"nodes\":[{\"operator\":\"OR\",\"negate\":false,\"cpeMatch\":[{\"vulnerable\":true,"
            + "\"criteria\":\"cpe:2.3:a:contoso:compta:*:*:*:*:*:*:*:*\",\"versionEndExcluding\":\"2.0\"}]}]}]}}]}";
        (await admin.SendBytesAsync(HttpMethod.Post, "api/v1/cves/imports?fileName=nvd.json", Encoding.UTF8.GetBytes(nvd))).EnsureStatus(200);
        using var agent = new AgentClient(server.BaseAddress);
        Assert.Equal(200, (await agent.PostXmlAsync("""
            <REQUEST><DEVICEID>pc-2026-01-01-00-00-00</DEVICEID><QUERY>INVENTORY</QUERY><CONTENT><HARDWARE><NAME>pc</NAME></HARDWARE>
            <SOFTWARES><NAME>Contoso Compta 1.5</NAME><PUBLISHER>Contoso SA</PUBLISHER><VERSION>1.5</VERSION></SOFTWARES></CONTENT></REQUEST>
            """)).Status);
        await FindingsTests.WaitIdleAsync(admin);
        Assert.Equal(0, (await admin.GetAsync("api/v1/findings?cve=CVE-2099-3000")).EnsureStatus(200).Json.GetArrayLength());

        // The new rule makes the program assessable: the fleet is re-evaluated in the background, without being asked.
        table["rules"]!.AsArray().Add(new JsonObject { ["id"] = "contoso-compta", ["publisher"] = "^Contoso", ["name"] = "^Contoso Compta\\b", ["cpe"] = "a:contoso:compta" });
        var saved = (await admin.SendBytesAsync(HttpMethod.Put, "api/v1/translations", Encoding.UTF8.GetBytes(table.ToJsonString()), "application/json")).EnsureStatus(200);
        Assert.Equal(table["rules"]!.AsArray().Count, saved.Json.GetProperty("rules").GetInt32());
        Assert.Single((await admin.GetAsync("api/v1/audit/events?action=vulnerabilities.translation_table.changed")).Json.GetProperty("items").EnumerateArray());
        var status = await FindingsTests.WaitIdleAsync(admin);
        Assert.Equal(JsonValueKind.Null, status.GetProperty("lastFleetRun").GetProperty("scopeCves").ValueKind);
        var finding = (await admin.GetAsync("api/v1/findings?cve=CVE-2099-3000")).EnsureStatus(200).Json;
        Assert.Equal("Contoso Compta 1.5", Assert.Single(finding.EnumerateArray()).GetProperty("software").GetString());
    }
}
