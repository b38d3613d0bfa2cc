namespace Vigie.Server;

/// <summary>Where and how the server listens. Bound from the <c>Server</c> section (<c>VIGIE_SERVER__URLS</c>, ...).</summary>
public sealed class ServerOptions
{
    public const string Section = "Server";

    /// <summary>Listen addresses, separated by ';'. An https:// address uses the certificate below.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:8080";

    /// <summary>PKCS#12 (.pfx) certificate for HTTPS.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>Print the one-time setup token on the console at first start (it is always written to the data directory).</summary>
    public bool PrintSetupToken { get; set; } = true;

    /// <summary>
    /// Reverse proxies (IP addresses or networks, ';'-separated) whose <c>X-Forwarded-For</c> names the client; empty: none.
    /// </summary>
    public string? TrustedProxies { get; set; }

    /// <summary>Largest request body accepted, in bytes.</summary>
    public long MaxRequestBodyBytes { get; set; } = 10 * 1024 * 1024;
}
