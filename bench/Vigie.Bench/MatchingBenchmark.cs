using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Vigie.Server;

namespace Vigie.Bench;

/// <summary>
/// Full re-evaluation of a fleet against the whole knowledge base built from ../shared/data/cve. The fleet: N assets
/// ingested through the agent protocol — 80 % Debian machines carrying the real OCS agent inventory (1,075 packages;
/// a third of them reporting Debian 11, the rest Debian 12; per machine about 20 package versions varied, 500 variants) and 20 %
/// Windows machines with 30 common programs at versions spread over several years. Then every shared CVE file is
/// imported through the API (timed), the background evaluation that follows is awaited, and a full re-evaluation
/// (every asset, every CVE) is asked for and timed: package evaluations per second = installed packages in the fleet
/// divided by that time.
/// </summary>
internal static class MatchingBenchmark
{
    private static readonly string[] KnowledgeFiles =
    [
        "debian12-amd64-binary-to-source-packages.tsv.gz",
        "vunnel-fixture-debian-tracker-sample.json.gz",
        "debian-security-tracker-20230402-DSA-list.txt.gz",
        "debian-security-tracker-20230402-DLA-list.txt.gz",
        "vulnrichment-cve5-20241024.jsonl.gz",
        "anchore-nvd-overrides-configurations-20260821.jsonl.gz",
        "vunnel-fixture-nvd-api2-page-38cves.json.gz",
        "cisa-kev-ids-snapshot-20260701.json.gz",
    ];

    // Programs as Windows agents report them (publisher, name format), with a few real versions each.
    private static readonly (string Publisher, string Name, string[] Versions)[] WindowsPrograms =
    [
        ("Mozilla", "Mozilla Firefox (x64 fr)", ["102.0", "115.3.1", "118.0.2", "121.0", "128.0.3", "131.0.2"]),
        ("Mozilla", "Mozilla Thunderbird (x64 fr)", ["102.9.0", "115.6.0", "128.2.0"]),
        ("Google LLC", "Google Chrome", ["109.0.5414.120", "116.0.5845.97", "120.0.6099.109", "126.0.6478.127", "130.0.6723.70"]),
        ("Microsoft Corporation", "Microsoft Edge", ["109.0.1518.78", "120.0.2210.91", "129.0.2792.89"]),
        ("The Document Foundation", "LibreOffice 7.5.4.2", ["7.5.4.2", "7.6.2.1", "24.2.0.3"]),
        ("Igor Pavlov", "7-Zip 19.00 (x64)", ["19.00", "22.01", "23.01", "24.08"]),
        ("VideoLAN", "VLC media player", ["3.0.11", "3.0.18", "3.0.20", "3.0.21"]),
        ("Simon Tatham", "PuTTY release 0.76 (64-bit)", ["0.76", "0.78", "0.80", "0.81"]),
        ("Notepad++ Team", "Notepad++ (64-bit x64)", ["7.9.5", "8.4.6", "8.5.8", "8.6.9"]),
        ("win.rar GmbH", "WinRAR 6.02 (64-bit)", ["6.02", "6.22", "7.01"]),
        ("The Wireshark developer community, https://www.wireshark.org", "Wireshark 3.6.2 (64-bit)", ["3.6.2", "4.0.6", "4.2.5"]),
        ("The Git Development Community", "Git", ["2.35.1.2", "2.39.2", "2.45.1"]),
        ("Python Software Foundation", "Python 3.10.4 (64-bit)", ["3.10.4", "3.11.4", "3.12.1"]),
        ("Dominik Reichl", "KeePass Password Safe 2.51", ["2.51", "2.53.1", "2.57"]),
        ("Tim Kosse", "FileZilla 3.60.2", ["3.60.2", "3.66.1", "3.67.1"]),
        ("TeamViewer", "TeamViewer", ["15.20.6", "15.42.7", "15.58.4"]),
        ("Zoom Video Communications, Inc.", "Zoom", ["5.12.9", "5.16.10", "6.1.5"]),
        ("Adobe", "Adobe Acrobat Reader DC - Français", ["21.001.20145", "22.003.20282", "23.008.20470", "24.002.20933"]),
        ("Oracle Corporation", "Java 8 Update 351 (64-bit)", ["8.0.3510.10", "8.0.3810.9", "8.0.4210.9"]),
        ("Microsoft Corporation", "Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.36.32532", ["14.36.32532.0"]),
        ("Microsoft Corporation", "Microsoft Teams", ["1.6.00.4472"]),
        ("Microsoft Corporation", "Microsoft OneDrive", ["23.226.1031.0003"]),
        ("Microsoft Corporation", "Microsoft Update Health Tools", ["3.74.0.0"]),
        ("Intel Corporation", "Intel(R) Management Engine Components", ["2141.15.0.2443"]),
        ("Realtek Semiconductor Corp.", "Realtek Audio Driver", ["6.0.9235.1"]),
        ("NVIDIA Corporation", "NVIDIA Graphics Driver 528.49", ["528.49"]),
        ("Dell Inc.", "Dell SupportAssist", ["3.12.3.5"]),
        ("Citrix Systems, Inc.", "Citrix Workspace 2203", ["22.3.0.24"]),
        ("Fortinet Technologies Inc", "FortiClient VPN", ["7.0.7.0345"]),
        ("Contoso", "Contoso Compta", ["1.0", "2.3"]),
    ];

