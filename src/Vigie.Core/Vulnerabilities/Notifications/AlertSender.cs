using System.Net;
using System.Text;
using Vigie.Core.Audit;

namespace Vigie.Core.Vulnerabilities.Notifications;

/// <summary>A new finding that warrants an immediate alert (critical severity, or known exploited).</summary>
public sealed record AlertFinding(Guid AssetId, string CveId, string Software, string? InstalledVersion, string? Severity, double? CvssScore, bool Kev);

/// <summary>Sends an immediate alert when an evaluation opens critical or known-exploited findings (when channels are configured).</summary>
public sealed class AlertSender
{
    private readonly NotificationChannels _channels;

    public AlertSender(NotificationChannels channels) => _channels = channels;

    public async Task SendAsync(string assetName, IReadOnlyList<AlertFinding> findings, AuditActor actor, CancellationToken ct)
    {
        if (findings.Count == 0 || !_channels.Configured)
        {
            return;
        }
        var fr = _channels.Options.Language == "fr";
        var subject = fr
            ? $"Vigie — alerte : {findings.Count} vulnérabilité(s) critique(s) ou exploitée(s) sur {assetName}"
            : $"Vigie — alert: {findings.Count} critical or known exploited finding(s) on {assetName}";
        var text = new StringBuilder().AppendLine(subject).AppendLine();
        var html = new StringBuilder("<!DOCTYPE html><html><body><h1>").Append(WebUtility.HtmlEncode(subject)).Append("</h1><ul>");
        foreach (var f in findings)
        {
            var line = $"{f.CveId} {f.Severity ?? "?"} {f.CvssScore?.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)}{(f.Kev ? " KEV" : "")} — {f.Software} {f.InstalledVersion}";
            text.AppendLine("  " + line);
            html.Append("<li>").Append(WebUtility.HtmlEncode(line)).Append("</li>");
        }
        html.Append("</ul></body></html>");
        await _channels.SendAsync("alert", subject, text.ToString(), html.ToString(), new { type = "vigie.alert", subject, asset = assetName, findings },
            actor, AuditActions.AlertSent, ct);
    }
}
