using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using Vigie.Testing;

namespace Vigie.Server.Tests;

/// <summary>Debian's DSA and DLA lists imported into the Debian table beside the tracker JSON.</summary>
public partial class CveImportDebianAdvisoriesTests
{
    private const string DsaList = "debian-security-tracker-20230402-DSA-list.txt.gz";
    private const string DlaList = "debian-security-tracker-20230402-DLA-list.txt.gz";

    private static async Task<JsonElement> ImportAsync(ApiClient admin, byte[] body, string fileName)
    {
        var response = await admin.SendBytesAsync(HttpMethod.Post, $"api/v1/cves/imports?fileName={fileName}", body);
        return response.EnsureStatus(200).Json;
    }

    private static Task<JsonElement> ImportTextAsync(ApiClient admin, string text, string fileName) => ImportAsync(admin, Encoding.UTF8.GetBytes(text), fileName);

    /// <summary>The Debian rows of a CVE as <c>GET /api/v1/cves/{id}</c> shows them, keyed "package/release".</summary>
    private static async Task<Dictionary<string, (string Status, string? Fixed, string? Urgency, string Origin)>> DebianAsync(ApiClient admin, string cve) =>
        (await admin.GetAsync($"api/v1/cves/{cve}")).EnsureStatus(200).Json.GetProperty("debian").EnumerateArray().ToDictionary(
            d => $"{d.GetProperty("sourcePackage").GetString()}/{d.GetProperty("release").GetString()}",
            d => (d.GetProperty("status").GetString()!, d.GetProperty("fixedVersion").GetString(), d.GetProperty("urgency").GetString(),
                d.GetProperty("origin").GetString()!));

