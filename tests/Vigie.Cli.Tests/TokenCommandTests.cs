using Vigie.Testing;

namespace Vigie.Cli.Tests;

public sealed class TokenCommandTests
{
    [Fact]
    public async Task CreatedToken_IsListedThenRevoked_AndThenRefusedWithExitThree()
    {
        await using var server = await TestServers.StartAsync();
        using var admin = await TestServers.AdminRunnerAsync(server);

        var created = (await admin.RunAsync("token", "create", "--name", "ci", "--scope", "users.read", "--scope", "audit.read", "--days", "7",
            "--json")).ExpectSuccess();
        var secret = CapturedLogs.Secret("api token", created.Json.GetProperty("secret").GetString()!);
        var id = created.Json.GetProperty("token").GetProperty("id").GetString()!;
        var scopes = created.Json.GetProperty("token").GetProperty("scopes").EnumerateArray().Select(s => s.GetString());
        Assert.Equal(["users.read", "audit.read"], scopes);

        using var ci = new CliRunner(server.BaseAddress);
        ci.Environment["VIGIE_TOKEN"] = secret;
        (await ci.RunAsync("user", "list")).ExpectSuccess();

        var list = (await admin.RunAsync("token", "list", "--json")).ExpectSuccess();
        Assert.Contains(list.Json.EnumerateArray(), t => t.GetProperty("id").GetString() == id && t.GetProperty("name").GetString() == "ci");
        var table = (await admin.RunAsync("token", "list")).ExpectSuccess();
        Assert.Contains("users.read audit.read", table.Stdout);
        Assert.DoesNotContain(secret, table.Stdout);

        var revoked = (await admin.RunAsync("token", "revoke", id)).ExpectSuccess();
        Assert.Contains("revoked token 'ci'", revoked.Stdout);

        var refused = (await ci.RunAsync("user", "list")).Expect(3);
        Assert.Contains("(invalid_token)", refused.Stderr);
        Assert.DoesNotContain(secret, refused.Stderr);
    }

    [Fact]
    public async Task HumanTokenCreate_PrintsTheSecretOnceWithAWarning()
    {
        await using var server = await TestServers.StartAsync();
        using var admin = await TestServers.AdminRunnerAsync(server);

        var created = (await admin.RunAsync("token", "create", "--name", "laptop")).ExpectSuccess();

        var secret = created.Stdout.Split('\n', StringSplitOptions.TrimEntries).Single(l => l.StartsWith("vgt_", StringComparison.Ordinal));
        CapturedLogs.Secret("api token", secret);
        Assert.Contains("created token 'laptop' for admin", created.Stdout);
        Assert.Contains("scopes profile tokens.self", created.Stdout);
        Assert.Contains("only time", created.Stderr);
    }

    [Fact]
    public async Task TokenForAnApiUserByName_IsOwnedByIt_AndListedWithAll()
    {
        await using var server = await TestServers.StartAsync();
        using var admin = await TestServers.AdminRunnerAsync(server);
        (await admin.RunAsync("user", "add", "feeder", "--role", "operator", "--api")).ExpectSuccess();

        var created = (await admin.RunAsync("token", "create", "--name", "feed", "--user", "feeder", "--json")).ExpectSuccess();
        CapturedLogs.Secret("api token", created.Json.GetProperty("secret").GetString()!);

        Assert.Equal("feeder", created.Json.GetProperty("token").GetProperty("owner").GetString());
        var mine = (await admin.RunAsync("token", "list", "--json")).ExpectSuccess();
        Assert.DoesNotContain(mine.Json.EnumerateArray(), t => t.GetProperty("owner").GetString() == "feeder");
        var all = (await admin.RunAsync("token", "list", "--all", "--json")).ExpectSuccess();
        Assert.Contains(all.Json.EnumerateArray(), t => t.GetProperty("owner").GetString() == "feeder");
    }
}
