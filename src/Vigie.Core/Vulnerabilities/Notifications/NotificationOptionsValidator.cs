using Microsoft.Extensions.Options;

namespace Vigie.Core.Vulnerabilities.Notifications;

/// <summary>Checks at start what data annotations cannot: the trusted SMTP certificate exists, parses, and is used.</summary>
internal sealed class NotificationOptionsValidator : IValidateOptions<NotificationOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.SmtpTrustedCertificate))
        {
            return ValidateOptionsResult.Success;
        }
        if (!options.SmtpStartTls)
        {
            return ValidateOptionsResult.Fail("Notifications:SmtpTrustedCertificate is set but Notifications:SmtpStartTls is false: mail would be sent unencrypted.");
        }
        try
        {
            foreach (var certificate in SmtpCertificateTrust.Load(options.SmtpTrustedCertificate))
            {
                certificate.Dispose();
            }
            return ValidateOptionsResult.Success;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return ValidateOptionsResult.Fail(ex.Message);
        }
    }
}
