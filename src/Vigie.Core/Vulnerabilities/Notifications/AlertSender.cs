using System.Net;
using System.Text;
using Vigie.Core.Audit;

namespace Vigie.Core.Vulnerabilities.Notifications;

/// <summary>A new finding that warrants an immediate alert (critical severity, or known exploited).</summary>
public sealed record AlertFinding(Guid AssetId, string AssetName, string CveId, string Software, string? InstalledVersion, string? Severity, double? CvssScore, bool Kev);

/// <summary>
/// Sends an immediate alert when an evaluation opens critical or known-exploited findings (when channels are configured):
/// one message per evaluation, so a knowledge-base import that opens findings across the fleet sends one alert, not one per asset.
/// </summary>
public sealed class AlertSender
{
    private const int MaxListed = 200;
    private readonly NotificationChannels _channels;

    public AlertSender(NotificationChannels channels) => _channels = channels;

    public async Task SendAsync(IReadOnlyList<AlertFinding> findings, AuditActor actor, CancellationToken ct)
    {
        if (findings.Count == 0 || !_channels.Configured)
        {
            return;
        }
        var assets = findings.Select(f => f.AssetId).Distinct().Count();
        var fr = _channels.Options.Language == "fr";
        var assetName = assets == 1 ? findings[0].AssetName : fr ? $"{assets} équipements" : $"{assets} assets";
        var subject = fr
            ? $"Vigie — alerte : {findings.Count} vulnérabilité(s) critique(s) ou exploitée(s) sur {assetName}"
            : $"Vigie — alert: {findings.Count} critical or known exploited finding(s) on {assetName}";
        var text = new StringBuilder().AppendLine(subject).AppendLine();
        var html = new StringBuilder("<!DOCTYPE html><html><body><h1>").Append(WebUtility.HtmlEncode(subject)).Append("</h1><ul>");
        foreach (var f in findings.Take(MaxListed))
        {
            var line = $"{f.CveId} {f.Severity ?? "?"} {f.CvssScore?.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)}{(f.Kev ? " KEV" : "")} — {(assets == 1 ? "" : f.AssetName + ": ")}{f.Software} {f.InstalledVersion}";
            text.AppendLine("  " + line);
            html.Append("<li>").Append(WebUtility.HtmlEncode(line)).Append("</li>");
        }
        if (findings.Count > MaxListed)
        {
            var more = fr ? $"… et {findings.Count - MaxListed} de plus (voir Vigie)" : $"… and {findings.Count - MaxListed} more (see Vigie)";
            text.AppendLine("  " + more);
            html.Append("<li>").Append(WebUtility.HtmlEncode(more)).Append("</li>");
        }
        html.Append("</ul></body></html>");
        await _channels.SendAsync("alert", subject, text.ToString(), html.ToString(), new { type = "vigie.alert", subject, asset = assets == 1 ? assetName : null, total = findings.Count, findings = findings.Take(MaxListed * 5) },
            actor, AuditActions.AlertSent, ct);
    }
}
