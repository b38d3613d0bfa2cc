using System.Globalization;
using System.Net;
using System.Text;

namespace Vigie.Core.Vulnerabilities.Notifications;

/// <summary>The digest as an email: subject, plain text and HTML, in French or English. Every value is HTML-encoded.</summary>
public static class DigestRenderer
{
    private static readonly string[] Severities = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "NONE", "UNKNOWN"];

    public static (string Subject, string Text, string Html) Render(Digest d, string language)
    {
        var fr = language == "fr";
        var day = d.To.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string T(string french, string english) => fr ? french : english;
        var subject = T($"Vigie — synthèse du {day} : {Sum(d.NewBySeverity)} nouvelles vulnérabilités, {d.KevOpen} exploitées (KEV)",
            $"Vigie — digest for {day}: {Sum(d.NewBySeverity)} new findings, {d.KevOpen} known exploited (KEV)");
        var lines = new List<(string Label, string Value)>
        {
            (T("Postes inventoriés (24 h)", "Assets inventoried (24 h)"), Number(d.AssetsInventoried)),
            (T($"Postes non vus depuis {d.NotSeenDays} jours", $"Assets not seen for {d.NotSeenDays} days"), Number(d.AssetsNotSeen)),
            (T("Vulnérabilités ouvertes", "Open findings"), Number(d.OpenFindings)),
            (T("dont exploitées (CISA KEV)", "of which known exploited (CISA KEV)"), Number(d.KevOpen)),
            (T("Nouvelles par sévérité", "New by severity"), BySeverity(d.NewBySeverity)),
            (T("Corrigées par sévérité", "Resolved by severity"), BySeverity(d.ResolvedBySeverity)),
        };
        var text = new StringBuilder().AppendLine(subject).AppendLine();
        foreach (var (label, value) in lines)
        {
            text.AppendLine($"{label} : {value}");
        }
        text.AppendLine().AppendLine(T("CVE les plus répandues :", "Most widespread CVEs:"));
        foreach (var cve in d.TopCves)
        {
            text.AppendLine($"  {cve.CveId}  {cve.Severity ?? "?"} {Score(cve.CvssScore)}{(cve.Kev ? " KEV" : "")}  — {cve.Assets} {T("poste(s)", "asset(s)")}");
        }
        text.AppendLine().AppendLine(T("Logiciels les plus vulnérables :", "Most vulnerable software:"));
        foreach (var software in d.TopSoftware)
        {
            text.AppendLine($"  {software.Software} — {software.Findings}");
        }

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><body><h1>").Append(Encode(subject)).Append("</h1><table>");
        foreach (var (label, value) in lines)
        {
            html.Append("<tr><th>").Append(Encode(label)).Append("</th><td>").Append(Encode(value)).Append("</td></tr>");
        }
        html.Append("</table><h2>").Append(Encode(T("CVE les plus répandues", "Most widespread CVEs"))).Append("</h2><ul>");
        foreach (var cve in d.TopCves)
        {
            html.Append("<li>").Append(Encode($"{cve.CveId} {cve.Severity ?? "?"} {Score(cve.CvssScore)}{(cve.Kev ? " KEV" : "")} — {cve.Assets}")).Append("</li>");
        }
        html.Append("</ul><h2>").Append(Encode(T("Logiciels les plus vulnérables", "Most vulnerable software"))).Append("</h2><ul>");
        foreach (var software in d.TopSoftware)
        {
            html.Append("<li>").Append(Encode($"{software.Software} — {software.Findings}")).Append("</li>");
        }
        html.Append("</ul></body></html>");
        return (subject, text.ToString(), html.ToString());
    }

    private static int Sum(IReadOnlyDictionary<string, int> counts) => counts.Values.Sum();

    private static string BySeverity(IReadOnlyDictionary<string, int> counts) =>
        string.Join(", ", Severities.Where(s => counts.GetValueOrDefault(s) > 0).Select(s => $"{s.ToLowerInvariant()} {counts[s]}")) is { Length: > 0 } text ? text : "0";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Score(double? score) => score?.ToString("0.0", CultureInfo.InvariantCulture) ?? "";

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
