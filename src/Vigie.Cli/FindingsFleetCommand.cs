using System.CommandLine;
using System.Globalization;
using Vigie.Core.Vulnerabilities.Findings;

namespace Vigie.Cli;

/// <summary><c>vigie findings fleet --by cve|asset</c>: the open findings of the fleet, per CVE (which assets) or per asset (which CVEs).</summary>
internal static class FindingsFleetCommand
{
    private const string ByCve = "cve";
    private const string ByAsset = "asset";
    private static readonly string[] CveHeaders = ["CVE", "Severity", "KEV", "Assets", "Findings", "Programs", "First seen"];
    private static readonly string[] AssetHeaders = ["Asset", "Open", "Critical", "High", "Medium", "Low", "KEV", "Max CVSS"];

    public static Command Create(CommandHost host)
    {
        var by = new Option<string>("--by") { Description = "cve: each CVE and how many assets have it; asset: each asset and its CVEs by severity", Required = true };
        by.AcceptOnlyFromAmong(ByCve, ByAsset);
        var severity = FindingsCommands.SeverityOption("Only CVEs of this severity");
        var kev = new Option<bool>("--kev") { Description = "Only CVEs in CISA's Known Exploited Vulnerabilities catalogue" };
        var limit = UserCommands.LimitOption($"At most this many rows (default {FindingsCommands.DefaultLimit})");
        var command = new Command("fleet",
            "Open findings across the fleet, per CVE (most assets first) or per asset (most critical first); accepted risks and false positives left out")
        {
            by, severity, kev, limit,
        };
        host.Handle(command, async (context, ct) =>
        {
            var view = context.Value(by)!;
            var take = context.Value(limit) ?? FindingsCommands.DefaultLimit;
            using var api = context.Authenticated();
            var body = await api.GetAsync(QueryString.Append($"api/v1/findings/by-{view}",
                ("severity", context.Value(severity)), ("kev", context.Value(kev) ? "true" : null), ("limit", take.ToString(CultureInfo.InvariantCulture))), ct);
            if (context.Json)
            {
                context.Output.RawJson(body);
                return ExitCodes.Success;
            }
            var count = view == ByCve ? CveTable(context, body) : AssetTable(context, body);
            if (count >= take)
            {
                context.Output.Note("(more rows may exist: raise --limit)");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static int CveTable(CommandContext context, string body)
    {
        var cves = WireJson.Read<List<CveExposure>>(body);
        context.Output.Table(CveHeaders, cves.Select(c => (IReadOnlyList<string>)
        [
            c.CveId, FindingsCommands.Severity(c.Severity, c.CvssScore), Output.YesNo(c.Kev), Number(c.Assets), Number(c.Findings),
            string.Join(", ", c.Programs), Output.Time(c.FirstSeen),
        ]));
        return cves.Count;
    }

    private static int AssetTable(CommandContext context, string body)
    {
        var assets = WireJson.Read<List<AssetExposure>>(body);
        context.Output.Table(AssetHeaders, assets.Select(a => (IReadOnlyList<string>)
        [
            a.AssetName, Number(a.Open), Number(a.Critical), Number(a.High), Number(a.Medium), Number(a.Low), Number(a.Kev),
            a.MaxCvss is { } score ? score.ToString("0.0", CultureInfo.InvariantCulture) : "-",
        ]));
        return assets.Count;
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
