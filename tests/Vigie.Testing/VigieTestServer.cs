using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vigie.Server;

namespace Vigie.Testing;

/// <summary>
/// A real Vigie server on 127.0.0.1 with a random port, a temporary data directory and a fresh database
/// (SQLite file or a PostgreSQL database of its own), a hand-moved clock, and every log line captured.
/// </summary>
public sealed class VigieTestServer : IAsyncDisposable
{
    public const string AdminName = "admin";
    public const string AdminPassword = "Adm1n!Passw0rd";

    private readonly WebApplication _app;
    private readonly string? _postgresConnection;
    private bool _ownsData;

    private VigieTestServer(WebApplication app, string dataDirectory, FakeClock clock, TestDatabase database, string? postgresConnection)
    {
        _app = app;
        DataDirectory = dataDirectory;
        Clock = clock;
        Database = database;
        _postgresConnection = postgresConnection;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        Anonymous = new ApiClient(BaseAddress, null);
    }

    public Uri BaseAddress { get; }
    public string DataDirectory { get; }
    public FakeClock Clock { get; }
    public TestDatabase Database { get; }
    public ApiClient Anonymous { get; }
    public IServiceProvider Services => _app.Services;

    /// <summary>The connection string of this server's own database.</summary>
    public string ConnectionString => _postgresConnection ?? $"Data Source={Path.Combine(DataDirectory, "vigie.db")}";

    public static async Task<VigieTestServer> StartAsync(TestDatabase database = TestDatabase.Sqlite, IDictionary<string, string?>? settings = null)
    {
        // A caller that passes its own DataDirectory keeps it (to restart a server on the same state) and removes it itself.
        var ownsData = settings is null || !settings.TryGetValue("DataDirectory", out var given) || given is null;
        var dataDirectory = ownsData ? Path.Combine(Path.GetTempPath(), "vigie-test-" + Guid.NewGuid().ToString("N")) : settings!["DataDirectory"]!;
        string? postgres = database == TestDatabase.Postgres ? await Postgres.CreateDatabaseAsync() : null;
        var config = new Dictionary<string, string?>
        {
            ["Server:Urls"] = "http://127.0.0.1:0",
            ["Server:PrintSetupToken"] = "false",
            // Tests poll SNMP devices explicitly, not on a timer.
            ["Inventory:SnmpPollingEnabled"] = "false",
            ["DataDirectory"] = dataDirectory,
            ["Storage:Provider"] = database.ToString(),
            ["Storage:ConnectionString"] = postgres,
        };
        if (settings is not null)
        {
            foreach (var (key, value) in settings)
            {
                config[key] = value;
            }
        }
        var clock = new FakeClock();
        var app = VigieServer.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(config);
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
            builder.Logging.AddProvider(new CapturedLogs.Provider());
            builder.Services.AddSingleton<TimeProvider>(clock);
        });
        await VigieServer.PrepareAsync(app);
        await app.StartAsync();
        return new VigieTestServer(app, dataDirectory, clock, database, postgres) { _ownsData = ownsData };
    }

    public string ReadSetupToken() => File.ReadAllText(Path.Combine(DataDirectory, "setup-token")).Trim();

    /// <summary>Creates the first administrator with the setup token and returns a client holding an admin bearer token.</summary>
    public async Task<ApiClient> SetupAdminAsync()
    {
        var token = CapturedLogs.Secret("setup token", ReadSetupToken());
        var response = await Anonymous.PostAsync("api/v1/setup", new { token, username = AdminName, password = CapturedLogs.Secret("password", AdminPassword) });
        response.EnsureStatus(201);
        return await LoginAsync(AdminName, AdminPassword);
    }

    /// <summary>Logs in for a bearer token; fails the test if the login does not succeed.</summary>
    public async Task<ApiClient> LoginAsync(string username, string password, string? totp = null)
    {
        var response = await Anonymous.PostAsync("api/v1/auth/login", new { username, password, totp, mode = "token" });
        response.EnsureStatus(200);
        var token = CapturedLogs.Secret("api token", response.Json.GetProperty("token").GetString()!);
        return new ApiClient(BaseAddress, token);
    }

    /// <summary>
    /// Creates a person with the given role through the admin API, then logs in and replaces the initial
    /// password, so the returned client is ready to act.
    /// </summary>
    public async Task<(ApiClient Client, Guid Id, string Password)> CreateUserAsync(ApiClient admin, string username, string role)
    {
        var initial = CapturedLogs.Secret("password", $"Init!{Guid.NewGuid():N}"[..20] + "a1");
        var created = await admin.PostAsync("api/v1/users", new { username, role, password = initial });
        created.EnsureStatus(201);
        var id = created.Json.GetProperty("id").GetGuid();
        var first = await LoginAsync(username, initial);
        var final = CapturedLogs.Secret("password", $"Final#{Guid.NewGuid():N}"[..22] + "b2");
        (await first.PostAsync("api/v1/auth/password", new { currentPassword = initial, newPassword = final })).EnsureStatus(204);
        return (first, id, final);
    }

    /// <summary>Creates an API user with the given role and a token with the given scopes for it.</summary>
    public async Task<(ApiClient Client, Guid Id)> CreateApiUserAsync(ApiClient admin, string username, string role, params string[] scopes)
    {
        var created = await admin.PostAsync("api/v1/users", new { username, role, kind = "api" });
        created.EnsureStatus(201);
        var id = created.Json.GetProperty("id").GetGuid();
        var token = await admin.PostAsync("api/v1/tokens", new { name = "test", scopes = scopes.Length == 0 ? ["*"] : scopes, userId = id });
        token.EnsureStatus(201);
        return (new ApiClient(BaseAddress, CapturedLogs.Secret("api token", token.Json.GetProperty("secret").GetString()!)), id);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_postgresConnection is not null)
        {
            await Postgres.DropDatabaseAsync(_postgresConnection);
        }
        if (_ownsData && Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
