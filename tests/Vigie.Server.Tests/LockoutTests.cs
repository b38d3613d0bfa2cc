using Vigie.Testing;

namespace Vigie.Server.Tests;

public class LockoutTests
{
    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task FiveFailures_AccountLocked_UntilAdministratorUnlocks(TestDatabase db)
    {
        await using var server = await VigieTestServer.StartAsync(db);
        var admin = await server.SetupAdminAsync();
        var (_, id, password) = await server.CreateUserAsync(admin, "jdoe", "user");

        for (var i = 1; i <= 4; i++)
        {
            (await server.Anonymous.PostAsync("api/v1/auth/login", new { username = "jdoe", password = "Wrong!pass1", mode = "token" }))
                .EnsureProblem(401, "invalid_credentials");
        }
        // Four failures do not lock: the right password still works and resets the count.
        (await server.Anonymous.PostAsync("api/v1/auth/login", new { username = "jdoe", password, mode = "token" })).EnsureStatus(200);
        for (var i = 1; i <= 4; i++)
        {
            await server.Anonymous.PostAsync("api/v1/auth/login", new { username = "jdoe", password = "Wrong!pass1", mode = "token" });
        }
        (await server.Anonymous.PostAsync("api/v1/auth/login", new { username = "jdoe", password = "Wrong!pass1", mode = "token" }))
            .EnsureProblem(401, "account_locked");
        (await server.Anonymous.PostAsync("api/v1/auth/login", new { username = "jdoe", password, mode = "token" }))
            .EnsureProblem(401, "account_locked");
        var view = (await admin.GetAsync($"api/v1/users/{id}")).Json;
        Assert.True(view.GetProperty("locked").GetBoolean());
        Assert.Equal(5, view.GetProperty("failedLogins").GetInt32());

        (await admin.PostAsync($"api/v1/users/{id}/unlock")).EnsureStatus(200);
        (await server.Anonymous.PostAsync("api/v1/auth/login", new { username = "jdoe", password, mode = "token" })).EnsureStatus(200);

        var locked = (await admin.GetAsync("api/v1/audit/events?action=1012")).Json.GetProperty("items");
        Assert.Equal(1, locked.GetArrayLength());
        var unlocked = (await admin.GetAsync("api/v1/audit/events?action=identity.account.unlocked")).Json.GetProperty("items");
        Assert.Equal(1, unlocked.GetArrayLength());
    }

    [Fact]
    public async Task Lockout_ExpiresAfterConfiguredDelay()
    {
        await using var server = await VigieTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Identity:LockoutMinutes"] = "15" });
        var admin = await server.SetupAdminAsync();
        var (_, _, password) = await server.CreateUserAsync(admin, "jdoe", "user");
        for (var i = 0; i < 5; i++)
        {
            await server.Anonymous.PostAsync("api/v1/auth/login", new { username = "jdoe", password = "Wrong!pass1", mode = "token" });
        }
        server.Clock.Advance(TimeSpan.FromMinutes(14));
        (await server.Anonymous.PostAsync("api/v1/auth/login", new { username = "jdoe", password, mode = "token" })).EnsureProblem(401, "account_locked");
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        (await server.Anonymous.PostAsync("api/v1/auth/login", new { username = "jdoe", password, mode = "token" })).EnsureStatus(200);
    }

    [Fact]
    public async Task LockedAccount_ExistingTokensAndSessionsRefused()
    {
        await using var server = await VigieTestServer.StartAsync();
        var admin = await server.SetupAdminAsync();
        var (user, id, _) = await server.CreateUserAsync(admin, "jdoe", "user");
        (await user.GetAsync("api/v1/auth/me")).EnsureStatus(200);
        (await admin.PostAsync($"api/v1/users/{id}/lock")).EnsureStatus(200);
        (await user.GetAsync("api/v1/auth/me")).EnsureProblem(401, "invalid_token");
    }

    [Fact]
    public async Task LastAdministrator_CannotBeLockedOrDemoted()
    {
        await using var server = await VigieTestServer.StartAsync();
        var admin = await server.SetupAdminAsync();
        var me = (await admin.GetAsync("api/v1/auth/me")).Json.GetProperty("id").GetGuid();
        (await admin.PostAsync($"api/v1/users/{me}/lock")).EnsureProblem(409, "last_administrator");
        (await admin.PutAsync($"api/v1/users/{me}/role", new { role = "user" })).EnsureProblem(409, "last_administrator");
    }

    [Fact]
    public async Task SourceAddress_ThrottledAfterConfiguredFailures_AcrossUserNames()
    {
        await using var server = await VigieTestServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Identity:ThrottleMaxFailures"] = "6",
            ["Identity:ThrottleWindowSeconds"] = "60",
        });
        await server.SetupAdminAsync();
        for (var i = 0; i < 6; i++)
        {
            (await server.Anonymous.PostAsync("api/v1/auth/login", new { username = $"nobody{i}", password = "Wrong!pass1" }))
                .EnsureProblem(401, "invalid_credentials");
        }
        var throttled = await server.Anonymous.PostAsync("api/v1/auth/login",
            new { username = VigieTestServer.AdminName, password = VigieTestServer.AdminPassword });
        throttled.EnsureProblem(429, "too_many_attempts");
        Assert.NotNull(throttled.RetryAfter);
        server.Clock.Advance(TimeSpan.FromSeconds(61));
        (await server.Anonymous.PostAsync("api/v1/auth/login", new { username = VigieTestServer.AdminName, password = VigieTestServer.AdminPassword, mode = "token" }))
            .EnsureStatus(200);
    }
}