    /// <summary>
    /// What a list holds, counted on its lines with none of the importer's code: a line at the margin opens an advisory;
    /// a release line is well formed when its fourth field starts with a digit (a version) or '&lt;' (a marker), and
    /// one that is not spoils its advisory. Records: the CVEs of each sound advisory with release lines, plus one per
    /// spoilt advisory; rows: distinct (package, CVE, release) of the sound ones.
    /// </summary>
    private static (int Advisories, int Records, List<int> MalformedLines, HashSet<(string, string, string)> Rows) Count(string path)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        var advisories = new List<(List<string> Cves, List<(string Release, string Package)> Lines, int? Bad)>();
        var number = 0;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            number++;
            var text = line.Trim();
            if (text.Length == 0)
            {
                continue;
            }
            if (!char.IsWhiteSpace(line[0]))
            {
                advisories.Add(([], [], null));
            }
            else if (text.StartsWith('{'))
            {
                advisories[^1].Cves.AddRange(CveIds().Matches(text).Select(m => m.Value).Distinct());
            }
            else if (text.StartsWith('['))
            {
                var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length >= 4 && (char.IsAsciiDigit(fields[3][0]) || fields[3][0] == '<'))
                {
                    advisories[^1].Lines.Add((fields[0].Trim('[', ']'), fields[2]));
                }
                else if (advisories[^1].Bad is null)
                {
                    advisories[^1] = advisories[^1] with { Bad = number };
                }
            }
        }
        var sound = advisories.Where(a => a.Bad is null).ToList();
        var malformed = advisories.Where(a => a.Bad is not null).Select(a => a.Bad!.Value).ToList();
        return (advisories.Count, sound.Where(a => a.Lines.Count > 0).Sum(a => a.Cves.Count) + malformed.Count, malformed,
            sound.SelectMany(a => a.Lines.SelectMany(l => a.Cves.Select(cve => (l.Package, cve, l.Release)))).ToHashSet());
    }

    private static async Task<int> AdvisoryRowsAsync(VigieTestServer server)
    {
        await using var c = await DatabaseAccess.OpenAsync(server);
        return await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM vuln_debian WHERE origin <> 'tracker'");
    }

    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task RealDsaAndDlaLists_EveryAnnouncedFixImported_ReimportChangesNothing(TestDatabase db)
    {
        var dsaPath = SharedFixtures.Path("data", "cve", DsaList);
        var dlaPath = SharedFixtures.Path("data", "cve", DlaList);
        var dsa = Count(dsaPath);
        var dla = Count(dlaPath);
        Assert.Equal((5406, 3534), (dsa.Advisories, dla.Advisories));
        // DSA-423 gives "kernel-image-2.4.17-ia64" as the version: dpkg refuses it, so the whole advisory is left out.
        Assert.Equal([17244], dsa.MalformedLines);
        Assert.Empty(dla.MalformedLines);

        await using var server = await VigieTestServer.StartAsync(db);
        var admin = await server.SetupAdminAsync();
        var report = await ImportAsync(admin, await File.ReadAllBytesAsync(dsaPath), "DSA-list.txt.gz");
        Assert.Equal("debian-dsa-list", report.GetProperty("format").GetString());
        Assert.Equal(dsa.Records, report.GetProperty("records").GetInt32());
        Assert.Equal(1, report.GetProperty("skipped").GetInt32());
        Assert.StartsWith("line 17244: DSA-423: 'kernel-image-2.4.17-ia64' is not a valid dpkg version",
            Assert.Single(report.GetProperty("errors").EnumerateArray()).GetString());
        // A record whose rows an earlier-read advisory already holds at a higher version (DSA-4509-3 is read before -1) changes nothing.
        Assert.InRange(report.GetProperty("imported").GetInt32(), dsa.Records * 9 / 10, dsa.Records - 1);
        Assert.Equal(dsa.Records - 1, report.GetProperty("imported").GetInt32() + report.GetProperty("unchanged").GetInt32());
        Assert.Equal(dsa.Rows.Count, await AdvisoryRowsAsync(server));

        var apache = await DebianAsync(admin, "CVE-2023-25690");
        Assert.Equal(("resolved", "2.4.56-1~deb11u1", null, "DSA-5376-1"), apache["apache2/bullseye"]);
        // The regression update DSA-4509-3 names the CVE again with a higher version: it wins over DSA-4509-1.
        var regression = await DebianAsync(admin, "CVE-2019-10092");
        Assert.Equal(("resolved", "2.4.38-3+deb10u3", null, "DSA-4509-3"), regression["apache2/buster"]);
        Assert.Equal(("resolved", "2.4.25-3+deb9u9", null, "DSA-4509-3"), regression["apache2/stretch"]);
        Assert.Equal(("resolved", "0", null, "DSA-177"), (await DebianAsync(admin, "CVE-2002-1227"))["pam/woody"]);
        Assert.Equal(("open", null, null, "DSA-880-1"), (await DebianAsync(admin, "CVE-2005-2869"))["phpmyadmin/woody"]);
        // A double blank between package and version (DSA-2798-1's curl line) is tolerated.
        Assert.Equal(("resolved", "7.26.0-1+wheezy5", null, "DSA-2798-1"), (await DebianAsync(admin, "CVE-2013-4545"))["curl/wheezy"]);

        var again = await ImportAsync(admin, await File.ReadAllBytesAsync(dsaPath), "DSA-list.txt.gz");
        Assert.Equal(0, again.GetProperty("imported").GetInt32());
        Assert.Equal(dsa.Records - 1, again.GetProperty("unchanged").GetInt32());

        var lts = await ImportAsync(admin, await File.ReadAllBytesAsync(dlaPath), "DLA-list.txt.gz");
        Assert.Equal("debian-dla-list", lts.GetProperty("format").GetString());
        Assert.Equal(dla.Records, lts.GetProperty("records").GetInt32());
        Assert.Equal(0, lts.GetProperty("skipped").GetInt32());
        Assert.Equal(dsa.Rows.Union(dla.Rows).Count(), await AdvisoryRowsAsync(server));
        Assert.Equal(("resolved", "0.13.0-2+deb10u2", null, "DLA-3193-2"), (await DebianAsync(admin, "CVE-2022-21797"))["joblib/buster"]);
        Assert.Equal(0, (await ImportAsync(admin, await File.ReadAllBytesAsync(dlaPath), "DLA-list.txt.gz")).GetProperty("imported").GetInt32());
    }

    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task TrackerJson_WinsOverAdvisoryRows_WhicheverIsImportedFirst(TestDatabase db)
    {
        const string list = "[20 Mar 2023] DSA-5376-1 apache2 - security update\n\t{CVE-2023-25690 CVE-2023-27522}\n\t[bullseye] - apache2 2.4.56-1~deb11u1\n";
        // The tracker's versions are below the advisory's on purpose: the tracker wins as the authority, not as the highest.
        static string Tracker(string cve) =>
            """{"apache2": {"@cve": {"releases": {"bullseye": {"status": "resolved", "fixed_version": "2.4.55-1", "urgency": "high"}}}}}""".Replace("@cve", cve, StringComparison.Ordinal);
        await using var server = await VigieTestServer.StartAsync(db);
        var admin = await server.SetupAdminAsync();

        // Tracker first: the advisory fills only the key the tracker did not speak of.
        Assert.Equal(1, (await ImportTextAsync(admin, Tracker("CVE-2023-25690"), "tracker.json")).GetProperty("imported").GetInt32());
        var report = await ImportTextAsync(admin, list, "DSA-list");
        Assert.Equal((2, 1, 1), (report.GetProperty("records").GetInt32(), report.GetProperty("imported").GetInt32(), report.GetProperty("unchanged").GetInt32()));
        Assert.Equal(("resolved", "2.4.55-1", "high", "tracker"), (await DebianAsync(admin, "CVE-2023-25690"))["apache2/bullseye"]);
        Assert.Equal(("resolved", "2.4.56-1~deb11u1", null, "DSA-5376-1"), (await DebianAsync(admin, "CVE-2023-27522"))["apache2/bullseye"]);

        // Advisory first: the tracker replaces the advisory's row, and the advisory read again leaves it alone.
        Assert.Equal(1, (await ImportTextAsync(admin, Tracker("CVE-2023-27522"), "tracker.json")).GetProperty("imported").GetInt32());
        Assert.Equal(("resolved", "2.4.55-1", "high", "tracker"), (await DebianAsync(admin, "CVE-2023-27522"))["apache2/bullseye"]);
        Assert.Equal(0, (await ImportTextAsync(admin, list, "DSA-list")).GetProperty("imported").GetInt32());
        Assert.Equal(("resolved", "2.4.55-1", "high", "tracker"), (await DebianAsync(admin, "CVE-2023-27522"))["apache2/bullseye"]);
        Assert.Equal(0, await AdvisoryRowsAsync(server));

        // Saying the same as an advisory row still makes the row the tracker's.
        Assert.Equal(1, (await ImportTextAsync(admin, list.Replace("CVE-2023-25690 CVE-2023-27522", "CVE-2023-1000", StringComparison.Ordinal), "DSA-list"))
            .GetProperty("imported").GetInt32());
        var same = """{"apache2": {"CVE-2023-1000": {"releases": {"bullseye": {"status": "resolved", "fixed_version": "2.4.56-1~deb11u1"}}}}}""";
        Assert.Equal(1, (await ImportTextAsync(admin, same, "tracker.json")).GetProperty("imported").GetInt32());
        Assert.Equal("tracker", (await DebianAsync(admin, "CVE-2023-1000"))["apache2/bullseye"].Origin);
        Assert.Equal(0, (await ImportTextAsync(admin, same, "tracker.json")).GetProperty("imported").GetInt32());
    }

    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task RegressionUpdate_HigherFixWins_WhicheverIsImportedFirst(TestDatabase db)
    {
        const string first = "[15 Aug 2019] DSA-4509-1 apache2 - security update\n\t{CVE-2019-10092 CVE-2019-10098}\n"
            + "\t[buster] - apache2 2.4.38-3+deb10u1\n\t[stretch] - apache2 2.4.25-3+deb9u8\n";
        const string regression = "[26 Aug 2019] DSA-4509-3 apache2 - regression update\n\t{CVE-2019-10092}\n\t[buster] - apache2 2.4.38-3+deb10u3\n";
        const string unfixed = "[01 Sep 2019] DSA-9999-1 apache2 - later advisory\n\t{CVE-2019-10092}\n\t[buster] - apache2 <unfixed>\n";
        await using var server = await VigieTestServer.StartAsync(db);
        var admin = await server.SetupAdminAsync();

        Assert.Equal(2, (await ImportTextAsync(admin, first, "DSA-4509-1")).GetProperty("imported").GetInt32());
        Assert.Equal(1, (await ImportTextAsync(admin, regression, "DSA-4509-3")).GetProperty("imported").GetInt32());
        var rows = await DebianAsync(admin, "CVE-2019-10092");
        Assert.Equal(("resolved", "2.4.38-3+deb10u3", null, "DSA-4509-3"), rows["apache2/buster"]);
        Assert.Equal(("resolved", "2.4.25-3+deb9u8", null, "DSA-4509-1"), rows["apache2/stretch"]);

        // The lower fix read again, or an advisory announcing no fix, does not undo the higher one.
        Assert.Equal(0, (await ImportTextAsync(admin, first, "DSA-4509-1")).GetProperty("imported").GetInt32());
        Assert.Equal(0, (await ImportTextAsync(admin, unfixed, "DSA-9999-1")).GetProperty("imported").GetInt32());
        Assert.Equal("2.4.38-3+deb10u3", (await DebianAsync(admin, "CVE-2019-10092"))["apache2/buster"].Fixed);

        // The other way round, on a fresh server: no fix, then the regression update, then the lower fix, which changes nothing.
        await using var other = await VigieTestServer.StartAsync(db);
        var otherAdmin = await other.SetupAdminAsync();
        await ImportTextAsync(otherAdmin, unfixed, "DSA-9999-1");
        Assert.Equal(("open", null, null, "DSA-9999-1"), (await DebianAsync(otherAdmin, "CVE-2019-10092"))["apache2/buster"]);
        Assert.Equal(1, (await ImportTextAsync(otherAdmin, regression, "DSA-4509-3")).GetProperty("imported").GetInt32());
        await ImportTextAsync(otherAdmin, first, "DSA-4509-1");
        Assert.Equal(rows, await DebianAsync(otherAdmin, "CVE-2019-10092"));
        Assert.Equal(0, (await ImportTextAsync(otherAdmin, regression, "DSA-4509-3")).GetProperty("imported").GetInt32());
    }

    [Fact]
    public async Task MalformedBlocks_ReportedWithTheirLine_RestImported()
    {
        var list = string.Join('\n',
            "[29 Mar 2023] DSA-5380-1 xorg-server - security update", //  1
            "\t{CVE-2023-1393}",
            "\t[bullseye] - xorg-server 2:1.20.11-1+deb11u6",
            "[27 Mar 2023] DSA-5379-1 dino-im - security update", //      4
            "\t{CVE-2023-28686}",
            "\t[buster] - dino-im 0.1.0-3+deb10u1",
            "\t[bullseye] - dino-im 0.2.0-3+deb11u1 this is not a note", // 7: the whole advisory is refused, buster included
            "[25 Mar 2023] DSA-5378-1 xen - security update", //          8
            "\t{CVE-2022-23824 CVE-2022-XXXX}", //                        9
            "\t[bullseye] - xen 4.14.5+94-ge49571868d-1",
            "not an advisory header", //                                  11
            "\t{CVE-2099-0001}",
            "\t[bullseye] - nothing 1.0-1",
            "",
            "[23 Mar 2023] DSA-5377-1 chromium - security update", //     15
            "\t{CVE-2023-1528 CVE-2023-1529}",
            "\t[bullseye] - chromium <removed>", //                       17
            "[20 Mar 2023] DSA-5376-1 apache2 - security update", //      18
            "\t{CVE-2023-25690}",
            "\tNOTE: fixed in testing at time of DSA",
            "\t[bullseye] - apache2 2.4.56-1~deb11u1",
            "");
        await using var server = await VigieTestServer.StartAsync();
        var admin = await server.SetupAdminAsync();
        var report = await ImportTextAsync(admin, list, "DSA-list");
        Assert.Equal((6, 2, 4), (report.GetProperty("records").GetInt32(), report.GetProperty("imported").GetInt32(), report.GetProperty("skipped").GetInt32()));
        Assert.Equal(
            [
                "line 7: DSA-5379-1: expected '{CVE-...}', '[release] - source-package version|<marker>' or 'NOTE: ...', found '[bullseye] - dino-im 0.2.0-3+deb11u1 this is not a note'",
                "line 9: DSA-5378-1: 'CVE-2022-XXXX' is not a CVE id",
                "line 11: expected an advisory header '[dd Mon yyyy] DSA-n-m ...', found 'not an advisory header'",
                "line 17: DSA-5377-1: unknown marker '<removed>' for chromium in bullseye",
            ],
            report.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList());
        Assert.Equal("2:1.20.11-1+deb11u6", (await DebianAsync(admin, "CVE-2023-1393"))["xorg-server/bullseye"].Fixed);
        Assert.Equal("2.4.56-1~deb11u1", (await DebianAsync(admin, "CVE-2023-25690"))["apache2/bullseye"].Fixed);
        foreach (var refused in new[] { "CVE-2023-28686", "CVE-2022-23824", "CVE-2099-0001", "CVE-2023-1528" })
        {
            (await admin.GetAsync($"api/v1/cves/{refused}")).EnsureProblem(404, "not_found");
        }
    }

    [GeneratedRegex(@"CVE-\d{4}-\d+")]
    private static partial Regex CveIds();
}
