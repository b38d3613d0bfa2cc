using System.Text;
using System.Xml.Linq;
using Vigie.Testing;

namespace Vigie.Server.Tests;

public class AgentProtocolTests
{
    private static XDocument OcsInventory() => XDocument.Load(SharedFixtures.Capture("ocs-01-prolog-send-inventory", "002-INVENTORY-request.xml"));

    private static async Task<System.Text.Json.JsonElement> SingleComputerAsync(ApiClient admin)
    {
        var assets = (await admin.GetAsync("api/v1/assets?kind=computer")).EnsureStatus(200).Json.GetProperty("items");
        Assert.Equal(1, assets.GetArrayLength());
        return assets[0];
    }

    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task RealCaptures_PrologThenInventory_AssetReadableWithTheAgentsValues(TestDatabase db)
    {
        var prolog = await File.ReadAllBytesAsync(SharedFixtures.Capture("ocs-01-prolog-send-inventory", "001-PROLOG-request.body.bin"));
        var inventory = await File.ReadAllBytesAsync(SharedFixtures.Capture("ocs-01-prolog-send-inventory", "002-INVENTORY-request.body.bin"));
        var xml = OcsInventory();
        await using var server = await VigieTestServer.StartAsync(db);
        var admin = await server.SetupAdminAsync();
        using var agent = new AgentClient(server.BaseAddress);

        var reply = await agent.PostAsync(prolog);
        Assert.Equal(200, reply.Status);
        Assert.Equal(new byte[] { 0x78, 0x9C }, reply.Body[..2]);
        Assert.Equal("application/x-compress-zlib", reply.ContentType);
        var prologReply = XDocument.Parse(reply.Xml).Root!;
        Assert.Equal("SEND", prologReply.Element("RESPONSE")!.Value);
        Assert.Equal("24", prologReply.Element("PROLOG_FREQ")!.Value);

        reply = await agent.PostAsync(inventory);
        Assert.Equal(200, reply.Status);
        Assert.Equal("NO_ACCOUNT_UPDATE", XDocument.Parse(reply.Xml).Root!.Element("RESPONSE")!.Value);

        var hardware = xml.Root!.Element("CONTENT")!.Element("HARDWARE")!;
        var asset = await SingleComputerAsync(admin);
        Assert.Equal(hardware.Element("NAME")!.Value, asset.GetProperty("name").GetString());
        Assert.Equal(hardware.Element("OSNAME")!.Value, asset.GetProperty("osName").GetString());
        Assert.Equal(hardware.Element("IPADDR")!.Value, asset.GetProperty("ipAddress").GetString());
        Assert.Equal("ocs", asset.GetProperty("source").GetString());

        var detail = (await admin.GetAsync($"api/v1/assets/{asset.GetProperty("id").GetGuid()}")).EnsureStatus(200).Json;
        var expected = xml.Root.Element("CONTENT")!.Elements("SOFTWARES")
            .Select(s => $"{s.Element("NAME")!.Value}={s.Element("VERSION")?.Value}").Distinct().Order().ToList();
        var actual = detail.GetProperty("software").EnumerateArray()
            .Select(s => $"{s.GetProperty("name").GetString()}={s.GetProperty("version").GetString()}").Order().ToList();
        Assert.Equal(1075, expected.Count);
        Assert.Equal(expected, actual);
        var openssl = detail.GetProperty("software").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "openssl");
        Assert.Equal("openssl", openssl.GetProperty("packageName").GetString());
        Assert.Equal("amd64", openssl.GetProperty("architecture").GetString());
        Assert.Equal(detail.GetProperty("agents")[0].GetProperty("deviceId").GetString(), xml.Root.Element("DEVICEID")!.Value);
        Assert.Contains(detail.GetProperty("macs").EnumerateArray(), m => m.GetString()!.Length == 17);
    }

    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task SecondInventory_ChangedPackages_HistoryRecordsEachChange(TestDatabase db)
    {
        var xml = OcsInventory();
        await using var server = await VigieTestServer.StartAsync(db);
        var admin = await server.SetupAdminAsync();
        using var agent = new AgentClient(server.BaseAddress);
        Assert.Equal(200, (await agent.PostXmlAsync(xml.ToString())).Status);
        var id = (await SingleComputerAsync(admin)).GetProperty("id").GetGuid();

        var content = xml.Root!.Element("CONTENT")!;
        content.Elements("SOFTWARES").Single(s => s.Element("NAME")!.Value == "adduser").Remove();
        var openssl = content.Elements("SOFTWARES").Single(s => s.Element("NAME")!.Value == "openssl");
        var oldVersion = openssl.Element("VERSION")!.Value;
        openssl.Element("VERSION")!.Value = "3.0.20-1~deb12u1";
        content.Add(new XElement("SOFTWARES", new XElement("NAME", "vigie-probe"), new XElement("VERSION", "1.0-1"), new XElement("FROM", "deb"),
            new XElement("ARCHITECTURE", "amd64")));
        content.Element("HARDWARE")!.Element("MEMORY")!.Value = "32768";
        server.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(200, (await agent.PostXmlAsync(xml.ToString())).Status);

        var history = (await admin.GetAsync($"api/v1/assets/{id}/history")).EnsureStatus(200).Json.EnumerateArray()
            .Select(h => (Change: h.GetProperty("change").GetString(), Subject: h.GetProperty("subject").GetString(),
                Old: h.GetProperty("oldValue").GetString(), New: h.GetProperty("newValue").GetString())).ToList();
        Assert.Contains(("software_removed", "adduser", "3.134", null), history);
        Assert.Contains(("software_upgraded", "openssl", oldVersion, "3.0.20-1~deb12u1"), history);
        Assert.Contains(("software_added", "vigie-probe", null, "1.0-1"), history);
        Assert.Contains(history, h => h.Change == "hardware_changed" && h.Subject == "memory_mb" && h.New == "32768");
        Assert.Contains(history, h => h.Change == "first_inventory");
        Assert.Equal(5, history.Count);

        var found = (await admin.GetAsync("api/v1/software?name=openssl&version=>3.0.19")).EnsureStatus(200).Json;
        Assert.Equal("3.0.20-1~deb12u1", found[0].GetProperty("version").GetString());
    }

    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task StoreFailsHalfway_PreviousStateIntact(TestDatabase db)
    {
        var xml = OcsInventory();
        await using var server = await VigieTestServer.StartAsync(db);
        var admin = await server.SetupAdminAsync();
        using var agent = new AgentClient(server.BaseAddress);
        Assert.Equal(200, (await agent.PostXmlAsync(xml.ToString())).Status);
        var id = (await SingleComputerAsync(admin)).GetProperty("id").GetGuid();
        var before = (await admin.GetAsync($"api/v1/assets/{id}")).Body;

        await using (var c = await DatabaseAccess.OpenAsync(server))
        {
            // The history is written last: everything before it in the transaction must be undone.
            await Dapper.SqlMapper.ExecuteAsync(c, "ALTER TABLE inventory_history RENAME TO inventory_history_gone");
        }
        var content = xml.Root!.Element("CONTENT")!;
        content.Elements("SOFTWARES").Take(10).Remove();
        content.Element("HARDWARE")!.Element("NAME")!.Value = "renamed";
        var reply = await agent.PostXmlAsync(xml.ToString());
        Assert.Equal(500, reply.Status);
        Assert.DoesNotContain("refused", Encoding.UTF8.GetString(reply.Body));

        var after = (await admin.GetAsync($"api/v1/assets/{id}")).Body;
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task InventoryWithoutSoftwareSection_KeepsTheKnownSoftware()
    {
        await using var server = await VigieTestServer.StartAsync();
        var admin = await server.SetupAdminAsync();
        using var agent = new AgentClient(server.BaseAddress);
        Assert.Equal(200, (await agent.PostXmlAsync(OcsInventory().ToString())).Status);
        var noSoftware = await File.ReadAllBytesAsync(SharedFixtures.Capture("ocs-13-tag-nosoftware", "002-INVENTORY-request.body.bin"));
        Assert.Equal(200, (await agent.PostAsync(noSoftware)).Status);
        var asset = await SingleComputerAsync(admin);
        Assert.Equal("RESEARCH-TAG", asset.GetProperty("tag").GetString());
        Assert.Equal(1075, (await admin.GetAsync($"api/v1/assets/{asset.GetProperty("id").GetGuid()}")).Json.GetProperty("software").GetArrayLength());
    }

    [Fact]
    public async Task FusionAgentOnTheSameMachine_MergedIntoOneAsset()
    {
        var fusion = await File.ReadAllBytesAsync(SharedFixtures.Capture("fus-01-prolog-send-inventory", "002-INVENTORY-request.body.bin"));
        await using var server = await VigieTestServer.StartAsync();
        var admin = await server.SetupAdminAsync();
        using var ocs = new AgentClient(server.BaseAddress);
        using var fus = new AgentClient(server.BaseAddress, AgentClient.FusionUserAgent) { Path = "" };
        Assert.Equal(200, (await ocs.PostXmlAsync(OcsInventory().ToString())).Status);
        Assert.Equal(200, (await fus.PostAsync(fusion, "application/x-compress-zlib")).Status);

        var asset = await SingleComputerAsync(admin);
        Assert.Equal("fusion", asset.GetProperty("source").GetString());
        var detail = (await admin.GetAsync($"api/v1/assets/{asset.GetProperty("id").GetGuid()}")).Json;
        Assert.Equal(2, detail.GetProperty("agents").GetArrayLength());
        var merged = (await admin.GetAsync("api/v1/audit/events?action=inventory.asset.merged")).Json.GetProperty("items");
        Assert.Equal(1, merged.GetArrayLength());
    }

    [Theory]
    [InlineData("UUID", "4C4C4544-0052-3410-8036-B4C04F4B4A31", "")]
    [InlineData("SSN", "", "CZ2345678X")]
    [InlineData("GENERIC", "03000200-0400-0500-0006-000700080009", "To be filled by O.E.M.")]
    public async Task ReinstalledAgent_NewDeviceId_MergedByUuidOrSerial_NotByGenericValues(string kind, string uuid, string serial)
    {
        await using var server = await VigieTestServer.StartAsync();
        var admin = await server.SetupAdminAsync();
        using var agent = new AgentClient(server.BaseAddress);
        string Machine(string deviceId, string name, string mac) =>
            $"<REQUEST><DEVICEID>{deviceId}</DEVICEID><QUERY>INVENTORY</QUERY><CONTENT><HARDWARE><NAME>{name}</NAME><UUID>{uuid}</UUID></HARDWARE>"
            + $"<BIOS><SSN>{serial}</SSN></BIOS><NETWORKS><MACADDR>{mac}</MACADDR></NETWORKS></CONTENT></REQUEST>";
        Assert.Equal(200, (await agent.PostXmlAsync(Machine("pc-old-2025-01-01-00-00-00", "pc-old", "00:11:22:33:44:55"))).Status);
        // Reinstalled and renamed, new NIC: only the hardware identity links the two.
        Assert.Equal(200, (await agent.PostXmlAsync(Machine("pc-new-2026-01-01-00-00-00", "pc-new", "66:77:88:99:aa:bb"))).Status);
        var assets = (await admin.GetAsync("api/v1/assets?kind=computer")).Json.GetProperty("items");
        Assert.Equal(kind == "GENERIC" ? 2 : 1, assets.GetArrayLength());
    }

    [Fact]
    public async Task ServerDecidedTag_PushedWithAccountUpdate_UntilTheAgentReportsIt()
    {
        var xml = OcsInventory();
        await using var server = await VigieTestServer.StartAsync();
        var admin = await server.SetupAdminAsync();
        using var agent = new AgentClient(server.BaseAddress);
        await agent.PostXmlAsync(xml.ToString());
        var id = (await SingleComputerAsync(admin)).GetProperty("id").GetGuid();
        (await admin.PutAsync($"api/v1/assets/{id}/tag", new { tag = "SITE-NANTES" })).EnsureStatus(204);

        var reply = XDocument.Parse((await agent.PostXmlAsync(xml.ToString())).Xml).Root!;
        Assert.Equal("ACCOUNT_UPDATE", reply.Element("RESPONSE")!.Value);
        Assert.Equal("TAG", reply.Element("ACCOUNTINFO")!.Element("KEYNAME")!.Value);
        Assert.Equal("SITE-NANTES", reply.Element("ACCOUNTINFO")!.Element("KEYVALUE")!.Value);

        xml.Root!.Element("CONTENT")!.AddFirst(new XElement("ACCOUNTINFO", new XElement("KEYNAME", "TAG"), new XElement("KEYVALUE", "SITE-NANTES")));
        reply = XDocument.Parse((await agent.PostXmlAsync(xml.ToString())).Xml).Root!;
        Assert.Equal("NO_ACCOUNT_UPDATE", reply.Element("RESPONSE")!.Value);
        var asset = await SingleComputerAsync(admin);
        Assert.Equal("SITE-NANTES", asset.GetProperty("tag").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, asset.GetProperty("pendingTag").ValueKind);
        Assert.Single((await admin.GetAsync("api/v1/assets?tag=SITE-NANTES")).Json.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task BlockedDevice_PrologStop_InventoryRefused()
    {
        var xml = OcsInventory();
        await using var server = await VigieTestServer.StartAsync();
        var admin = await server.SetupAdminAsync();
        using var agent = new AgentClient(server.BaseAddress);
        await agent.PostXmlAsync(xml.ToString());
        var id = (await SingleComputerAsync(admin)).GetProperty("id").GetGuid();
        (await admin.PutAsync($"api/v1/assets/{id}/blocked", new { blocked = true })).EnsureStatus(204);

        var prolog = $"<REQUEST><DEVICEID>{xml.Root!.Element("DEVICEID")!.Value}</DEVICEID><QUERY>PROLOG</QUERY></REQUEST>";
        Assert.Equal("STOP", XDocument.Parse((await agent.PostXmlAsync(prolog)).Xml).Root!.Element("RESPONSE")!.Value);
        Assert.Equal(403, (await agent.PostXmlAsync(xml.ToString())).Status);
        (await admin.PutAsync($"api/v1/assets/{id}/blocked", new { blocked = false })).EnsureStatus(204);
        Assert.Equal("SEND", XDocument.Parse((await agent.PostXmlAsync(prolog)).Xml).Root!.Element("RESPONSE")!.Value);
    }

    [Fact]
    public async Task PlainAndGzipRequests_RepliesMirrorTheEncoding()
    {
        await using var server = await VigieTestServer.StartAsync();
        using var agent = new AgentClient(server.BaseAddress);
        var prolog = "<?xml version=\"1.0\"?><REQUEST><DEVICEID>pc-2026-01-02-03-04-05</DEVICEID><QUERY>PROLOG</QUERY></REQUEST>";
        var plain = await agent.PostAsync(Encoding.UTF8.GetBytes(prolog), "application/xml");
        Assert.Equal((byte)'<', plain.Body[0]);
        Assert.Contains("<RESPONSE>SEND</RESPONSE>", plain.Xml);

        using var gz = new MemoryStream();
        using (var g = new System.IO.Compression.GZipStream(gz, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            g.Write(Encoding.UTF8.GetBytes(prolog));
        }
        var gzip = await agent.PostAsync(gz.ToArray(), "application/x-compress-gzip");
        Assert.Equal(new byte[] { 0x1F, 0x8B }, gzip.Body[..2]);
        Assert.Contains("<RESPONSE>SEND</RESPONSE>", gzip.Xml);
    }

    [Fact]
    public async Task AgentSnmpResults_OcsAndFusion_BecomeNetworkAssets()
    {
        await using var server = await VigieTestServer.StartAsync();
        var admin = await server.SetupAdminAsync();
        using var ocs = new AgentClient(server.BaseAddress);
        using var fusion = new AgentClient(server.BaseAddress, AgentClient.FusionUserAgent);
        var ocsSnmp = await ocs.PostAsync(await File.ReadAllBytesAsync(SharedFixtures.Capture("ocs-14-snmp-scan", "003-SNMP-request.body.bin")));
        Assert.Equal(200, ocsSnmp.Status);
        Assert.Empty(ocsSnmp.Body);
        foreach (var n in new[] { "002", "003", "004", "005" })
        {
            var reply = await fusion.PostAsync(await File.ReadAllBytesAsync(SharedFixtures.Capture("fus-12-netinventory-snmpquery", $"{n}-SNMPQUERY-request.body.bin")));
            Assert.Equal(200, reply.Status);
            Assert.Equal("REPLY", XDocument.Parse(reply.Xml).Root!.Name.LocalName);
        }
        var network = (await admin.GetAsync("api/v1/assets?kind=network")).Json.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(network, a => a.GetProperty("source").GetString() == "ocs-snmp" && a.GetProperty("name").GetString() == "vm");
        var fusionDevice = network.Single(a => a.GetProperty("source").GetString() == "fusion-snmp");
        Assert.Equal("Net-SNMP", fusionDevice.GetProperty("manufacturer").GetString());
        var detail = (await admin.GetAsync($"api/v1/assets/{fusionDevice.GetProperty("id").GetGuid()}")).Json;
        Assert.Contains(detail.GetProperty("macs").EnumerateArray(), m => m.GetString() == "02:fc:00:00:00:01");
    }
}
