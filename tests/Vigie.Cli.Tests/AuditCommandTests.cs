using Microsoft.Data.Sqlite;
using Vigie.Testing;

namespace Vigie.Cli.Tests;

public sealed class AuditCommandTests
{
    [Fact]
    public async Task AuditList_ShowsTheEventsWithFilters_AndVerifyPasses()
    {
        await using var server = await TestServers.StartAsync();
        using var cli = await TestServers.AdminRunnerAsync(server);
        (await cli.RunAsync("user", "add", "probe", "--role", "auditor", "--api")).ExpectSuccess();

        var all = (await cli.RunAsync("audit", "list", "--json")).ExpectSuccess();
        var actions = all.Json.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("actionName").GetString()).ToList();
        Assert.Contains("identity.setup.completed", actions);
        Assert.Contains("identity.login.succeeded", actions);
        Assert.Contains("identity.user.created", actions);

        foreach (var filter in new[] { "identity.user.created", "1030" })
        {
            var filtered = (await cli.RunAsync("audit", "list", "--action", filter, "--actor", VigieTestServer.AdminName, "--json")).ExpectSuccess();
            var created = Assert.Single(filtered.Json.GetProperty("items").EnumerateArray());
            Assert.Equal("user:probe", created.GetProperty("target").GetString());
        }
        var two = (await cli.RunAsync("audit", "list", "--limit", "2", "--json")).ExpectSuccess();
        Assert.Equal(2, two.Json.GetProperty("items").GetArrayLength());
        Assert.NotNull(two.Json.GetProperty("nextCursor").GetString());
        var future = server.Clock.GetUtcNow().AddDays(1).ToString("O");
        var none = (await cli.RunAsync("audit", "list", "--from", future, "--json")).ExpectSuccess();
        Assert.Equal(0, none.Json.GetProperty("items").GetArrayLength());
        Assert.Contains("1030 identity.user.created", (await cli.RunAsync("audit", "list")).ExpectSuccess().Stdout);

        var verify = (await cli.RunAsync("audit", "verify")).ExpectSuccess();
        Assert.Contains("audit chain intact", verify.Stdout);
        Assert.True((await cli.RunAsync("audit", "verify", "--json")).ExpectSuccess().Json.GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task AlteredAuditRow_MakesVerifyExitSevenNamingTheRow()
    {
        await using var server = await TestServers.StartAsync();
        using var cli = await TestServers.AdminRunnerAsync(server);
        await using (var connection = new SqliteConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var tamper = connection.CreateCommand();
            tamper.CommandText = "UPDATE audit_events SET outcome = 'failure' WHERE seq = 1";
            Assert.Equal(1, await tamper.ExecuteNonQueryAsync());
        }

        var verify = (await cli.RunAsync("audit", "verify")).Expect(7);

        Assert.Contains("audit chain BROKEN at row #1", verify.Stdout);
        Assert.Contains("does not match its MAC", verify.Stdout);
        Assert.False((await cli.RunAsync("audit", "verify", "--json")).Expect(7).Json.GetProperty("valid").GetBoolean());
    }
}
