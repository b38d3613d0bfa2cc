using Vigie.Testing;

namespace Vigie.Cli.Tests;

/// <summary>Starts the real test server for the CLI tests.</summary>
internal static class TestServers
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    // The CLI tests log in many times; the server's key-derivation strength is covered by its own tests.
    private static readonly Dictionary<string, string?> FastHashing = new() { ["Identity:Pbkdf2Iterations"] = "10000" };

    public static Task<VigieTestServer> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(FastHashing);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        return VigieTestServer.StartAsync(settings: all).WaitAsync(StartTimeout);
    }

    /// <summary>A runner pointed at the server and holding the administrator's bearer token.</summary>
    public static async Task<CliRunner> AdminRunnerAsync(VigieTestServer server)
    {
        using var admin = await server.SetupAdminAsync().WaitAsync(StartTimeout);
        var runner = new CliRunner(server.BaseAddress);
        runner.Environment["VIGIE_TOKEN"] = admin.Bearer;
        return runner;
    }

    /// <summary>A server whose vault unseals with an auto-unseal key (development mode).</summary>
    public static Task<VigieTestServer> StartKeyModeVaultAsync() =>
        StartAsync(new Dictionary<string, string?> { ["Vault:AutoUnsealKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)) });

    /// <summary>The administrator's runner and API client, with the key-mode vault initialised and unsealed.</summary>
    public static async Task<(CliRunner Cli, Vigie.Testing.ApiClient Api)> UnsealedVaultAsync(VigieTestServer server)
    {
        var cli = await AdminRunnerAsync(server);
        var api = new Vigie.Testing.ApiClient(server.BaseAddress, cli.Environment["VIGIE_TOKEN"]);
        (await api.PostAsync("api/v1/vault/init", new { })).EnsureStatus(200);
        (await api.PostAsync("api/v1/vault/unseal", new { })).EnsureStatus(200);
        return (cli, api);
    }
}