    public static async Task RunAsync(string[] args)
    {
        var assets = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5000;
        var clients = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 8;
        var data = Directory.CreateTempSubdirectory("vigie-bench-matching-");
        const string Password = "Bench!Passw0rd";
        var app = VigieServer.Build([], builder =>
        {
            builder.Configuration["Server:Urls"] = "http://127.0.0.1:0";
            builder.Configuration["Server:PrintSetupToken"] = "false";
            builder.Configuration["DataDirectory"] = data.FullName;
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await VigieServer.PrepareAsync(app);
        await app.StartAsync();
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2 })
            {
                BaseAddress = new Uri(address + "/"),
                Timeout = TimeSpan.FromMinutes(20),
            };
            var setupToken = File.ReadAllText(Path.Combine(data.FullName, "setup-token")).Trim();
            (await http.PostAsJsonAsync("api/v1/setup", new { token = setupToken, username = "perf", password = Password })).EnsureSuccessStatusCode();
            var login = await http.PostAsJsonAsync("api/v1/auth/login", new { username = "perf", password = Password, mode = "token" });
            login.EnsureSuccessStatusCode();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
                (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());

            var installed = await IngestFleetAsync(http, assets, clients);

            var import = Stopwatch.StartNew();
            foreach (var file in KnowledgeFiles)
            {
                var started = import.Elapsed;
                using var content = new StreamContent(File.OpenRead(InventoryBenchmark.SharedPath("data", "cve", file)));
                using var response = await http.PostAsync($"api/v1/cves/imports?fileName={file}", content);
                var report = await response.Content.ReadFromJsonAsync<JsonElement>();
                Console.WriteLine(response.IsSuccessStatusCode
                    ? $"  import {file}: {report.GetProperty("records").GetInt32()} records, {report.GetProperty("imported").GetInt32()} imported, {report.GetProperty("skipped").GetInt32()} skipped in {(import.Elapsed - started).TotalSeconds:F1} s"
                    : $"  import {file}: not imported ({(int)response.StatusCode} {report})");
            }
            Console.WriteLine($"knowledge-base import of the shared data: {import.Elapsed.TotalSeconds:F1} s");

            var background = await WaitForBackgroundAsync(http);
            Console.WriteLine($"background evaluation after the imports (findings created): {background}");

            for (var round = 1; round <= 2; round++)
            {
                using var response = await http.PostAsJsonAsync("api/v1/findings/evaluate", new { });
                response.EnsureSuccessStatusCode();
                var result = await response.Content.ReadFromJsonAsync<JsonElement>();
                var seconds = result.GetProperty("elapsedMs").GetInt64() / 1000.0;
                Console.WriteLine($"full re-evaluation {round}: {assets} assets, {installed:N0} installed packages, {result.GetProperty("catalogueEntries").GetInt32():N0} distinct programs "
                    + $"({result.GetProperty("decisions").GetInt32():N0} decisions, {result.GetProperty("affectedEntries").GetInt32():N0} affected on {result.GetProperty("installations").GetInt32():N0} installations), "
                    + $"{result.GetProperty("open").GetInt32():N0} open findings ({result.GetProperty("opened").GetInt32()} opened, {result.GetProperty("resolved").GetInt32()} resolved): "
                    + $"{seconds:F2} s = {installed / seconds:N0} package evaluations/s");
            }
            // Agents keep reporting: each inventory is matched at once against the loaded knowledge base (one asset each).
            var again = Stopwatch.StartNew();
            await IngestFleetAsync(http, assets, clients);
            var drained = await WaitForBackgroundAsync(http);
            Console.WriteLine($"re-inventory of the fleet with the knowledge base loaded, evaluations included: {assets / again.Elapsed.TotalSeconds:F0} inventories/s ({drained})");
            Console.WriteLine($"peak memory (VmHWM, server and bench in one process): {InventoryBenchmark.PeakMemoryMb(Environment.ProcessId):F0} MB; database: {new FileInfo(Path.Combine(data.FullName, "vigie.db")).Length / 1048576.0:F0} MB");
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            if (Environment.GetEnvironmentVariable("VIGIE_BENCH_KEEP") == "1")
            {
                Console.WriteLine($"data kept in {data.FullName}");
            }
            else
            {
                data.Delete(recursive: true);
            }
        }
    }

    /// <summary>Posts the fleet's inventories; returns the number of installed packages across the fleet.</summary>
    private static async Task<long> IngestFleetAsync(HttpClient http, int assets, int clients)
    {
        var template = XDocument.Load(InventoryBenchmark.SharedPath("fixtures", "agents", "captures", "ocs-01-prolog-send-inventory", "002-INVENTORY-request.xml"));
        var packages = template.Root!.Element("CONTENT")!.Elements("SOFTWARES").Count();
        long installed = 0;
        var queue = new ConcurrentQueue<int>(Enumerable.Range(0, assets));
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (queue.TryDequeue(out var i))
            {
                var (xml, count) = i % 5 == 4 ? Windows(i) : (Debian(template, i), packages);
                Interlocked.Add(ref installed, count);
                using var content = new ByteArrayContent(InventoryBenchmark.Zlib(xml));
                content.Headers.ContentType = new("application/x-compress");
                using var response = await http.PostAsync("ocsinventory", content);
                response.EnsureSuccessStatusCode();
            }
        }));
        Console.WriteLine($"fleet: {assets} assets, {installed:N0} installed packages, ingested in {clock.Elapsed.TotalSeconds:F1} s");
        return installed;
    }

    private static string Debian(XDocument template, int i)
    {
        var copy = new XDocument(template);
        var content = copy.Root!.Element("CONTENT")!;
        copy.Root.Element("DEVICEID")!.Value = $"deb{i:D5}-2026-01-01-00-00-00";
        var hardware = content.Element("HARDWARE")!;
        hardware.Element("NAME")!.Value = $"deb{i:D5}";
        if (i % 3 == 0)
        {
            hardware.Element("OSNAME")!.Value = "Debian GNU/Linux 11";
            hardware.Element("OSVERSION")!.Value = "11";
        }
        // Machines differ: about 20 packages per machine at an older build (500 variants across the fleet).
        var list = content.Elements("SOFTWARES").ToList();
        var variant = i % 500;
        for (var k = 0; k < 20; k++)
        {
            var version = list[(variant * 37 + k * 53) % list.Count].Element("VERSION");
            if (version is not null)
            {
                version.Value += $"~old{variant}";
            }
        }
        return copy.ToString(SaveOptions.DisableFormatting);
    }

    private static (string Xml, int Count) Windows(int i)
    {
        var programs = string.Concat(WindowsPrograms.Select((p, k) =>
        {
            var version = p.Versions[(i / 5 + k) % p.Versions.Length];
            return $"<SOFTWARES><NAME>{System.Security.SecurityElement.Escape(p.Name)}</NAME><PUBLISHER>{System.Security.SecurityElement.Escape(p.Publisher)}</PUBLISHER><VERSION>{version}</VERSION></SOFTWARES>";
        }));
        return ($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><REQUEST><DEVICEID>win{i:D5}-2026-01-01-00-00-00</DEVICEID><QUERY>INVENTORY</QUERY><CONTENT>"
            + $"<HARDWARE><NAME>PC-{i:D5}</NAME><OSNAME>Microsoft Windows 11 Professionnel</OSNAME><OSVERSION>10.0.22631</OSVERSION></HARDWARE>{programs}</CONTENT></REQUEST>",
            WindowsPrograms.Length);
    }

    private static async Task<string> WaitForBackgroundAsync(HttpClient http)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            await Task.Delay(500);
            var status = await http.GetFromJsonAsync<JsonElement>("api/v1/findings/evaluation");
            if (status.GetProperty("pendingAssets").GetInt32() == 0 && !status.GetProperty("fleetPending").GetBoolean() && !status.GetProperty("busy").GetBoolean())
            {
                var last = status.GetProperty("lastFleetRun");
                return last.ValueKind == JsonValueKind.Null
                    ? $"idle after {clock.Elapsed.TotalSeconds:F1} s"
                    : $"idle after {clock.Elapsed.TotalSeconds:F1} s; last fleet run {last.GetProperty("elapsedMs").GetInt64() / 1000.0:F2} s, {last.GetProperty("open").GetInt32():N0} open findings";
            }
        }
    }
}
