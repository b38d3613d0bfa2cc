using Vigie.Testing;

namespace Vigie.Server.Tests;

public class PasswordPolicyTests
{
    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task NewUser_EachCompositionRule_Enforced(TestDatabase db)
    {
        await using var server = await VigieTestServer.StartAsync(db);
        var admin = await server.SetupAdminAsync();
        var cases = new (string Password, string Role, string Message)[]
        {
            ("Abcd1!x", "user", "at least 8"),
            ("Abcdef1!x", "administrator", "at least 10"),
            ("12345678!", "user", "a letter"),
            ("Abcdefgh!", "user", "a digit"),
            ("Abcdefgh1", "user", "a symbol"),
        };
        foreach (var (password, role, message) in cases)
        {
            var response = await admin.PostAsync("api/v1/users", new { username = "jdoe", role, password });
            response.EnsureProblem(400, "validation_failed");
            Assert.Contains(message, response.Json.GetProperty("errors").GetProperty("password")[0].GetString());
        }
        (await admin.PostAsync("api/v1/users", new { username = "jdoe", role = "user", password = "Abcd1!xy" })).EnsureStatus(201);
        (await admin.PostAsync("api/v1/users", new { username = "boss", role = "administrator", password = "Abcdef1!xy" })).EnsureStatus(201);
        var list = (await admin.GetAsync("api/v1/users")).Json.GetProperty("items");
        Assert.Equal(3, list.GetArrayLength());
    }

    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task FirstLogin_ChangeForcedBeforeAnyOtherAction(TestDatabase db)
    {
        await using var server = await VigieTestServer.StartAsync(db);
        var admin = await server.SetupAdminAsync();
        (await admin.PostAsync("api/v1/users", new { username = "auditor1", role = "auditor", password = "Init!pass1" })).EnsureStatus(201);
        var login = (await server.Anonymous.PostAsync("api/v1/auth/login", new { username = "auditor1", password = "Init!pass1", mode = "token" })).EnsureStatus(200);
        Assert.True(login.Json.GetProperty("passwordChangeRequired").GetBoolean());
        using var user = new ApiClient(server.BaseAddress, CapturedLogs.Secret("api token", login.Json.GetProperty("token").GetString()!));

        (await user.GetAsync("api/v1/audit/events")).EnsureProblem(403, "password_change_required");
        (await user.GetAsync("api/v1/auth/me")).EnsureStatus(200);
        (await user.PostAsync("api/v1/auth/password", new { currentPassword = "Init!pass1", newPassword = "Init!pass1" }))
            .EnsureProblem(400, "validation_failed");
        (await user.PostAsync("api/v1/auth/password", new { currentPassword = "wrong", newPassword = "New!pass22" }))
            .EnsureProblem(400, "validation_failed");
        (await user.PostAsync("api/v1/auth/password", new { currentPassword = "Init!pass1", newPassword = "New!pass22" })).EnsureStatus(204);
        (await user.GetAsync("api/v1/audit/events")).EnsureStatus(200);
    }

    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task PasswordOlderThanFourMonths_ChangeForced(TestDatabase db)
    {
        // Login tokens last 12 h by default; this scenario crosses a day with one.
        await using var server = await VigieTestServer.StartAsync(db, new Dictionary<string, string?> { ["Identity:LoginTokenHours"] = "48" });
        await server.SetupAdminAsync();

        server.Clock.Advance(TimeSpan.FromDays(119));
        var admin = await server.LoginAsync(VigieTestServer.AdminName, VigieTestServer.AdminPassword);
        (await admin.GetAsync("api/v1/users")).EnsureStatus(200);

        server.Clock.Advance(TimeSpan.FromDays(1));
        (await admin.GetAsync("api/v1/users")).EnsureProblem(403, "password_change_required");
        var me = (await admin.GetAsync("api/v1/auth/me")).EnsureStatus(200);
        Assert.True(me.Json.GetProperty("passwordChangeRequired").GetBoolean());
        var relogin = (await server.Anonymous.PostAsync("api/v1/auth/login",
            new { username = VigieTestServer.AdminName, password = VigieTestServer.AdminPassword, mode = "token" })).EnsureStatus(200);
        Assert.True(relogin.Json.GetProperty("passwordChangeRequired").GetBoolean());
        CapturedLogs.Secret("api token", relogin.Json.GetProperty("token").GetString()!);
        (await admin.PostAsync("api/v1/auth/password", new { currentPassword = VigieTestServer.AdminPassword, newPassword = "Fresh!Passw0rd" }))
            .EnsureStatus(204);
        (await admin.GetAsync("api/v1/users")).EnsureStatus(200);
    }

    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task LastFivePasswords_NotReused_SixthBackIsAllowed(TestDatabase db)
    {
        await using var server = await VigieTestServer.StartAsync(db);
        var admin = await server.SetupAdminAsync();
        var history = new List<string> { VigieTestServer.AdminPassword };
        for (var i = 1; i <= 4; i++)
        {
            var next = $"Rotation!{i}abcd";
            (await admin.PostAsync("api/v1/auth/password", new { currentPassword = history[^1], newPassword = next })).EnsureStatus(204);
            history.Add(next);
        }
        // The last five are the original and the four rotations: each refused.
        foreach (var old in history)
        {
            var refused = await admin.PostAsync("api/v1/auth/password", new { currentPassword = history[^1], newPassword = old });
            refused.EnsureProblem(400, "validation_failed");
            Assert.Contains("last 5", refused.Json.GetProperty("errors").GetProperty("newPassword")[0].GetString());
        }
        (await admin.PostAsync("api/v1/auth/password", new { currentPassword = history[^1], newPassword = "Rotation!5abcd" })).EnsureStatus(204);
        // The original is now sixth back: allowed again.
        (await admin.PostAsync("api/v1/auth/password", new { currentPassword = "Rotation!5abcd", newPassword = VigieTestServer.AdminPassword }))
            .EnsureStatus(204);
    }
}
