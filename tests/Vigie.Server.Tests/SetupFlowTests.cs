using Vigie.Testing;

namespace Vigie.Server.Tests;

public class SetupFlowTests
{
    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task FirstStart_SetupTokenCreatesFirstAdministrator_ThenDies(TestDatabase db)
    {
        await using var server = await VigieTestServer.StartAsync(db);
        var tokenFile = Path.Combine(server.DataDirectory, "setup-token");
        Assert.True(File.Exists(tokenFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenFile));
        Assert.True((await server.Anonymous.GetAsync("api/v1/setup")).EnsureStatus(200).Json.GetProperty("setupRequired").GetBoolean());

        var token = CapturedLogs.Secret("setup token", server.ReadSetupToken());
        (await server.Anonymous.PostAsync("api/v1/setup", new { token = token + "x", username = "admin", password = "Adm1n!Passw0rd" }))
            .EnsureProblem(401, "invalid_setup_token");
        (await server.Anonymous.PostAsync("api/v1/setup", new { token, username = "admin", password = "short1!" }))
            .EnsureProblem(400, "validation_failed");
        Assert.True((await server.Anonymous.GetAsync("api/v1/setup")).Json.GetProperty("setupRequired").GetBoolean());

        var created = (await server.Anonymous.PostAsync("api/v1/setup", new { token, username = "admin", password = VigieTestServer.AdminPassword }))
            .EnsureStatus(201);
        Assert.Equal("administrator", created.Json.GetProperty("role").GetString());
        Assert.False(File.Exists(tokenFile));
        Assert.False((await server.Anonymous.GetAsync("api/v1/setup")).Json.GetProperty("setupRequired").GetBoolean());

        (await server.Anonymous.PostAsync("api/v1/setup", new { token, username = "admin2", password = VigieTestServer.AdminPassword }))
            .EnsureProblem(409, "setup_completed");
        var admin = await server.LoginAsync(VigieTestServer.AdminName, VigieTestServer.AdminPassword);
        var users = (await admin.GetAsync("api/v1/users")).EnsureStatus(200).Json.GetProperty("items");
        Assert.Equal(1, users.GetArrayLength());

        var events = (await admin.GetAsync("api/v1/audit/events?action=identity.setup.failed")).Json.GetProperty("items");
        Assert.Equal(1, events.GetArrayLength());
    }

    [Fact]
    public async Task Setup_AdministratorPasswordBelowTen_Refused()
    {
        await using var server = await VigieTestServer.StartAsync();
        var response = await server.Anonymous.PostAsync("api/v1/setup", new { token = server.ReadSetupToken(), username = "admin", password = "Abcdef1!x" });
        response.EnsureProblem(400, "validation_failed");
        Assert.Contains("at least 10", response.Json.GetProperty("errors").GetProperty("password")[0].GetString());
    }

    [Fact]
    public async Task Restart_AfterSetup_NoNewTokenIssued()
    {
        await using var server = await VigieTestServer.StartAsync();
        await server.SetupAdminAsync();
        var setup = (Vigie.Core.Identity.SetupService)server.Services.GetService(typeof(Vigie.Core.Identity.SetupService))!;
        Assert.Null(await setup.IssueTokenIfNeededAsync(CancellationToken.None));
        Assert.False(File.Exists(Path.Combine(server.DataDirectory, "setup-token")));
    }
}
