using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Dapper;
using Microsoft.Extensions.Options;
using Vigie.Testing;

namespace Vigie.Server.Tests;

/// <summary>
/// The digest emailed to a real aiosmtpd that requires STARTTLS and AUTH, with a certificate from an internal CA the test
/// makes: trusted through Notifications:SmtpTrustedCertificate, or refused.
/// </summary>
public sealed class SmtpStartTlsTests : IDisposable
{
    private const string Username = "vigie-mailer";
    private readonly X509Certificate2 _internalCa = TestCertificates.CreateAuthority("Vigie Test Internal CA");
    private readonly X509Certificate2 _serverCertificate;
    private readonly List<string> _files = [];

    public SmtpStartTlsTests() => _serverCertificate = TestCertificates.IssueServer(_internalCa);

    [SkippableFact]
    public async Task InternalCaTrusted_DigestDeliveredOverTlsAndAuthenticated()
    {
        var password = CapturedLogs.Secret("smtp password", "Smtp!" + Guid.NewGuid().ToString("N"));
        await using var smtp = await SmtpServer.StartAsync(new SmtpSecurity(_serverCertificate, Username, password));
        await using var server = await StartVigieAsync(smtp, "127.0.0.1", password, Pem(_internalCa));

        var delivery = await SendDigestAsync(server);

        Assert.Equal("sent", delivery.Status);
        Assert.Null(delivery.Error);
        var raw = Assert.Single(smtp.Messages());
        Assert.Contains("To: rssi@example.test", raw);
        Assert.Matches(@"X-Test-Tls: TLSv1\.[23]", raw);
        Assert.Contains($"X-Test-Auth: {Username}", raw);
        Assert.Contains("digest for", SmtpServer.Decode(raw));
        Assert.Matches($"^auth ok [A-Z]+ {Username} tls=yes$", Assert.Single(smtp.Events()));
        Assert.Equal([("sent", (string?)null)], await RecordedAsync(server));
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CertificateChainsToNeitherTheSystemNorTheConfiguredCa_RefusedBeforeTheCredentialsAreSent(bool anotherCaConfigured)
    {
        var password = CapturedLogs.Secret("smtp password", "Smtp!" + Guid.NewGuid().ToString("N"));
        await using var smtp = await SmtpServer.StartAsync(new SmtpSecurity(_serverCertificate, Username, password));
        using var otherCa = TestCertificates.CreateAuthority("Some Other CA");
        await using var server = await StartVigieAsync(smtp, "localhost", password, anotherCaConfigured ? Pem(otherCa) : null);

        var delivery = await SendDigestAsync(server);

        Assert.Equal("failed", delivery.Status);
        Assert.Contains(anotherCaConfigured
            ? "Certificate refused: the SMTP server's certificate chains neither to the system store (PartialChain) nor to Notifications:SmtpTrustedCertificate (PartialChain)"
            : "Certificate refused: the SMTP server's certificate does not chain to the system store (PartialChain)", delivery.Error);
        Assert.Empty(smtp.Messages());
        // The handshake failed before AUTH: the password never left Vigie.
        Assert.Empty(smtp.Events());
        Assert.Equal([("failed", delivery.Error)], await RecordedAsync(server));
        Assert.Contains(CapturedLogs.All, line => line.Contains("Notification delivery by email failed", StringComparison.Ordinal)
            && line.Contains(delivery.Error!, StringComparison.Ordinal));
        AssertNeverLogged(password, delivery.Body);
    }

    [SkippableFact]
    public async Task WrongPassword_RecordedAsFailed()
    {
        var password = CapturedLogs.Secret("smtp password", "Smtp!" + Guid.NewGuid().ToString("N"));
        var wrong = CapturedLogs.Secret("smtp password", "Wrong!" + Guid.NewGuid().ToString("N"));
        await using var smtp = await SmtpServer.StartAsync(new SmtpSecurity(_serverCertificate, Username, password));
        await using var server = await StartVigieAsync(smtp, "localhost", wrong, Pem(_internalCa));

        var delivery = await SendDigestAsync(server);

        Assert.Equal("failed", delivery.Status);
        // SmtpClient goes on after the 535 and reports the refusal of MAIL FROM that follows.
        Assert.Contains("not authenticated", delivery.Error);
        Assert.Empty(smtp.Messages());
        Assert.Contains(smtp.Events(), e => e.StartsWith("auth failed ", StringComparison.Ordinal) && e.EndsWith($" {Username} tls=yes", StringComparison.Ordinal));
        Assert.Equal([("failed", delivery.Error)], await RecordedAsync(server));
        AssertNeverLogged(wrong, delivery.Body);
        AssertNeverLogged(password, delivery.Body);
    }

    [Fact]
    public async Task TrustedCertificateMissing_RefusesToStartWithAClearError()
    {
        var data = Directory.CreateTempSubdirectory("vigie-test-").FullName;
        var missing = Path.Combine(data, "no-such-ca.pem");
        try
        {
            var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => VigieTestServer.StartAsync(settings: new Dictionary<string, string?>
            {
                ["DataDirectory"] = data,
                ["Notifications:SmtpHost"] = "localhost",
                ["Notifications:SmtpStartTls"] = "true",
                ["Notifications:SmtpTrustedCertificate"] = missing,
            }));
            Assert.Contains($"Notifications:SmtpTrustedCertificate: {missing} does not exist", refused.Message);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private async Task<VigieTestServer> StartVigieAsync(SmtpServer smtp, string host, string password, string? trustedCertificate) =>
        await VigieTestServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Notifications:Recipients:0"] = "rssi@example.test",
            ["Notifications:From"] = "vigie@example.test",
            ["Notifications:Language"] = "en",
            ["Notifications:SmtpHost"] = host,
            ["Notifications:SmtpPort"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Notifications:SmtpStartTls"] = "true",
            ["Notifications:SmtpUsername"] = Username,
            ["Notifications:SmtpPassword"] = password,
            ["Notifications:SmtpTrustedCertificate"] = trustedCertificate,
        });

    private static async Task<(string Status, string? Error, string Body)> SendDigestAsync(VigieTestServer server)
    {
        var admin = await server.SetupAdminAsync();
        var response = (await admin.PostAsync("api/v1/digest/send")).EnsureStatus(200);
        var email = Assert.Single(response.Json.EnumerateArray());
        Assert.Equal("email", email.GetProperty("channel").GetString());
        var error = email.GetProperty("error");
        return (email.GetProperty("status").GetString()!, error.ValueKind == System.Text.Json.JsonValueKind.Null ? null : error.GetString(), response.Body);
    }

    private static async Task<List<(string Status, string? Error)>> RecordedAsync(VigieTestServer server)
    {
        await using var connection = await DatabaseAccess.OpenAsync(server);
        var rows = await connection.QueryAsync<(string, string?)>("SELECT status, error FROM vuln_notifications WHERE kind = 'digest' AND channel = 'email'");
        return rows.ToList();
    }

    private static void AssertNeverLogged(string secret, string responseBody)
    {
        Assert.DoesNotContain(secret, responseBody, StringComparison.Ordinal);
        Assert.DoesNotContain(CapturedLogs.All, line => line.Contains(secret, StringComparison.Ordinal));
    }

    private string Pem(X509Certificate2 certificate)
    {
        var path = TestCertificates.WritePem(certificate);
        _files.Add(path);
        return path;
    }

    public void Dispose()
    {
        _serverCertificate.Dispose();
        _internalCa.Dispose();
        foreach (var file in _files)
        {
            File.Delete(file);
        }
    }
}
