using Vigie.Testing;

namespace Vigie.Server.Tests;

public class SessionCookieTests
{
    private static async Task<(ApiClient Client, string Csrf, IReadOnlyList<string> Cookies)> BrowserLoginAsync(VigieTestServer server)
    {
        var response = (await server.Anonymous.PostAsync("api/v1/auth/login",
            new { username = VigieTestServer.AdminName, password = VigieTestServer.AdminPassword, mode = "cookie" })).EnsureStatus(200);
        var session = response.SetCookies.Single(c => c.StartsWith("vigie_session=", StringComparison.Ordinal));
        var value = CapturedLogs.Secret("session", session.Split(';')[0]["vigie_session=".Length..]);
        var csrf = CapturedLogs.Secret("csrf", response.Json.GetProperty("csrfToken").GetString()!);
        Assert.Equal(JsonValueKindNull(), response.Json.GetProperty("token").ValueKind);
        var client = new ApiClient(server.BaseAddress, null);
        client.Headers["Cookie"] = $"vigie_session={value}";
        return (client, csrf, response.SetCookies);
    }

    private static System.Text.Json.JsonValueKind JsonValueKindNull() => System.Text.Json.JsonValueKind.Null;

    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task SessionCookie_SecureHttpOnlySameSite_AntiForgeryOnStateChanges(TestDatabase db)
    {
        await using var server = await VigieTestServer.StartAsync(db);
        await server.SetupAdminAsync();
        var (browser, csrf, cookies) = await BrowserLoginAsync(server);
        var session = cookies.Single(c => c.StartsWith("vigie_session=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("httponly", session);
        Assert.Contains("secure", session);
        Assert.Contains("samesite=strict", session);

        (await browser.GetAsync("api/v1/users")).EnsureStatus(200);
        var create = new { username = "jdoe", role = "user", password = "Abcd1!xyz" };
        (await browser.PostAsync("api/v1/users", create)).EnsureProblem(403, "csrf_failed");
        browser.Headers["X-CSRF-Token"] = "forged-value-that-is-long-enough";
        (await browser.PostAsync("api/v1/users", create)).EnsureProblem(403, "csrf_failed");
        browser.Headers["X-CSRF-Token"] = csrf;
        (await browser.PostAsync("api/v1/users", create)).EnsureStatus(201);

        (await browser.PostAsync("api/v1/auth/logout")).EnsureStatus(204);
        (await browser.GetAsync("api/v1/users")).EnsureProblem(401, "session_expired");
    }

    [Fact]
    public async Task Session_IdleTimeout_Expires()
    {
        await using var server = await VigieTestServer.StartAsync();
        await server.SetupAdminAsync();
        var (browser, _, _) = await BrowserLoginAsync(server);
        server.Clock.Advance(TimeSpan.FromMinutes(29));
        (await browser.GetAsync("api/v1/auth/me")).EnsureStatus(200);
        server.Clock.Advance(TimeSpan.FromMinutes(29));
        (await browser.GetAsync("api/v1/auth/me")).EnsureStatus(200);
        server.Clock.Advance(TimeSpan.FromMinutes(31));
        (await browser.GetAsync("api/v1/auth/me")).EnsureProblem(401, "session_expired");
    }
}
