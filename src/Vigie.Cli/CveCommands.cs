using System.CommandLine;
using System.Globalization;
using Vigie.Core.Vulnerabilities.KnowledgeBase;

namespace Vigie.Cli;

/// <summary><c>vigie cve import|show</c>: the CVE knowledge base.</summary>
internal static class CveCommands
{
    private static readonly string[] DebianHeaders = ["Source package", "Release", "Status", "Fixed version", "Urgency", "From"];

    public static Command Create(CommandHost host) => new("cve", "Import CVE data files and look up CVEs in the knowledge base")
    {
        CveImportCommand.Create(host), Show(host), CveSyncCommand.Create(host),
    };

    private static Command Show(CommandHost host)
    {
        var id = new Argument<string>("cve-id") { Description = "The CVE's id, e.g. CVE-2024-3094" };
        var command = new Command("show", "Show a CVE: severity, KEV flag, description, affected products and Debian status") { id };
        host.Handle(command, async (context, ct) =>
        {
            using var api = context.Authenticated();
            var body = await api.GetAsync($"api/v1/cves/{Uri.EscapeDataString(context.Value(id)!.Trim().ToUpperInvariant())}", ct);
            if (context.Json)
            {
                context.Output.RawJson(body);
                return ExitCodes.Success;
            }
            Print(context.Output, WireJson.Read<CveView>(body));
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Print(Output output, CveView cve)
    {
        output.Fields(
        [
            ("Id", cve.Id), ("Severity", Severity(cve)),
            ("KEV", cve.Kev ? (cve.KevAdded is { } added ? $"yes, added {added}" : "yes") : "no"),
            ("Rejected", Output.YesNo(cve.Rejected)), ("NVD status", cve.NvdStatus),
            ("Published", cve.PublishedAt is null ? null : Output.Time(cve.PublishedAt)),
            ("Modified", cve.ModifiedAt is null ? null : Output.Time(cve.ModifiedAt)),
            ("Sources", string.Join(", ", cve.Sources.Select(s => cve.SourceModified.TryGetValue(s, out var at) ? $"{s} ({Modified(at)})" : s))),
            ("Description", cve.Description),
        ]);
        output.Line("");
        output.Line($"Products ({cve.Products.Count}):");
        foreach (var product in cve.Products.DefaultIfEmpty("(none)"))
        {
            output.Line($"  {product}");
        }
        output.Line("");
        output.Line("Debian:");
        output.Table(DebianHeaders, cve.Debian.Select(d => (IReadOnlyList<string>)
            [d.SourcePackage, d.Release, d.Status, d.FixedVersion ?? "", d.Urgency ?? "", d.Origin ?? ""]));
    }

    /// <summary>When a source last changed the CVE, as the other times are shown; as the server wrote it if it is not a time.</summary>
    private static string Modified(string at) =>
        DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? Output.Time(time) : at;

    /// <summary><c>HIGH 7.5 (CVSS 3.1) CVSS:3.1/AV:N/...</c>; nothing when no source scored the CVE.</summary>
    private static string? Severity(CveView cve)
    {
        if (cve.CvssScore is not { } score)
        {
            return cve.Severity;
        }
        var text = string.Create(CultureInfo.InvariantCulture, $"{cve.Severity ?? "?"} {score:0.0}");
        if (cve.CvssVersion is { } version)
        {
            text += $" (CVSS {version})";
        }
        return cve.CvssVector is { } vector ? $"{text} {vector}" : text;
    }
}
