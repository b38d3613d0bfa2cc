using Vigie.Testing;

namespace Vigie.Server.Tests;

public class TokenTests
{
    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task ScopedToken_OutOfScopeRefused_RevokedRefused(TestDatabase db)
    {
        await using var server = await VigieTestServer.StartAsync(db);
        var admin = await server.SetupAdminAsync();
        var created = (await admin.PostAsync("api/v1/tokens", new { name = "reader", scopes = new[] { "users.read" }, expiresInDays = 30 }))
            .EnsureStatus(201).Json;
        var secret = CapturedLogs.Secret("api token", created.GetProperty("secret").GetString()!);
        Assert.StartsWith("vgt_", secret);
        using var reader = new ApiClient(server.BaseAddress, secret);

        (await reader.GetAsync("api/v1/users")).EnsureStatus(200);
        (await reader.GetAsync("api/v1/audit/events")).EnsureProblem(403, "forbidden");
        (await reader.PostAsync("api/v1/users", new { username = "x1", role = "user", password = "Abcd1!xyz" })).EnsureProblem(403, "forbidden");

        // The listing never shows a secret.
        var listed = (await admin.GetAsync("api/v1/tokens")).EnsureStatus(200);
        Assert.DoesNotContain(secret, listed.Body);
        Assert.DoesNotContain(secret[^20..], listed.Body);

        var id = created.GetProperty("token").GetProperty("id").GetGuid();
        (await admin.DeleteAsync($"api/v1/tokens/{id}")).EnsureStatus(200);
        (await reader.GetAsync("api/v1/users")).EnsureProblem(401, "invalid_token");
        var revoked = (await admin.GetAsync("api/v1/audit/events?action=identity.token.revoked")).Json.GetProperty("items");
        Assert.Equal(1, revoked.GetArrayLength());
    }

    [Fact]
    public async Task ExpiredToken_Refused()
    {
        await using var server = await VigieTestServer.StartAsync();
        var admin = await server.SetupAdminAsync();
        var created = (await admin.PostAsync("api/v1/tokens", new { name = "short", scopes = new[] { "*" }, expiresInDays = 1 })).EnsureStatus(201).Json;
        using var client = new ApiClient(server.BaseAddress, CapturedLogs.Secret("api token", created.GetProperty("secret").GetString()!));
        (await client.GetAsync("api/v1/auth/me")).EnsureStatus(200);
        server.Clock.Advance(TimeSpan.FromDays(1).Add(TimeSpan.FromSeconds(1)));
        (await client.GetAsync("api/v1/auth/me")).EnsureProblem(401, "invalid_token");
    }

    [Theory]
    [InlineData("vgt_garbage")]
    [InlineData("vgt_0190a0a0a0a0a0a0a0a0a0a0a0a0a0a0_abcdefabcdefabcdefabcdefabcdefabcdef")]
    public async Task ForgedToken_Refused(string forged)
    {
        await using var server = await VigieTestServer.StartAsync();
        await server.SetupAdminAsync();
        using var client = new ApiClient(server.BaseAddress, forged);
        (await client.GetAsync("api/v1/auth/me")).EnsureProblem(401, "invalid_token");
    }

    [Fact]
    public async Task TamperedSecret_SameId_Refused()
    {
        await using var server = await VigieTestServer.StartAsync();
        var admin = await server.SetupAdminAsync();
        var bearer = admin.Bearer!;
        var tampered = bearer[..^1] + (bearer[^1] == 'A' ? 'B' : 'A');
        using var client = new ApiClient(server.BaseAddress, tampered);
        (await client.GetAsync("api/v1/auth/me")).EnsureProblem(401, "invalid_token");
    }

    [Fact]
    public async Task TokenRequests_BeyondRoleOrLimits_Refused()
    {
        await using var server = await VigieTestServer.StartAsync();
        var admin = await server.SetupAdminAsync();
        var (user, userId, _) = await server.CreateUserAsync(admin, "jdoe", "user");

        (await user.PostAsync("api/v1/tokens", new { name = "x", scopes = new[] { "audit.read" } })).EnsureProblem(400, "validation_failed");
        (await user.PostAsync("api/v1/tokens", new { name = "x", scopes = new[] { "nope" } })).EnsureProblem(400, "validation_failed");
        (await user.PostAsync("api/v1/tokens", new { name = "x", scopes = new[] { "*" }, expiresInDays = 400 })).EnsureProblem(400, "validation_failed");
        (await user.PostAsync("api/v1/tokens", new { name = "x", scopes = new[] { "*" }, expiresInDays = 0 })).EnsureProblem(400, "validation_failed");
        (await admin.PostAsync("api/v1/tokens", new { name = "x", scopes = new[] { "*" }, userId })).EnsureProblem(400, "validation_failed");

        var own = (await user.PostAsync("api/v1/tokens", new { name = "mine", scopes = new[] { "*" } })).EnsureStatus(201).Json;
        CapturedLogs.Secret("api token", own.GetProperty("secret").GetString()!);
        var adminToken = (await admin.GetAsync("api/v1/tokens")).Json[0].GetProperty("id").GetGuid();
        // Someone else's token looks absent to a user who may not manage it.
        (await user.DeleteAsync($"api/v1/tokens/{adminToken}")).EnsureProblem(404, "not_found");
        (await user.GetAsync("api/v1/tokens?all=true")).EnsureProblem(403, "forbidden");
    }

    [Fact]
    public async Task ApiUser_TokensOnly_PasswordLoginRefused()
    {
        await using var server = await VigieTestServer.StartAsync();
        var admin = await server.SetupAdminAsync();
        (await admin.PostAsync("api/v1/users", new { username = "robot", role = "operator", kind = "api", password = "Abcd1!xyz" }))
            .EnsureProblem(400, "validation_failed");
        var (robot, _) = await server.CreateApiUserAsync(admin, "robot", "auditor", "audit.read", "profile");
        (await robot.GetAsync("api/v1/audit/events")).EnsureStatus(200);
        (await robot.GetAsync("api/v1/users")).EnsureProblem(403, "forbidden");
        (await server.Anonymous.PostAsync("api/v1/auth/login", new { username = "robot", password = "anything1!A" })).EnsureProblem(401, "invalid_credentials");
        (await robot.PostAsync("api/v1/auth/mfa/totp")).EnsureProblem(403, "api_user_has_no_mfa");
    }
}
