using Vigie.Testing;

namespace Vigie.Server.Tests;

/// <summary><c>Server:TrustedProxies</c>: the client named by a trusted proxy is audited and throttled; nobody else can pick their address.</summary>
public class ReverseProxyTests
{
    private static Dictionary<string, string?> Settings(string? trusted) => new()
    {
        ["Server:TrustedProxies"] = trusted,
        ["Identity:ThrottleMaxFailures"] = "2",
        ["Identity:ThrottleWindowSeconds"] = "60",
    };

    private static async Task<ApiResponse> LoginFromAsync(VigieTestServer server, string forwardedFor, string password)
    {
        using var client = new ApiClient(server.BaseAddress, null);
        client.Headers["X-Forwarded-For"] = forwardedFor;
        return await client.PostAsync("api/v1/auth/login", new { username = VigieTestServer.AdminName, password, mode = "token" });
    }

    [Fact]
    public async Task TrustedProxy_ClientAddressFromXForwardedFor_IsAuditedAndThrottledOnItsOwn()
    {
        await using var server = await VigieTestServer.StartAsync(settings: Settings("127.0.0.1; 10.0.0.0/8"));
        using var admin = await server.SetupAdminAsync();

        // 10.1.2.3 is a trusted hop too: the client is the last address before the trusted ones.
        for (var i = 0; i < 2; i++)
        {
            (await LoginFromAsync(server, "198.51.100.9, 203.0.113.7, 10.1.2.3", "Wrong!pass1")).EnsureProblem(401, "invalid_credentials");
        }
        (await LoginFromAsync(server, "203.0.113.7", VigieTestServer.AdminPassword)).EnsureProblem(429, "too_many_attempts");
        (await LoginFromAsync(server, "192.0.2.44", VigieTestServer.AdminPassword)).EnsureStatus(200);

        var events = (await admin.GetAsync("api/v1/audit/events?action=identity.login.failed")).EnsureStatus(200).Json.GetProperty("items").EnumerateArray()
            .Select(e => e.GetProperty("source").GetString()).ToList();
        Assert.Equal(["203.0.113.7", "203.0.113.7"], events);
        var succeeded = (await admin.GetAsync("api/v1/audit/events?action=identity.login.succeeded")).EnsureStatus(200).Json.GetProperty("items").EnumerateArray()
            .Select(e => e.GetProperty("source").GetString()).ToList();
        Assert.Contains("192.0.2.44", succeeded);
    }

    [Fact]
    public async Task NoTrustedProxy_XForwardedForIsIgnored_SoAClientCannotEscapeThrottling()
    {
        await using var server = await VigieTestServer.StartAsync(settings: Settings(null));
        using var admin = await server.SetupAdminAsync();

        (await LoginFromAsync(server, "203.0.113.7", "Wrong!pass1")).EnsureProblem(401, "invalid_credentials");
        (await LoginFromAsync(server, "203.0.113.8", "Wrong!pass1")).EnsureProblem(401, "invalid_credentials");
        (await LoginFromAsync(server, "203.0.113.9", VigieTestServer.AdminPassword)).EnsureProblem(429, "too_many_attempts");
        var sources = (await admin.GetAsync("api/v1/audit/events?action=identity.login.failed")).EnsureStatus(200).Json.GetProperty("items").EnumerateArray()
            .Select(e => e.GetProperty("source").GetString()).Distinct().ToList();
        Assert.Single(sources);
        Assert.DoesNotContain("203.0.113", sources[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrustedProxies_NotAnAddress_ServerRefusesToStart_WithTheEntry()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => VigieTestServer.StartAsync(settings: Settings("127.0.0.1; proxy.example")));
        Assert.Contains("'proxy.example'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Server:TrustedProxies", error.Message, StringComparison.Ordinal);
    }
}
