using System.Text;
using Vigie.Testing;

namespace Vigie.Server.Tests;

/// <summary>Every hostile or malformed agent message gets a clear 4xx and changes nothing.</summary>
public class HostileAgentInputTests
{
    private const string DeviceId = "pc-2026-01-02-03-04-05";

    private static string Inventory(string name = "pc") =>
        $"<REQUEST><DEVICEID>{DeviceId}</DEVICEID><QUERY>INVENTORY</QUERY><CONTENT><HARDWARE><NAME>{name}</NAME></HARDWARE></CONTENT></REQUEST>";

    private static async Task AssertNothingStoredAsync(VigieTestServer server)
    {
        var admin = await server.LoginAsync(VigieTestServer.AdminName, VigieTestServer.AdminPassword);
        Assert.Equal(0, (await admin.GetAsync("api/v1/assets")).EnsureStatus(200).Json.GetProperty("items").GetArrayLength());
    }

    public static TheoryData<string, string, int, string> Cases => new()
    {
        { "xxe", "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" + Inventory("&x;"), 400, "doctype_refused" },
        { "billion laughs", "<!DOCTYPE r [<!ENTITY a \"aaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>" + Inventory("&b;"), 400, "doctype_refused" },
        { "malformed", "<REQUEST><DEVICEID>" + DeviceId + "</DEVICEID><QUERY>INVENTORY</QUERY><CONTENT><HARDWARE>", 400, "malformed_xml" },
        { "bad device id", Inventory().Replace(DeviceId, "pc-2026", StringComparison.Ordinal), 400, "invalid_device_id" },
        { "no device id", "<REQUEST><QUERY>PROLOG</QUERY></REQUEST>", 400, "invalid_device_id" },
        { "unknown query", Inventory().Replace("INVENTORY", "UPDATE", StringComparison.Ordinal), 400, "unknown_query" },
        { "wrong root", $"<REPLY><DEVICEID>{DeviceId}</DEVICEID><QUERY>PROLOG</QUERY></REPLY>", 400, "not_an_agent_request" },
        { "inventory without content", $"<REQUEST><DEVICEID>{DeviceId}</DEVICEID><QUERY>INVENTORY</QUERY></REQUEST>", 400, "missing_content" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task HostileDocument_Refused_NothingStored(string name, string xml, int status, string code)
    {
        await using var server = await VigieTestServer.StartAsync();
        await server.SetupAdminAsync();
        using var agent = new AgentClient(server.BaseAddress);
        var reply = await agent.PostXmlAsync(xml);
        Assert.True(reply.Status == status, $"{name}: {reply.Status} {Encoding.UTF8.GetString(reply.Body)}");
        Assert.Contains($"\"code\":\"{code}\"", Encoding.UTF8.GetString(reply.Body));
        Assert.DoesNotContain("root:", Encoding.UTF8.GetString(reply.Body));
        await AssertNothingStoredAsync(server);
    }

    [Fact]
    public async Task ZipBomb_DecompressionCapped()
    {
        await using var server = await VigieTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Inventory:MaxDecompressedBytes"] = "1048576" });
        await server.SetupAdminAsync();
        using var agent = new AgentClient(server.BaseAddress);
        var padding = new string(' ', 64 * 1024 * 1024);
        var bomb = AgentClient.Zlib(Encoding.ASCII.GetBytes(Inventory().Replace("<NAME>", padding + "<NAME>", StringComparison.Ordinal)));
        Assert.True(bomb.Length < 200_000);
        var reply = await agent.PostAsync(bomb);
        Assert.Equal(413, reply.Status);
        Assert.Contains("decompressed_body_too_large", Encoding.UTF8.GetString(reply.Body));
        await AssertNothingStoredAsync(server);
    }

    [Fact]
    public async Task OversizedBody_Refused()
    {
        await using var server = await VigieTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Inventory:MaxBodyBytes"] = "4096" });
        await server.SetupAdminAsync();
        using var agent = new AgentClient(server.BaseAddress);
        var big = Encoding.UTF8.GetBytes(Inventory().Replace("<NAME>", new string(' ', 10_000) + "<NAME>", StringComparison.Ordinal));
        Assert.Equal(413, (await agent.PostAsync(big, "application/xml")).Status);
        await AssertNothingStoredAsync(server);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x78, 0x9C, 0x01, 0x02, 0x03 })]
    [InlineData(new byte[] { 0x1F, 0x8B, 0x08, 0x00 })]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04 })]
    public async Task GarbageBody_Refused(byte[] body)
    {
        await using var server = await VigieTestServer.StartAsync();
        await server.SetupAdminAsync();
        using var agent = new AgentClient(server.BaseAddress);
        Assert.Equal(400, (await agent.PostAsync(body)).Status);
        await AssertNothingStoredAsync(server);
    }

    [Fact]
    public async Task BasicAuthConfigured_ChallengeWrongAndRightCredentials()
    {
        await using var server = await VigieTestServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Inventory:AgentUsername"] = "ocsagent",
            ["Inventory:AgentPassword"] = CapturedLogs.Secret("agent password", "Agent!Pass42"),
            ["Inventory:AgentRealm"] = "OCS-Inventory",
        });
        var admin = await server.SetupAdminAsync();
        using var agent = new AgentClient(server.BaseAddress);
        var challenge = await agent.PostXmlAsync(Inventory());
        Assert.Equal(401, challenge.Status);
        Assert.Equal("Basic realm=\"OCS-Inventory\"", challenge.WwwAuthenticate);

        agent.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("ocsagent:wrong")));
        Assert.Equal(401, (await agent.PostXmlAsync(Inventory())).Status);
        Assert.Equal(1, (await admin.GetAsync("api/v1/audit/events?action=inventory.agent.refused")).Json.GetProperty("items").GetArrayLength());

        agent.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("ocsagent:Agent!Pass42")));
        Assert.Equal(200, (await agent.PostXmlAsync(Inventory())).Status);
        Assert.Equal(1, (await admin.GetAsync("api/v1/assets")).Json.GetProperty("items").GetArrayLength());
    }
}
