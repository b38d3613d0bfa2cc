using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Vigie.Core.Vulnerabilities.Notifications;

/// <summary>
/// Validates the SMTP server's certificate during STARTTLS: the system store first, then the certificates of
/// <see cref="NotificationOptions.SmtpTrustedCertificate"/> (a CA, or the server's own certificate). Anything else is refused.
/// </summary>
/// <remarks>
/// <see cref="System.Net.Mail.SmtpClient"/> has no per-instance validation callback: it passes
/// <see cref="ServicePointManager.ServerCertificateValidationCallback"/>, a process-wide setting, to its SslStream. The callback
/// installed here only applies its own rules inside a <see cref="Scope"/>, an <see cref="AsyncLocal{T}"/> value set around one
/// SMTP send. The handshake runs inside that send's async flow, so it sees the scope; every other TLS connection of the process
/// (HttpWebRequest, FtpWebRequest, another send) runs in a flow without it and gets exactly what it had before: the callback
/// that was installed before this one, or the default rule (accept only when there is no policy error). Inside a scope the
/// stream must also target the configured host, so that work a send might start in the background (which inherits the scope)
/// gains nothing elsewhere; a name mismatch or a missing certificate is always refused.
/// </remarks>
internal static class SmtpCertificateTrust
{
    private static readonly AsyncLocal<Scope?> Current = new();
    private static readonly RemoteCertificateValidationCallback Callback = Validate;
    private static readonly Lock Installing = new();
    private static RemoteCertificateValidationCallback? _previous;

    /// <summary>Reads the PEM certificates of <paramref name="path"/>; throws with a readable message when there are none.</summary>
    public static X509Certificate2Collection Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Notifications:SmtpTrustedCertificate: {path} does not exist.");
        }
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(path);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidDataException($"Notifications:SmtpTrustedCertificate: {path} holds an unreadable certificate ({ex.Message}).", ex);
        }
        if (certificates.Count == 0)
        {
            throw new InvalidDataException($"Notifications:SmtpTrustedCertificate: {path} holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
        }
        return certificates;
    }

    /// <summary>Applies these rules to the TLS handshakes of the current async flow until disposed.</summary>
    public static Scope Enter(string host, X509Certificate2Collection anchors)
    {
        lock (Installing)
        {
#pragma warning disable SYSLIB0014 // SmtpClient reads this obsolete setting and offers no other hook.
            // Installed again if someone replaced it, keeping theirs for the connections outside a scope.
            if (ServicePointManager.ServerCertificateValidationCallback != Callback)
            {
                Volatile.Write(ref _previous, ServicePointManager.ServerCertificateValidationCallback);
                ServicePointManager.ServerCertificateValidationCallback = Callback;
            }
#pragma warning restore SYSLIB0014
        }
        var scope = new Scope(host, anchors, Current.Value);
        Current.Value = scope;
        return scope;
    }

    private static bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        var scope = Current.Value;
        if (scope is null)
        {
            return Volatile.Read(ref _previous)?.Invoke(sender, certificate, chain, errors) ?? errors == SslPolicyErrors.None;
        }
        if (sender is not SslStream stream || !string.Equals(stream.TargetHostName, scope.Host, StringComparison.OrdinalIgnoreCase))
        {
            scope.Refusal = "a TLS connection to another host was attempted during the SMTP session";
            return false;
        }
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }
        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null)
        {
            scope.Refusal = $"the SMTP server's certificate is invalid ({errors})";
            return false;
        }
        // The intermediates the server sent, and those the system found.
        var presented = new X509Certificate2Collection();
        if (chain is not null)
        {
            presented.AddRange(chain.ChainPolicy.ExtraStore);
            presented.AddRange(chain.ChainElements.Select(e => e.Certificate).ToArray());
        }
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        if (IsTrusted(leaf, presented, scope.Anchors, out var reason))
        {
            return true;
        }
        var system = chain is null ? "no chain" : Describe(chain.ChainStatus);
        scope.Refusal = scope.Anchors.Count == 0
            ? $"the SMTP server's certificate does not chain to the system store ({system}); set Notifications:SmtpTrustedCertificate for an internal CA"
            : $"the SMTP server's certificate chains neither to the system store ({system}) nor to Notifications:SmtpTrustedCertificate ({reason})";
        return false;
    }

    /// <summary>
    /// True when <paramref name="leaf"/> chains to one of <paramref name="anchors"/>, or is itself one of them (a pinned
    /// server certificate, possibly issued by a CA that is not configured) and is within its validity period.
    /// </summary>
    internal static bool IsTrusted(X509Certificate2 leaf, X509Certificate2Collection intermediates, X509Certificate2Collection anchors, out string reason)
    {
        if (anchors.Count == 0)
        {
            reason = "no certificate configured";
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(anchors);
        chain.ChainPolicy.ExtraStore.AddRange(intermediates);
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.1"));
        // As SmtpClient does by default (ServicePointManager.CheckCertificateRevocationList is false); internal CAs often
        // publish no reachable CRL.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        var built = chain.Build(leaf);
        reason = Describe(chain.ChainStatus);
        if (built)
        {
            return true;
        }
        // A pinned certificate that is not self-signed cannot end a chain: the only flaw allowed is that the chain stops at it.
        var pinned = anchors.Any(a => a.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span));
        var flaws = chain.ChainStatus.Select(s => s.Status).Where(s => s != X509ChainStatusFlags.NoError).ToList();
        return pinned && flaws.Count > 0 && flaws.All(s => s == X509ChainStatusFlags.PartialChain);
    }

    private static string Describe(X509ChainStatus[] statuses)
    {
        var flaws = statuses.Select(s => s.Status).Where(s => s != X509ChainStatusFlags.NoError).Distinct().ToList();
        return flaws.Count == 0 ? "valid" : string.Join(", ", flaws);
    }

    /// <summary>The rules of one SMTP send; records why a certificate was refused.</summary>
    internal sealed class Scope : IDisposable
    {
        private readonly Scope? _outer;

        internal Scope(string host, X509Certificate2Collection anchors, Scope? outer)
        {
            Host = host;
            Anchors = anchors;
            _outer = outer;
        }

        public string Host { get; }

        public X509Certificate2Collection Anchors { get; }

        public string? Refusal { get; set; }

        public void Dispose() => Current.Value = _outer;
    }
}
