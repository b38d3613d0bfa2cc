using System.Text.Json;
using Vigie.Testing;

namespace Vigie.Cli.Tests;

public sealed class UserCommandTests
{
    [Fact]
    public async Task AddedUser_IsListed_LockedUnlockedAndGivenANewRole()
    {
        await using var server = await TestServers.StartAsync();
        using var cli = await TestServers.AdminRunnerAsync(server);
        var initial = CapturedLogs.Secret("password", "Wonder#Init42");

        var added = (await cli.RunWithInputAsync(initial + "\n", "user", "add", "alice", "--role", "operator", "--display-name", "Alice A.",
            "--password-stdin")).ExpectSuccess();
        Assert.Contains("created human user alice (operator)", added.Stdout);

        var alice = Find((await cli.RunAsync("user", "list", "--json")).ExpectSuccess(), "alice");
        Assert.Equal("operator", alice.GetProperty("role").GetString());
        Assert.Equal("human", alice.GetProperty("kind").GetString());
        Assert.Equal("Alice A.", alice.GetProperty("displayName").GetString());
        Assert.True(alice.GetProperty("passwordChangeRequired").GetBoolean());
        Assert.False(alice.GetProperty("locked").GetBoolean());

        Assert.Contains("locked alice", (await cli.RunAsync("user", "lock", "alice")).ExpectSuccess().Stdout);
        Assert.True(Find(await cli.RunAsync("user", "list", "--search", "ali", "--json"), "alice").GetProperty("locked").GetBoolean());
        var table = (await cli.RunAsync("user", "list")).ExpectSuccess();
        Assert.Contains("Username", table.Stdout);
        Assert.Contains("locked", table.Stdout);

        (await cli.RunAsync("user", "unlock", "ALICE")).ExpectSuccess();
        Assert.False(Find(await cli.RunAsync("user", "list", "--json"), "alice").GetProperty("locked").GetBoolean());

        var role = (await cli.RunAsync("user", "set-role", alice.GetProperty("id").GetString()!, "auditor")).ExpectSuccess();
        Assert.Contains("alice is now auditor", role.Stdout);
        Assert.Equal("auditor", Find(await cli.RunAsync("user", "list", "--json"), "alice").GetProperty("role").GetString());
    }

    [Fact]
    public async Task ApiUser_IsCreatedWithoutPassword_AndListingFollowsCursors()
    {
        await using var server = await TestServers.StartAsync();
        using var cli = await TestServers.AdminRunnerAsync(server);

        foreach (var name in new[] { "bot-a", "bot-b", "bot-c" })
        {
            var created = (await cli.RunAsync("user", "add", name, "--role", "auditor", "--api", "--json")).ExpectSuccess();
            Assert.Equal("api", created.Json.GetProperty("kind").GetString());
        }

        var all = (await cli.RunAsync("user", "list", "--json")).ExpectSuccess();
        Assert.Equal(4, all.Json.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, all.Json.GetProperty("nextCursor").ValueKind);
        var firstTwo = (await cli.RunAsync("user", "list", "--search", "bot", "--limit", "2", "--json")).ExpectSuccess();
        Assert.Equal(["bot-a", "bot-b"], firstTwo.Json.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("username").GetString()));
        Assert.Equal(JsonValueKind.String, firstTwo.Json.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task UnknownUser_ExitsFive()
    {
        await using var server = await TestServers.StartAsync();
        using var cli = await TestServers.AdminRunnerAsync(server);

        var byName = (await cli.RunAsync("user", "lock", "nobody")).Expect(5);
        Assert.Contains("no user named 'nobody'", byName.Stderr);
        var byId = (await cli.RunAsync("user", "lock", Guid.NewGuid().ToString())).Expect(5);
        Assert.Contains("(not_found)", byId.Stderr);
    }

    [Fact]
    public async Task UserRoleAccount_IsRefusedWithExitFourAndTheProblemCode()
    {
        await using var server = await TestServers.StartAsync();
        using var admin = await server.SetupAdminAsync().WaitAsync(TestServers.StartTimeout);
        var created = await server.CreateUserAsync(admin, "bob", "user").WaitAsync(TestServers.StartTimeout);
        using var bob = created.Client;
        var password = CapturedLogs.Secret("password", "Eve#Pass1234");
        using var cli = new CliRunner(server.BaseAddress);
        cli.Environment["VIGIE_TOKEN"] = bob.Bearer;

        var refused = (await cli.RunAsync("user", "list")).Expect(4);
        Assert.Contains("error: You are not allowed to do this. (forbidden)", refused.Stderr);
        Assert.Contains("users.read", refused.Stderr);

        var json = (await cli.RunWithInputAsync(password + "\n", "user", "add", "eve", "--role", "user", "--password-stdin", "--json")).Expect(4);
        Assert.Contains("\"code\":\"forbidden\"", json.Stderr);
        Assert.Equal("", json.Stdout);
    }

    private static JsonElement Find(CliResult list, string username) =>
        list.ExpectSuccess().Json.GetProperty("items").EnumerateArray().Single(u => u.GetProperty("username").GetString() == username);
}
