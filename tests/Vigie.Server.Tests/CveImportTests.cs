using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Vigie.Testing;

namespace Vigie.Server.Tests;

public class CveImportTests
{
    private static string Data(string file) => SharedFixtures.Path("data", "cve", file);

    private static async Task<JsonElement> ImportAsync(ApiClient admin, byte[] body, string fileName, int status = 200)
    {
        var response = await admin.SendBytesAsync(HttpMethod.Post, $"api/v1/cves/imports?fileName={fileName}", body);
        response.EnsureStatus(status);
        return response.Json;
    }

    private static string[] GunzipLines(string path, int take)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        var lines = new List<string>();
        for (var line = reader.ReadLine(); line is not null && lines.Count < take; line = reader.ReadLine())
        {
            lines.Add(line);
        }
        return [.. lines];
    }

    private static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(Encoding.UTF8.GetBytes(text));
        }
        return output.ToArray();
    }

    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task NvdPage_Imported_Idempotent_CvssAndConfigurationsKept(TestDatabase db)
    {
        var path = Data("vunnel-fixture-nvd-api2-page-38cves.json.gz");
        using var expected = JsonDocument.Parse(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        var items = expected.RootElement.GetProperty("vulnerabilities").EnumerateArray().Select(v => v.GetProperty("cve")).ToList();
        var scored = items.First(c => c.GetProperty("metrics").TryGetProperty("cvssMetricV31", out _) && c.TryGetProperty("configurations", out _));
        var v31 = scored.GetProperty("metrics").GetProperty("cvssMetricV31").EnumerateArray()
            .OrderBy(m => m.GetProperty("type").GetString() == "Primary" ? 0 : 1).First().GetProperty("cvssData");

        await using var server = await VigieTestServer.StartAsync(db);
        var admin = await server.SetupAdminAsync();
        var report = await ImportAsync(admin, await File.ReadAllBytesAsync(path), "nvd-page.json.gz");
        Assert.Equal("nvd-api-2.0", report.GetProperty("format").GetString());
        Assert.Equal(items.Count, report.GetProperty("records").GetInt32());
        Assert.Equal(items.Count, report.GetProperty("imported").GetInt32());

        var cve = (await admin.GetAsync($"api/v1/cves/{scored.GetProperty("id").GetString()}")).EnsureStatus(200).Json;
        Assert.Equal("3.1", cve.GetProperty("cvssVersion").GetString());
        Assert.Equal(v31.GetProperty("baseScore").GetDouble(), cve.GetProperty("cvssScore").GetDouble());
        Assert.Equal(v31.GetProperty("vectorString").GetString(), cve.GetProperty("cvssVector").GetString());
        Assert.Equal(scored.GetProperty("lastModified").GetString()![..16], cve.GetProperty("sourceModified").GetProperty("nvd").GetString()![..16]);
        Assert.Equal(JsonValueKind.Array, cve.GetProperty("configurations").ValueKind);
        Assert.NotEmpty(cve.GetProperty("products").EnumerateArray());

        var again = await ImportAsync(admin, await File.ReadAllBytesAsync(path), "nvd-page.json.gz");
        Assert.Equal(0, again.GetProperty("imported").GetInt32());
        Assert.Equal(items.Count, again.GetProperty("unchanged").GetInt32());
        var audited = (await admin.GetAsync("api/v1/audit/events?action=vulnerabilities.kb.batch_imported")).Json.GetProperty("items");
        Assert.Equal(2, audited.GetArrayLength());
    }

    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task Cve5Lines_MalformedRecordsReportedAndSkipped_KevAndDebianMerged(TestDatabase db)
    {
        var lines = GunzipLines(Data("vulnrichment-cve5-20241024.jsonl.gz"), 1200).ToList();
        lines.Insert(2, "{\"dataType\": \"CVE_RECORD\", \"cveMetadata\": {\"cveId\": \"not-a-cve\"}}");
        lines.Insert(5, "{ this is not json");
        lines.Add("""{"dataType":"CVE_RECORD","cveMetadata":{"cveId":"CVE-2099-0001","state":"REJECTED","dateUpdated":"2024-01-01T00:00:00Z"},"containers":{"cna":{"rejectedReasons":[{"lang":"en","value":"duplicate"}]}}}""");
        await using var server = await VigieTestServer.StartAsync(db);
        var admin = await server.SetupAdminAsync();

        var report = await ImportAsync(admin, Gzip(string.Join('\n', lines)), "vulnrichment.jsonl.gz");
        Assert.Equal("jsonl", report.GetProperty("format").GetString());
        Assert.Equal(1203, report.GetProperty("records").GetInt32());
        Assert.Equal(2, report.GetProperty("skipped").GetInt32());
        Assert.Equal(1201, report.GetProperty("imported").GetInt32());
        var errors = report.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.StartsWith("line 3:", errors[0]);
        Assert.StartsWith("line 6:", errors[1]);
        Assert.True((await admin.GetAsync("api/v1/cves/CVE-2099-0001")).Json.GetProperty("rejected").GetBoolean());

        using var first = JsonDocument.Parse(lines[0]);
        var id = first.RootElement.GetProperty("cveMetadata").GetProperty("cveId").GetString()!;
        var cve = (await admin.GetAsync($"api/v1/cves/{id}")).EnsureStatus(200).Json;
        Assert.Contains("cve5", cve.GetProperty("sources").EnumerateArray().Select(s => s.GetString()));

        // The KEV snapshot flags what it lists, including CVEs not imported yet.
        using var kev = JsonDocument.Parse(new GZipStream(File.OpenRead(Data("cisa-kev-ids-snapshot-20260701.json.gz")), CompressionMode.Decompress));
        var kevReport = await ImportAsync(admin, await File.ReadAllBytesAsync(Data("cisa-kev-ids-snapshot-20260701.json.gz")), "kev.json.gz");
        Assert.Equal("cisa-kev-snapshot", kevReport.GetProperty("format").GetString());
        Assert.Equal(kev.RootElement.EnumerateObject().Count(), kevReport.GetProperty("imported").GetInt32());
        var listed = kev.RootElement.EnumerateObject().First();
        var flagged = (await admin.GetAsync($"api/v1/cves/{listed.Name}")).EnsureStatus(200).Json;
        Assert.True(flagged.GetProperty("kev").GetBoolean());
        Assert.Equal(listed.Value.GetProperty("dateAdded").GetString(), flagged.GetProperty("kevAdded").GetString());

        var debian = await ImportAsync(admin, await File.ReadAllBytesAsync(Data("vunnel-fixture-debian-tracker-sample.json.gz")), "debian.json.gz");
        Assert.Equal("debian-tracker", debian.GetProperty("format").GetString());
        Assert.True(debian.GetProperty("imported").GetInt32() > 0);
        var tracked = (await admin.GetAsync("api/v1/cves/CVE-2008-7220")).Json;
        Assert.Contains(tracked.GetProperty("debian").EnumerateArray(), d => d.GetProperty("sourcePackage").GetString() == "prototypejs");
    }

    [Fact]
    public async Task NvdOverride_ReplacesConfigurations_NvdDoesNotOverwriteIt()
    {
        var lines = GunzipLines(Data("anchore-nvd-overrides-configurations-20260821.jsonl.gz"), 300);
        using var chosen = JsonDocument.Parse(lines[^1]);
        var id = chosen.RootElement.GetProperty("_annotation").GetProperty("cve_id").GetString()!;
        await using var server = await VigieTestServer.StartAsync();
        var admin = await server.SetupAdminAsync();
        var report = await ImportAsync(admin, Encoding.UTF8.GetBytes(string.Join('\n', lines)), "overrides.jsonl");
        Assert.Equal(300, report.GetProperty("imported").GetInt32());
        var nvd = "{\"format\":\"NVD_CVE\",\"version\":\"2.0\",\"vulnerabilities\":[{\"cve\":{\"id\":\"" + id
            + "\",\"lastModified\":\"2030-01-01T00:00:00.000\",\"vulnStatus\":\"Analyzed\",\"configurations\":[{\"nodes\":[{\"operator\":\"OR\","
            + "\"negate\":false,\"cpeMatch\":[{\"vulnerable\":true,\"criteria\":\"cpe:2.3:a:wrong:wrong:*:*:*:*:*:*:*:*\"}]}]}]}}]}";
        await ImportAsync(admin, Encoding.UTF8.GetBytes(nvd), "nvd.json");
        var cve = (await admin.GetAsync($"api/v1/cves/{id}")).Json;
        Assert.Equal(JsonValueKind.Array, cve.GetProperty("configurations").ValueKind);
        Assert.DoesNotContain("wrong:wrong", cve.GetProperty("configurations").GetRawText());
        Assert.Equal("Analyzed", cve.GetProperty("nvdStatus").GetString());
    }

    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task DebianBinaryToSourceMap_Imported_ReimportChangesNothing(TestDatabase db)
    {
        var path = Data("debian12-amd64-binary-to-source-packages.tsv.gz");
        var expected = GunzipLines(path, int.MaxValue).Length - 1;
        await using var server = await VigieTestServer.StartAsync(db);
        var admin = await server.SetupAdminAsync();
        var report = await ImportAsync(admin, await File.ReadAllBytesAsync(path), "debian12.tsv.gz");
        Assert.Equal("debian-binary-to-source", report.GetProperty("format").GetString());
        Assert.Equal(expected, report.GetProperty("records").GetInt32());
        Assert.Equal(expected, report.GetProperty("imported").GetInt32());
        await using (var c = await DatabaseAccess.OpenAsync(server))
        {
            Assert.Equal(expected, await Dapper.SqlMapper.ExecuteScalarAsync<int>(c, "SELECT COUNT(*) FROM vuln_debian_sources"));
            Assert.Equal("0ad-data", await Dapper.SqlMapper.ExecuteScalarAsync<string>(c,
                "SELECT source_package FROM vuln_debian_sources WHERE suite = 'bookworm' AND binary_package = '0ad-data-common'"));
        }
        var again = await ImportAsync(admin, await File.ReadAllBytesAsync(path), "debian12.tsv.gz");
        Assert.Equal(0, again.GetProperty("imported").GetInt32());
    }

    [Theory]
    [InlineData("[1, 2, 3]", "unknown_cve_format")]
    [InlineData("{\"vulnerabilities\": [", "malformed_json")]
    [InlineData("", "empty_file")]
    public async Task BadFile_ClearErrorNothingWritten(string body, string code)
    {
        await using var server = await VigieTestServer.StartAsync();
        var admin = await server.SetupAdminAsync();
        var response = await admin.SendBytesAsync(HttpMethod.Post, "api/v1/cves/imports?fileName=bad.json", Encoding.UTF8.GetBytes(body));
        response.EnsureProblem(400, code);
        (await admin.GetAsync("api/v1/cves/CVE-2023-27314")).EnsureProblem(404, "not_found");
        (await admin.GetAsync("api/v1/cves/not-a-cve")).EnsureProblem(400, "validation_failed");
    }
}
