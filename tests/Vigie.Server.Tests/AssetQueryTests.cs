using Vigie.Testing;

namespace Vigie.Server.Tests;

public class AssetQueryTests
{
    private static string Machine(string name, string os, string tag, string openssl) =>
        $"<REQUEST><DEVICEID>{name}-2026-01-01-00-00-00</DEVICEID><QUERY>INVENTORY</QUERY><CONTENT>"
        + $"<HARDWARE><NAME>{name}</NAME><OSNAME>{os}</OSNAME></HARDWARE><ACCOUNTINFO><KEYNAME>TAG</KEYNAME><KEYVALUE>{tag}</KEYVALUE></ACCOUNTINFO>"
        + $"<SOFTWARES><NAME>openssl</NAME><VERSION>{openssl}</VERSION><FROM>deb</FROM><ARCHITECTURE>amd64</ARCHITECTURE></SOFTWARES>"
        + "<SOFTWARES><NAME>7-Zip 23.01 (x64)</NAME><VERSION>23.01</VERSION><PUBLISHER>Igor Pavlov</PUBLISHER></SOFTWARES>"
        + "</CONTENT></REQUEST>";

    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task Filters_OsTagSoftwareVersionAndNotSeen(TestDatabase db)
    {
        await using var server = await VigieTestServer.StartAsync(db);
        await server.SetupAdminAsync();
        using var agent = new AgentClient(server.BaseAddress);
        Assert.Equal(200, (await agent.PostXmlAsync(Machine("srv-old", "Debian GNU/Linux 11", "DMZ", "1.1.1w-0+deb11u1"))).Status);
        server.Clock.Advance(TimeSpan.FromDays(40));
        Assert.Equal(200, (await agent.PostXmlAsync(Machine("srv-new", "Debian GNU/Linux 12", "LAN", "3.0.11-1~deb12u2"))).Status);
        Assert.Equal(200, (await agent.PostXmlAsync(Machine("=cmd|calc", "Windows 11", "LAN", "3.0.13"))).Status);
        var admin = await server.LoginAsync(VigieTestServer.AdminName, VigieTestServer.AdminPassword);

        async Task<List<string>> Names(string query) => (await admin.GetAsync("api/v1/assets?" + query)).EnsureStatus(200).Json.GetProperty("items")
            .EnumerateArray().Select(a => a.GetProperty("name").GetString()!).ToList();

        Assert.Equal(["srv-old"], await Names("os=linux 11"));
        Assert.Equal(["=cmd|calc", "srv-new"], await Names("tag=LAN"));
        Assert.Equal(["srv-old"], await Names("notSeenDays=30"));
        Assert.Equal(["srv-old"], await Names("software=openssl&version=" + Uri.EscapeDataString("<3.0.11")));
        Assert.Equal(["=cmd|calc", "srv-new"], await Names("software=OpenSSL&version=" + Uri.EscapeDataString(">=3.0.11")));
        Assert.Equal(["srv-new"], await Names("q=new"));
        (await admin.GetAsync("api/v1/assets?version=" + Uri.EscapeDataString("<1"))).EnsureProblem(400, "validation_failed");
        (await admin.GetAsync("api/v1/assets?software=x&version=" + Uri.EscapeDataString("<1; DROP TABLE x"))).EnsureProblem(400, "validation_failed");

        var page = (await admin.GetAsync("api/v1/assets?limit=2")).Json;
        var next = page.GetProperty("nextCursor").GetString();
        Assert.NotNull(next);
        var rest = (await admin.GetAsync($"api/v1/assets?limit=2&cursor={Uri.EscapeDataString(next!)}")).Json.GetProperty("items");
        Assert.Equal(1, rest.GetArrayLength());

        var found = (await admin.GetAsync("api/v1/software?name=7-zip*")).Json;
        Assert.Equal(3, found.GetArrayLength());

        var csv = (await admin.GetAsync("api/v1/assets/export.csv")).EnsureStatus(200);
        Assert.Equal("text/csv", csv.ContentType);
        var lines = csv.Body.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("id,name,kind,", lines[0]);
        // The formula-looking host name is neutralised for spreadsheets.
        Assert.Contains(lines, l => l.Contains(",'=cmd|calc,", StringComparison.Ordinal));
    }
}
