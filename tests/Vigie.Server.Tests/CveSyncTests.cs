using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vigie.Testing;

namespace Vigie.Server.Tests;

public class CveSyncTests
{
    [SkippableFact]
    public async Task Sources_DownloadedPagedIncremental_FailuresRecordedPerSource()
    {
        // The real NVD API page from ../shared, served as two pages of 19 and an empty third, as the API pages.
        using var nvd = JsonDocument.Parse(new GZipStream(File.OpenRead(SharedFixtures.Path("data", "cve", "vunnel-fixture-nvd-api2-page-38cves.json.gz")), CompressionMode.Decompress));
        var items = nvd.RootElement.GetProperty("vulnerabilities").EnumerateArray().Select(i => JsonNode.Parse(i.GetRawText())!).ToList();
        string Page(int start) => new JsonObject
        {
            ["resultsPerPage"] = 19, ["startIndex"] = start, ["totalResults"] = items.Count, ["format"] = "NVD_CVE", ["version"] = "2.0",
            ["vulnerabilities"] = new JsonArray(items.Skip(start).Take(19).Select(i => i.DeepClone()).ToArray()),
        }.ToJsonString();
        var kev = await File.ReadAllBytesAsync(SharedFixtures.Path("data", "cve", "cisa-kev-ids-snapshot-20260701.json.gz"));

        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var requests = new ConcurrentQueue<(string Url, string? ApiKey)>();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var serving = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync().WaitAsync(stop.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException or HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
                requests.Enqueue((context.Request.Url!.PathAndQuery, context.Request.Headers["apiKey"]));
                var path = context.Request.Url.AbsolutePath;
                byte[]? body = path == "/kev.json.gz" ? kev
                    : path == "/nvd/cves/2.0" ? System.Text.Encoding.UTF8.GetBytes(Page(int.Parse(context.Request.QueryString["startIndex"]!, System.Globalization.CultureInfo.InvariantCulture)))
                    : null;
                context.Response.StatusCode = body is null ? 404 : 200;
                if (body is not null)
                {
                    await context.Response.OutputStream.WriteAsync(body);
                }
                context.Response.Close();
            }
        });

        var apiKey = CapturedLogs.Secret("nvd api key", "nvdkey-" + Guid.NewGuid().ToString("N"));
        await using var server = await VigieTestServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["CveSync:NvdPageSize"] = "19",
            ["CveSync:Sources:0:Name"] = "nvd", ["CveSync:Sources:0:Kind"] = "nvd-api", ["CveSync:Sources:0:Url"] = $"http://127.0.0.1:{port}/nvd/cves/2.0",
            ["CveSync:Sources:0:ApiKey"] = apiKey,
            ["CveSync:Sources:1:Name"] = "kev", ["CveSync:Sources:1:Url"] = $"http://127.0.0.1:{port}/kev.json.gz",
            ["CveSync:Sources:2:Name"] = "broken", ["CveSync:Sources:2:Url"] = $"http://127.0.0.1:{port}/missing.json",
        });
        var admin = await server.SetupAdminAsync();
        var results = (await admin.PostAsync("api/v1/cves/sync")).EnsureStatus(200).Json.EnumerateArray().ToDictionary(r => r.GetProperty("source").GetString()!);
        Assert.Equal(("ok", 3, 38, 38), (results["nvd"].GetProperty("status").GetString(), results["nvd"].GetProperty("files").GetInt32(),
            results["nvd"].GetProperty("records").GetInt32(), results["nvd"].GetProperty("imported").GetInt32()));
        Assert.Equal("ok", results["kev"].GetProperty("status").GetString());
        Assert.Equal("failed", results["broken"].GetProperty("status").GetString());
        Assert.Contains("404", results["broken"].GetProperty("error").GetString());
        Assert.DoesNotContain(apiKey, results["nvd"].ToString());
        Assert.All(requests.Where(r => r.Url.StartsWith("/nvd", StringComparison.Ordinal)), r => Assert.Equal(apiKey, r.ApiKey));
        Assert.DoesNotContain(requests, r => r.Url.Contains("lastModStartDate", StringComparison.Ordinal));
        (await admin.GetAsync("api/v1/cves/CVE-2023-27314")).EnsureStatus(200);

        // The next run asks NVD only for what changed since the last success.
        server.Clock.Advance(TimeSpan.FromDays(1));
        admin = await server.LoginAsync(VigieTestServer.AdminName, VigieTestServer.AdminPassword);
        requests.Clear();
        results = (await admin.PostAsync("api/v1/cves/sync")).EnsureStatus(200).Json.EnumerateArray().ToDictionary(r => r.GetProperty("source").GetString()!);
        Assert.Equal(0, results["nvd"].GetProperty("imported").GetInt32());
        Assert.Contains(requests, r => r.Url.Contains("lastModStartDate=", StringComparison.Ordinal) && r.Url.Contains("lastModEndDate=", StringComparison.Ordinal));
        Assert.Equal(2, (await admin.GetAsync("api/v1/audit/events?action=vulnerabilities.kb.source_synced&limit=100")).Json.GetProperty("items")
            .EnumerateArray().Count(e => e.GetProperty("target").GetString() == "cve-source:nvd"));
        stop.Cancel();
        listener.Stop();
        await serving;
    }

    [Fact]
    public async Task NoSources_ClearProblem()
    {
        await using var server = await VigieTestServer.StartAsync();
        var admin = await server.SetupAdminAsync();
        (await admin.PostAsync("api/v1/cves/sync")).EnsureProblem(409, "no_sync_sources");
    }
}
