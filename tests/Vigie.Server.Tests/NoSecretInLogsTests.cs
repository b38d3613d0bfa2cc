using Vigie.Core.Crypto;
using Vigie.Testing;

namespace Vigie.Server.Tests;

/// <summary>
/// Runs every credential path once with all log levels on, then searches every log line captured so far in
/// this test run (this server's and those of the tests that ran before) for every secret the tests used.
/// </summary>
public class NoSecretInLogsTests
{
    [Fact]
    public async Task AllCredentialPaths_NoSecretInAnyLogLineOrProblem()
    {
        var problems = new List<string>();
        await using (var server = await VigieTestServer.StartAsync())
        {
            var setupToken = CapturedLogs.Secret("setup token", server.ReadSetupToken());
            problems.Add((await server.Anonymous.PostAsync("api/v1/setup", new { token = setupToken + "X", username = "admin", password = "Adm1n!Passw0rd" })).Body);
            var admin = await server.SetupAdminAsync();
            problems.Add((await server.Anonymous.PostAsync("api/v1/auth/login", new { username = "admin", password = CapturedLogs.Secret("password", "Wrong!Guess99") })).Body);
            var (user, _, password) = await server.CreateUserAsync(admin, "leaky", "user");
            problems.Add((await user.PostAsync("api/v1/auth/password", new { currentPassword = CapturedLogs.Secret("password", "Nope!nope12"), newPassword = CapturedLogs.Secret("password", "Brand#New123") })).Body);
            problems.Add((await user.PostAsync("api/v1/auth/password", new { currentPassword = password, newPassword = password })).Body);
            var enrolment = (await user.PostAsync("api/v1/auth/mfa/totp")).Json;
            var seed = Base32.Decode(CapturedLogs.Secret("totp seed", enrolment.GetProperty("secret").GetString()!));
            var code = Totp.Code(seed, Totp.StepAt(server.Clock.GetUtcNow()));
            (await user.PostAsync("api/v1/auth/mfa/totp/confirm", new { code })).EnsureStatus(200);
            var token = (await admin.PostAsync("api/v1/tokens", new { name = "t", scopes = new[] { "*" } })).Json.GetProperty("secret").GetString()!;
            CapturedLogs.Secret("api token", token);
            using var forged = new ApiClient(server.BaseAddress, token + "tampered");
            problems.Add((await forged.GetAsync("api/v1/users")).Body);
            problems.Add((await admin.PostAsync("api/v1/users", new { username = "weak", role = "user", password = CapturedLogs.Secret("password", "weakpass") })).Body);
            CapturedLogs.Secret("server key", File.ReadAllText(Path.Combine(server.DataDirectory, "server.key")).Trim());
        }

        var lines = CapturedLogs.All;
        Assert.NotEmpty(lines);
        var leaks = (from secret in CapturedLogs.SecretsUsed
                     from line in lines.Concat(problems)
                     where line.Contains(secret.Key, StringComparison.Ordinal)
                     select $"{secret.Value} found in: {line[..Math.Min(line.Length, 200)]}").Distinct().ToList();
        Assert.True(leaks.Count == 0, string.Join(Environment.NewLine, leaks));
    }
}
