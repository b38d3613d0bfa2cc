using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Vigie.Server;

namespace Vigie.Bench;

/// <summary>
/// Vault throughput on SQLite over loopback HTTP with concurrent clients holding bearer tokens: authenticated secret
/// reads (<c>POST …/reveal</c>: rights check, decryption, an audit row written before the answer) and writes (a new
/// version of an entry: encryption, strength, fingerprint, audit), each with p50/p99 latency. The clients act as an API
/// user holding its right through a group, with a token confined to the space (rights resolved through both).
/// </summary>
internal static class VaultBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
        var clients = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16;
        // all (default), or one phase alone: compare, reads, writes (to profile one of them).
        var only = args.Length > 2 ? args[2] : "all";
        const int Entries = 1000;
        var data = Directory.CreateTempSubdirectory("vigie-bench-vault-");
        const string Password = "Bench!Passw0rd";
        var app = VigieServer.Build([], builder =>
        {
            builder.Configuration["Server:Urls"] = "http://127.0.0.1:0";
            builder.Configuration["Server:PrintSetupToken"] = "false";
            builder.Configuration["DataDirectory"] = data.FullName;
            builder.Configuration["Vault:AutoUnsealKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await VigieServer.PrepareAsync(app);
        await app.StartAsync();
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2 }) { BaseAddress = new Uri(address + "/") };
            var setupToken = File.ReadAllText(Path.Combine(data.FullName, "setup-token")).Trim();
            (await http.PostAsJsonAsync("api/v1/setup", new { token = setupToken, username = "perf", password = Password })).Ok();
            var login = await http.PostAsJsonAsync("api/v1/auth/login", new { username = "perf", password = Password, mode = "token" });
            login.Ok();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
                (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());
            (await http.PostAsJsonAsync("api/v1/vault/init", new { })).Ok();
            (await http.PostAsJsonAsync("api/v1/vault/unseal", new { })).Ok();
            var space = (await (await http.PostAsJsonAsync("api/v1/vault/folders", new { name = "Bench" })).Content.ReadFromJsonAsync<JsonElement>())
                .GetProperty("id").GetGuid();
            var ids = new Guid[Entries];
            for (var i = 0; i < Entries; i++)
            {
                var created = await http.PostAsJsonAsync("api/v1/vault/secrets", new { folderId = space, title = $"server-{i:D4}", username = "root", password = $"Pw-{i}-{Guid.NewGuid():N}" });
                created.Ok();
                ids[i] = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            }

            // The measured client is an automation account, as in the seed's use cases: an API user (no vault administration)
            // in a group holding `write` on the space, with a token confined to that space.
            var group = (await (await http.PostAsJsonAsync("api/v1/groups", new { name = "automation" })).Content.ReadFromJsonAsync<JsonElement>())
                .GetProperty("id").GetGuid();
            var robot = (await (await http.PostAsJsonAsync("api/v1/users", new { username = "ansible", role = "user", kind = "api" })).Content
                .ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            (await http.PutAsync($"api/v1/groups/{group}/members/{robot}", null)).Ok();
            (await http.PutAsJsonAsync($"api/v1/vault/folders/{space}/grants", new { principalKind = "group", principalId = group, access = "write" }))
                .Ok();
            var robotToken = await http.PostAsJsonAsync("api/v1/tokens", new { name = "bench", scopes = new[] { "profile", "vault.use", $"vault:{space}:write" }, userId = robot });
            robotToken.Ok();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
                (await robotToken.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString());

            var duration = TimeSpan.FromSeconds(seconds);
            // For comparison: the same clients on lighter authenticated requests (token check only; one more query; an entry's metadata with its folder right).
            foreach (var (label, path) in only is "all" or "compare" ? new[] { ("GET auth/me", "api/v1/auth/me"), ("GET vault/status", "api/v1/vault/status"), ("GET entry metadata", $"api/v1/vault/secrets/{ids[0]}") } : [])
            {
                var f = await MeasureAsync(clients, duration, async (client, n) =>
                {
                    using var response = await http.GetAsync(path.Replace(ids[0].ToString(), ids[(client * 7919 + n) % Entries].ToString(), StringComparison.Ordinal));
                    response.Ok();
                });
                Console.WriteLine($"{label} ({clients} clients): {f.PerSecond:F0}/s, p50 {f.P50:F2} ms, p99 {f.P99:F2} ms");
            }
            if (only is "all" or "reads")
            {
                var reads = await MeasureAsync(clients, duration, async (client, n) =>
                {
                    using var response = await http.PostAsync($"api/v1/vault/secrets/{ids[(client * 7919 + n) % Entries]}/reveal", null);
                    response.Ok();
                });
                Console.WriteLine($"secret reads (reveal, audited, SQLite, {clients} clients): {reads.PerSecond:F0}/s, p50 {reads.P50:F2} ms, p99 {reads.P99:F2} ms");
            }
            if (only is "all" or "writes")
            {
                var writes = await MeasureAsync(clients, duration, async (client, n) =>
                {
                    // Each client changes its own entries: no check-and-set conflicts between clients.
                    var id = ids[(n * clients + client) % Entries];
                    using var response = await http.PutAsJsonAsync($"api/v1/vault/secrets/{id}", new { title = $"server-{client}", username = "root", password = $"New-{n}-{client}!x" });
                    response.Ok();
                });
                Console.WriteLine($"secret writes (new version, audited, SQLite, {clients} clients): {writes.PerSecond:F0}/s, p50 {writes.P50:F2} ms, p99 {writes.P99:F2} ms");
            }
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            data.Delete(recursive: true);
        }
    }

    /// <summary>Stops the benchmark with the server's problem document rather than a bare status code.</summary>
    private static HttpResponseMessage Ok(this HttpResponseMessage response) =>
        response.IsSuccessStatusCode ? response
            : throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}: {(int)response.StatusCode} "
                + response.Content.ReadAsStringAsync().GetAwaiter().GetResult());

    private static Task OkAsync(this HttpResponseMessage response) => Task.FromResult(response.Ok());

    private sealed record Figures(double PerSecond, double P50, double P99);

    private static async Task<Figures> MeasureAsync(int clients, TimeSpan duration, Func<int, int, Task> request)
    {
        // Two seconds of the same load first, so that the JIT's optimised code is what gets measured (a server up for days).
        var warmUp = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
        {
            for (var n = 0; warmUp.Elapsed < TimeSpan.FromSeconds(2); n++)
            {
                await request(client, n);
            }
        }));
        var latencies = new ConcurrentBag<double>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
        {
            for (var n = 0; clock.Elapsed < duration; n++)
            {
                var started = Stopwatch.GetTimestamp();
                await request(client, n);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }));
        var sorted = latencies.Order().ToArray();
        return new Figures(sorted.Length / clock.Elapsed.TotalSeconds, sorted[sorted.Length / 2], sorted[(int)(sorted.Length * 0.99)]);
    }
}
