using System.ComponentModel.DataAnnotations;

namespace Vigie.Core.Vulnerabilities.Notifications;

/// <summary>The daily digest: when, to whom, in which language, through SMTP and/or a webhook. Bound from <c>Notifications</c>.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>Send the digest every day at <see cref="DigestTimeUtc"/>.</summary>
    public bool DigestEnabled { get; set; }

    /// <summary>Time of day (UTC, HH:mm) the digest is sent.</summary>
    [RegularExpression(@"^([01]\d|2[0-3]):[0-5]\d$")] public string DigestTimeUtc { get; set; } = "07:00";

    /// <summary><c>fr</c> or <c>en</c>.</summary>
    [RegularExpression("^(fr|en)$")] public string Language { get; set; } = "fr";

    public string[] Recipients { get; set; } = [];

    public string From { get; set; } = "vigie@localhost";

    [Range(1, 365)] public int NotSeenDays { get; set; } = 7;

    /// <summary>JSON digest POSTed here when set.</summary>
    public string? WebhookUrl { get; set; }

    public string? SmtpHost { get; set; }

    [Range(1, 65535)] public int SmtpPort { get; set; } = 25;

    /// <summary>How long one message may take to hand to the SMTP server before the delivery is reported failed.</summary>
    [Range(1, 600)] public int SmtpTimeoutSeconds { get; set; } = 60;

    /// <summary>Upgrade the SMTP session with STARTTLS (the server's certificate is validated).</summary>
    public bool SmtpStartTls { get; set; }

    /// <summary>
    /// Path to a PEM file with one or more certificates (an internal CA, or the SMTP server's own certificate) trusted for the
    /// SMTP server in addition to the system store. Requires <see cref="SmtpStartTls"/>.
    /// </summary>
    public string? SmtpTrustedCertificate { get; set; }

    public string? SmtpUsername { get; set; }

    public string? SmtpPassword { get; set; }
}
