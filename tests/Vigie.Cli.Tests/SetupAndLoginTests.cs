using System.Text.Json;
using Vigie.Testing;

namespace Vigie.Cli.Tests;

public sealed class SetupAndLoginTests
{
    private const string Password = "Set#up-Pass1word";

    [Fact]
    public async Task SetupWithTokenFromFile_ThenLogin_SavesAPrivateProfileThatLogoutEmpties()
    {
        await using var server = await TestServers.StartAsync();
        using var cli = new CliRunner(server.BaseAddress);
        var setupToken = CapturedLogs.Secret("setup token", server.ReadSetupToken());
        CapturedLogs.Secret("password", Password);

        var setup = (await cli.RunWithInputAsync(Password + "\n", "setup", "--token", setupToken, "--username", "root", "--password-stdin"))
            .ExpectSuccess();
        Assert.Contains("created administrator root", setup.Stdout);

        var login = (await cli.RunWithInputAsync(Password + "\n", "login", "--username", "root", "--password-stdin")).ExpectSuccess();
        Assert.Contains("logged in as root until ", login.Stdout);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cli.ProfilePath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
                File.GetUnixFileMode(Path.GetDirectoryName(cli.ProfilePath)!));
        }
        var profile = JsonDocument.Parse(File.ReadAllText(cli.ProfilePath)).RootElement;
        var token = CapturedLogs.Secret("api token", profile.GetProperty("token").GetString()!);
        Assert.StartsWith("vgt_", token);
        Assert.Equal("root", profile.GetProperty("username").GetString());
        Assert.Equal(server.BaseAddress.ToString().TrimEnd('/'), profile.GetProperty("url").GetString());

        cli.Environment.Remove("VIGIE_URL");
        var list = (await cli.RunAsync("user", "list")).ExpectSuccess();
        Assert.Contains("root", list.Stdout);
        Assert.Contains("administrator", list.Stdout);

        var logout = (await cli.RunAsync("logout")).ExpectSuccess();
        Assert.Contains("logged out", logout.Stdout);
        var emptied = JsonDocument.Parse(File.ReadAllText(cli.ProfilePath)).RootElement;
        Assert.Equal(JsonValueKind.Null, emptied.GetProperty("token").ValueKind);
        Assert.Equal("root", emptied.GetProperty("username").GetString());
        (await cli.RunAsync("user", "list")).Expect(3);
        cli.Environment["VIGIE_TOKEN"] = token;
        var revoked = (await cli.RunAsync("user", "list")).Expect(3);
        Assert.Contains("invalid_token", revoked.Stderr);
        Assert.DoesNotContain(token, revoked.Stderr);
        var leaks = CapturedLogs.All.Where(line => CapturedLogs.SecretsUsed.Any(secret => line.Contains(secret.Key, StringComparison.Ordinal)));
        Assert.Empty(leaks);
    }

    [Fact]
    public async Task LoginWithJson_ReportsTheSessionButNotTheToken()
    {
        await using var server = await TestServers.StartAsync();
        (await server.SetupAdminAsync().WaitAsync(TestServers.StartTimeout)).Dispose();
        using var cli = new CliRunner(server.BaseAddress);
        cli.Environment["VIGIE_PASSWORD"] = VigieTestServer.AdminPassword;

        var login = (await cli.RunAsync("login", "--username", VigieTestServer.AdminName, "--json")).ExpectSuccess();

        Assert.Equal(VigieTestServer.AdminName, login.Json.GetProperty("username").GetString());
        Assert.False(login.Json.GetProperty("passwordChangeRequired").GetBoolean());
        Assert.DoesNotContain("vgt_", login.Stdout);
        var saved = JsonDocument.Parse(File.ReadAllText(cli.ProfilePath)).RootElement.GetProperty("token").GetString()!;
        CapturedLogs.Secret("api token", saved);
        var tokens = (await cli.RunAsync("token", "list", "--json")).ExpectSuccess();
        Assert.Contains(tokens.Json.EnumerateArray(), t => t.GetProperty("name").GetString() == "cli@test-host");
    }

    [Fact]
    public async Task LoginWithWrongPassword_ExitsThreeWithoutEchoingThePassword()
    {
        await using var server = await TestServers.StartAsync();
        (await server.SetupAdminAsync().WaitAsync(TestServers.StartTimeout)).Dispose();
        using var cli = new CliRunner(server.BaseAddress);
        var wrong = CapturedLogs.Secret("password", "Wrong!Guess-42x");

        var result = (await cli.RunWithInputAsync(wrong + "\n", "login", "--username", VigieTestServer.AdminName, "--password-stdin")).Expect(3);

        Assert.Contains("error: ", result.Stderr);
        Assert.Contains("(invalid_credentials)", result.Stderr);
        Assert.DoesNotContain(wrong, result.Stderr + result.Stdout);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.False(File.Exists(cli.ProfilePath));
    }

    [Fact]
    public async Task SetupWithAWrongToken_ExitsThreeAndShowsTheProblemJson()
    {
        await using var server = await TestServers.StartAsync();
        using var cli = new CliRunner(server.BaseAddress);
        cli.Environment["VIGIE_PASSWORD"] = CapturedLogs.Secret("password", Password);

        var result = (await cli.RunAsync("setup", "--token", "vst_not-the-right-one", "--username", "root", "--json")).Expect(3);

        Assert.Contains("(invalid_setup_token)", result.Stderr);
        Assert.Contains("\"code\":\"invalid_setup_token\"", result.Stderr);
        Assert.DoesNotContain(Password, result.Stderr);
    }

    [Fact]
    public async Task PasswordChange_FromTwoLinesOfStdin_LiftsTheFirstLoginGate()
    {
        await using var server = await TestServers.StartAsync();
        using var admin = await TestServers.AdminRunnerAsync(server);
        var initial = CapturedLogs.Secret("password", "Initial#Pass9");
        var chosen = CapturedLogs.Secret("password", "Chosen#Pass77");
        (await admin.RunWithInputAsync(initial + "\n", "user", "add", "dora", "--role", "auditor", "--password-stdin")).ExpectSuccess();
        using var dora = new CliRunner(server.BaseAddress);

        var login = (await dora.RunWithInputAsync(initial + "\n", "login", "--username", "dora", "--password-stdin")).ExpectSuccess();
        Assert.Contains("vigie password change", login.Stderr);
        var gated = (await dora.RunAsync("user", "list")).Expect(4);
        Assert.Contains("(password_change_required)", gated.Stderr);

        (await dora.RunWithInputAsync($"{initial}\n{chosen}\n", "password", "change")).ExpectSuccess();

        (await dora.RunAsync("user", "list")).ExpectSuccess();
        (await dora.RunWithInputAsync(chosen + "\n", "login", "--password-stdin")).ExpectSuccess();
    }
}
