using System.Net;
using System.Net.Http.Json;
using System.Net.Mail;
using System.Net.Mime;
using System.Security.Cryptography.X509Certificates;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vigie.Core.Audit;
using Vigie.Core.Common;
using Vigie.Core.Storage;

namespace Vigie.Core.Vulnerabilities.Notifications;

/// <summary>
/// Delivers a notification on the configured channels — SMTP (plain text + HTML, optional STARTTLS and
/// authentication) and the webhook (JSON) — and records every delivery, successful or not, with an audit row.
/// </summary>
public sealed partial class NotificationChannels
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly IDbConnectionFactory _connections;
    private readonly IAuditLog _audit;
    private readonly NotificationOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<NotificationChannels> _logger;

    public NotificationChannels(IDbConnectionFactory connections, IAuditLog audit, IOptions<NotificationOptions> options, TimeProvider clock,
        ILogger<NotificationChannels> logger)
    {
        _connections = connections;
        _audit = audit;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
    }

    public NotificationOptions Options => _options;

    public bool Configured => _options.Recipients.Length > 0 && !string.IsNullOrWhiteSpace(_options.SmtpHost) || !string.IsNullOrWhiteSpace(_options.WebhookUrl);

    public async Task<IReadOnlyList<Delivery>> SendAsync(string kind, string subject, string text, string html, object payload, AuditActor actor,
        AuditAction action, CancellationToken ct)
    {
        var deliveries = new List<Delivery>();
        if (_options.Recipients.Length > 0 && !string.IsNullOrWhiteSpace(_options.SmtpHost))
        {
            deliveries.Add(await EmailAsync(subject, text, html, ct));
        }
        if (!string.IsNullOrWhiteSpace(_options.WebhookUrl))
        {
            deliveries.Add(await WebhookAsync(payload, ct));
        }
        var now = _clock.GetUtcNow();
        await _connections.InTransactionAsync(async (c, t) =>
        {
            foreach (var delivery in deliveries)
            {
                await c.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO vuln_notifications (id, kind, channel, target, subject, sent_at, status, error) VALUES (@Id, @Kind, @Channel, @Target, @Subject, @Now, @Status, @Error)",
                    new { Id = Ids.New(_clock), Kind = kind, delivery.Channel, delivery.Target, Subject = subject, Now = now, delivery.Status, delivery.Error },
                    t, cancellationToken: ct));
            }
            await _audit.AppendAsync(c, t, new AuditEntry(actor, action, kind, deliveries.All(d => d.Status == "sent") ? AuditEntry.Success : AuditEntry.Failure,
                new Dictionary<string, object?> { ["subject"] = subject, ["channels"] = string.Join(' ', deliveries.Select(d => $"{d.Channel}:{d.Status}")) }), ct);
        }, ct);
        return deliveries;
    }

    private async Task<Delivery> EmailAsync(string subject, string text, string html, CancellationToken ct)
    {
        var target = string.Join(", ", _options.Recipients);
        var anchors = new X509Certificate2Collection();
        SmtpCertificateTrust.Scope? trust = null;
        try
        {
            if (!string.IsNullOrWhiteSpace(_options.SmtpTrustedCertificate))
            {
                // Read at each send, so that a renewed CA file is used without a restart.
                anchors = SmtpCertificateTrust.Load(_options.SmtpTrustedCertificate);
            }
            using var message = new MailMessage
            {
                From = new MailAddress(_options.From),
                Subject = subject,
                Body = text,
                BodyEncoding = System.Text.Encoding.UTF8,
                SubjectEncoding = System.Text.Encoding.UTF8,
            };
            foreach (var recipient in _options.Recipients)
            {
                message.To.Add(recipient);
            }
            message.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(html, System.Text.Encoding.UTF8, MediaTypeNames.Text.Html));
            using var smtp = new SmtpClient(_options.SmtpHost, _options.SmtpPort) { EnableSsl = _options.SmtpStartTls, DeliveryMethod = SmtpDeliveryMethod.Network };
            if (!string.IsNullOrEmpty(_options.SmtpUsername))
            {
                smtp.Credentials = new NetworkCredential(_options.SmtpUsername, _options.SmtpPassword);
            }
            trust = _options.SmtpStartTls ? SmtpCertificateTrust.Enter(_options.SmtpHost!, anchors) : null;
            // SendMailAsync ignores SmtpClient.Timeout: a server that accepts the connection and never answers would hold the
            // digest or the alert until the request is cancelled.
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(TimeSpan.FromSeconds(_options.SmtpTimeoutSeconds));
            try
            {
                await smtp.SendMailAsync(message, limit.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                var reason = $"The SMTP server {_options.SmtpHost}:{_options.SmtpPort} did not take the message within {_options.SmtpTimeoutSeconds} s.";
                LogDeliveryFailed("email", reason);
                return new Delivery("email", target, "failed", reason);
            }
            return new Delivery("email", target, "sent", null);
        }
        catch (Exception ex) when (ex is SmtpException or InvalidOperationException or FormatException or IOException or InvalidDataException
                                       or UnauthorizedAccessException)
        {
            // SMTP exceptions name the server and the failure, never the password; the inner ones say why TLS failed.
            var reason = Describe(ex, trust?.Refusal);
            LogDeliveryFailed("email", reason);
            return new Delivery("email", target, "failed", reason);
        }
        finally
        {
            trust?.Dispose();
            foreach (var anchor in anchors)
            {
                anchor.Dispose();
            }
        }
    }

    private static string Describe(Exception ex, string? refusal)
    {
        var messages = new List<string>();
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (!messages.Contains(e.Message))
            {
                messages.Add(e.Message);
            }
        }
        if (refusal is not null)
        {
            messages.Add($"Certificate refused: {refusal}.");
        }
        return string.Join(" ", messages);
    }

    private async Task<Delivery> WebhookAsync(object payload, CancellationToken ct)
    {
        var url = _options.WebhookUrl!;
        try
        {
            using var response = await Http.PostAsJsonAsync(url, payload, ct);
            return response.IsSuccessStatusCode
                ? new Delivery("webhook", url, "sent", null)
                : new Delivery("webhook", url, "failed", $"HTTP {(int)response.StatusCode}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            LogDeliveryFailed("webhook", ex.Message);
            return new Delivery("webhook", url, "failed", ex.Message);
        }
    }

    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning, Message = "Notification delivery by {Channel} failed: {Reason}")]
    private partial void LogDeliveryFailed(string channel, string reason);
}
