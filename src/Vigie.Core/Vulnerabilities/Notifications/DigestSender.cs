using Vigie.Core.Audit;
using Vigie.Core.Common;

namespace Vigie.Core.Vulnerabilities.Notifications;

/// <summary>Builds the digest for the last 24 hours and delivers it on the configured channels.</summary>
public sealed class DigestSender
{
    private readonly DigestBuilder _builder;
    private readonly NotificationChannels _channels;
    private readonly TimeProvider _clock;

    public DigestSender(DigestBuilder builder, NotificationChannels channels, TimeProvider clock)
    {
        _builder = builder;
        _channels = channels;
        _clock = clock;
    }

    public async Task<IReadOnlyList<Delivery>> SendAsync(AuditActor actor, CancellationToken ct)
    {
        var options = _channels.Options;
        if (options.Recipients.Length == 0 && string.IsNullOrWhiteSpace(options.WebhookUrl))
        {
            throw ProblemException.Conflict("no_recipients", "Neither Notifications:Recipients nor Notifications:WebhookUrl is configured.");
        }
        if (options.Recipients.Length > 0 && string.IsNullOrWhiteSpace(options.SmtpHost))
        {
            throw ProblemException.Conflict("no_smtp_server", "Notifications:SmtpHost is required to email the digest.");
        }
        var now = _clock.GetUtcNow();
        var digest = await _builder.BuildAsync(now.AddDays(-1), now, options.NotSeenDays, ct);
        var (subject, text, html) = DigestRenderer.Render(digest, options.Language);
        return await _channels.SendAsync("digest", subject, text, html, new { type = "vigie.digest", subject, digest }, actor, AuditActions.DigestSent, ct);
    }
}
