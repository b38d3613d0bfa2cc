using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Xml.Linq;

namespace Vigie.Bench;

/// <summary>
/// Ingests N distinct devices built from the real OCS agent inventory in ../shared (1,075 packages each; distinct
/// DEVICEID and host name, some versions changed), with concurrent clients speaking the agent protocol (PROLOG then
/// INVENTORY, zlib bodies) over HTTP to a Vigie server running as its own process on SQLite. Prints inventories per
/// second for first inventories and for re-inventories (after 200 warm-up devices), the server's CPU time per
/// inventory and its peak resident memory.
/// </summary>
internal static class InventoryBenchmark
{
    private const int Variants = 50;

    public static async Task RunAsync(string[] args)
    {
        var devices = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
        var clients = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16;
        var template = XDocument.Load(FixturePath("ocs-01-prolog-send-inventory", "002-INVENTORY-request.xml"));
        var variants = Enumerable.Range(0, Variants).Select(v => Variant(template, v)).ToArray();

        Console.WriteLine($"building {devices} devices x 2 inventories ...");
        var first = Bodies(variants, devices, 0, 0);
        var second = Bodies(variants, devices, 1, 0);
        var prologs = Prologs(devices, 0);
        // Warm-up devices (other ids) let the JIT reach its optimised code before the clock starts, as in a server up for days.
        const int WarmUp = 200;
        var warmUp = Bodies(variants, WarmUp, 0, devices);
        var warmUpPrologs = Prologs(WarmUp, devices);

        var data = Directory.CreateTempSubdirectory("vigie-bench-inventory-");
        var port = FreePort();
        using var server = StartServer(data.FullName, port);
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2 })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{port}/"),
                Timeout = TimeSpan.FromMinutes(2),
            };
            http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", "OCS-NG_unified_unix_agent_v2.10.0");
            await WaitReadyAsync(http, server);

            await IngestAsync(http, warmUpPrologs, warmUp, clients);
            var cpu = CpuSeconds(server.Id);
            var firstRate = await IngestAsync(http, prologs, first, clients);
            var firstCpu = CpuSeconds(server.Id) - cpu;
            Console.WriteLine($"first inventories: {devices} in {firstRate.Elapsed.TotalSeconds:F1} s = {devices / firstRate.Elapsed.TotalSeconds:F0} inventories/s ({clients} clients, SQLite; server CPU {firstCpu * 1000 / devices:F1} ms per inventory)");
            cpu = CpuSeconds(server.Id);
            var againRate = await IngestAsync(http, prologs, second, clients);
            var againCpu = CpuSeconds(server.Id) - cpu;
            Console.WriteLine($"re-inventories:    {devices} in {againRate.Elapsed.TotalSeconds:F1} s = {devices / againRate.Elapsed.TotalSeconds:F0} inventories/s ({clients} clients, SQLite; server CPU {againCpu * 1000 / devices:F1} ms per inventory)");
            Console.WriteLine($"server peak memory (VmHWM): {PeakMemoryMb(server.Id):F0} MB; database: {new FileInfo(Path.Combine(data.FullName, "vigie.db")).Length / 1048576.0:F0} MB");
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            data.Delete(recursive: true);
        }
    }

    private static async Task<Stopwatch> IngestAsync(HttpClient http, byte[][] prologs, byte[][] inventories, int clients)
    {
        var queue = new ConcurrentQueue<int>(Enumerable.Range(0, inventories.Length));
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (queue.TryDequeue(out var i))
            {
                await PostAsync(http, prologs[i]);
                await PostAsync(http, inventories[i]);
            }
        }));
        stopwatch.Stop();
        return stopwatch;
    }

    private static async Task PostAsync(HttpClient http, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/x-compress");
        using var response = await http.PostAsync("ocsinventory", content);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"agent endpoint answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        var reply = await response.Content.ReadAsByteArrayAsync();
        if (reply.Length < 2 || reply[0] != 0x78 || reply[1] != 0x9C)
        {
            throw new InvalidOperationException("the reply is not a 78 9C zlib stream");
        }
    }

    /// <summary>Variant v: the template with a few package versions changed (v-dependent), as a fleet's machines differ.</summary>
    private static string Variant(XDocument template, int v)
    {
        var copy = new XDocument(template);
        var packages = copy.Root!.Element("CONTENT")!.Elements("SOFTWARES").ToList();
        for (var k = 0; k < 5; k++)
        {
            var version = packages[(v * 7 + k * 131) % packages.Count].Element("VERSION");
            if (version is not null)
            {
                version.Value += $"+v{v}";
            }
        }
        return copy.ToString(SaveOptions.DisableFormatting);
    }

    private static byte[][] Prologs(int devices, int firstId) => Enumerable.Range(firstId, devices)
        .Select(i => Zlib($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><REQUEST><DEVICEID>{DeviceId(i)}</DEVICEID><QUERY>PROLOG</QUERY></REQUEST>"))
        .ToArray();

    private static byte[][] Bodies(string[] variants, int devices, int round, int firstId)
    {
        var bodies = new byte[devices][];
        Parallel.For(0, devices, n =>
        {
            var i = firstId + n;
            var xml = variants[(i + round) % variants.Length];
            var deviceStart = xml.IndexOf("<DEVICEID>", StringComparison.Ordinal);
            var deviceEnd = xml.IndexOf("</DEVICEID>", deviceStart, StringComparison.Ordinal);
            xml = string.Concat(xml.AsSpan(0, deviceStart), $"<DEVICEID>{DeviceId(i)}", xml.AsSpan(deviceEnd));
            var name = xml.IndexOf("<NAME>vm</NAME>", xml.IndexOf("<HARDWARE>", StringComparison.Ordinal), StringComparison.Ordinal);
            xml = string.Concat(xml.AsSpan(0, name), $"<NAME>bench{i:D5}</NAME>", xml.AsSpan(name + "<NAME>vm</NAME>".Length));
            bodies[n] = Zlib(xml);
        });
        return bodies;
    }

    private static string DeviceId(int i) => $"bench{i:D5}-2026-01-01-00-00-00";

    internal static byte[] Zlib(string xml)
    {
        using var output = new MemoryStream();
        using (var z = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(Encoding.UTF8.GetBytes(xml));
        }
        return output.ToArray();
    }

    private static Process StartServer(string data, int port)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "Vigie.Server"))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = data,
        };
        start.Environment["VIGIE_SERVER__URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["VIGIE_DATADIRECTORY"] = data;
        start.Environment["VIGIE_SERVER__PRINTSETUPTOKEN"] = "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("the server did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine("server: " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitReadyAsync(HttpClient http, Process server)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException($"the server exited with {server.ExitCode}");
            }
            try
            {
                using var response = await http.GetAsync("health/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("the server was not ready within 30 s");
    }

    internal static double PeakMemoryMb(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>User + system CPU time of a process, from /proc (clock ticks are 100 per second on Linux).</summary>
    private static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FixturePath(string capture, string file) => SharedPath("fixtures", "agents", "captures", capture, file);

    /// <summary>A file under ../shared, beside the repository.</summary>
    internal static string SharedPath(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Vigie.slnx")))
            {
                return Path.Combine([dir.Parent!.FullName, "shared", .. parts]);
            }
        }
        throw new InvalidOperationException("../shared is not beside the repository");
    }
}
