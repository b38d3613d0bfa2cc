using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Vigie.Server;

namespace Vigie.Bench;

/// <summary>
/// Starts a real Vigie server on 127.0.0.1 with a fresh SQLite database and measures, over loopback HTTP:
/// authenticated API requests per second (GET /api/v1/auth/me with a bearer token) and password logins per
/// second (PBKDF2-SHA256, 600,000 iterations, each one audited).
/// </summary>
internal static class AuthBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
        var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16;
        var data = Path.Combine(Path.GetTempPath(), "vigie-bench-" + Guid.NewGuid().ToString("N"));
        const string Password = "Bench!Passw0rd";

        var app = VigieServer.Build([], builder =>
        {
            builder.Configuration["Server:Urls"] = "http://127.0.0.1:0";
            builder.Configuration["Server:PrintSetupToken"] = "false";
            builder.Configuration["DataDirectory"] = data;
            builder.Configuration["Identity:ThrottleMaxFailures"] = "100000";
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await VigieServer.PrepareAsync(app);
        await app.StartAsync();
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2 }) { BaseAddress = new Uri(address + "/") };
            var setupToken = File.ReadAllText(Path.Combine(data, "setup-token")).Trim();
            (await http.PostAsJsonAsync("api/v1/setup", new { token = setupToken, username = "perf", password = Password })).EnsureSuccessStatusCode();
            var login = await http.PostAsJsonAsync("api/v1/auth/login", new { username = "perf", password = Password, mode = "token" });
            login.EnsureSuccessStatusCode();
            var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;

            async Task<long> RunAsync(int workers, TimeSpan duration, Func<Task> request)
            {
                // Warm-up so JIT and connection pools are not measured.
                for (var i = 0; i < 3; i++)
                {
                    await request();
                }
                long count = 0;
                var stopwatch = Stopwatch.StartNew();
                await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
                {
                    while (stopwatch.Elapsed < duration)
                    {
                        await request();
                        Interlocked.Increment(ref count);
                    }
                }));
                return count;
            }

            var duration = TimeSpan.FromSeconds(seconds);
            var requests = await RunAsync(concurrency, duration, async () =>
            {
                using var message = new HttpRequestMessage(HttpMethod.Get, "api/v1/auth/me");
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await http.SendAsync(message);
                response.EnsureSuccessStatusCode();
            });
            Console.WriteLine($"authenticated requests/s (GET /api/v1/auth/me, bearer token, SQLite, {concurrency} clients): {requests / duration.TotalSeconds:F0}");

            var logins = await RunAsync(Environment.ProcessorCount, duration, async () =>
            {
                using var response = await http.PostAsJsonAsync("api/v1/auth/login", new { username = "perf", password = Password, mode = "token" });
                response.EnsureSuccessStatusCode();
            });
            Console.WriteLine($"logins/s (PBKDF2-SHA256 600k iterations, audited, SQLite, {Environment.ProcessorCount} clients): {logins / duration.TotalSeconds:F1}");
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Directory.Delete(data, recursive: true);
        }
    }
}
