using System.Security.Cryptography.X509Certificates;

namespace Vigie.Testing;

/// <summary>
/// What a secured <see cref="SmtpServer"/> requires: STARTTLS with <paramref name="Certificate"/> (which holds its private key)
/// before anything else, then AUTH (PLAIN or LOGIN) with these credentials before a message is accepted.
/// </summary>
public sealed record SmtpSecurity(X509Certificate2 Certificate, string Username, string Password);
