using System.Security.Cryptography.X509Certificates;
using Vigie.Core.Vulnerabilities.Notifications;
using Vigie.Testing;

namespace Vigie.Core.Tests.Vulnerabilities.Notifications;

public sealed class SmtpCertificateTrustTests : IDisposable
{
    private readonly X509Certificate2 _internalCa = TestCertificates.CreateAuthority("Internal CA");
    private readonly X509Certificate2 _otherCa = TestCertificates.CreateAuthority("Other CA");
    private readonly List<string> _files = [];

    [Fact]
    public void IsTrusted_IssuedByTheConfiguredCa_Trusted()
    {
        using var server = TestCertificates.IssueServer(_internalCa);
        Assert.True(SmtpCertificateTrust.IsTrusted(server, [], [_internalCa], out var reason), reason);
    }

    [Fact]
    public void IsTrusted_IssuedByAnotherCa_RefusedAsUntrusted()
    {
        using var server = TestCertificates.IssueServer(_otherCa);
        Assert.False(SmtpCertificateTrust.IsTrusted(server, [_otherCa], [_internalCa], out var reason));
        Assert.Contains("UntrustedRoot", reason);
    }

    [Fact]
    public void IsTrusted_NothingConfigured_Refused()
    {
        using var server = TestCertificates.IssueServer(_internalCa);
        Assert.False(SmtpCertificateTrust.IsTrusted(server, [], [], out _));
    }

    [Fact]
    public void IsTrusted_TheServersOwnCertificatePinned_TrustedThoughItsCaIsNot()
    {
        using var server = TestCertificates.IssueServer(_otherCa);
        using var pinned = X509CertificateLoader.LoadCertificate(server.RawData);
        Assert.True(SmtpCertificateTrust.IsTrusted(server, [], [pinned], out var reason), reason);
    }

    [Fact]
    public void IsTrusted_PinnedButExpired_Refused()
    {
        var now = DateTimeOffset.UtcNow;
        using var server = TestCertificates.IssueServer(_otherCa, now.AddHours(-2), now.AddHours(-1));
        using var pinned = X509CertificateLoader.LoadCertificate(server.RawData);
        Assert.False(SmtpCertificateTrust.IsTrusted(server, [], [pinned], out var reason));
        Assert.Contains("NotTimeValid", reason);
    }

    [Fact]
    public void IsTrusted_ExpiredThoughIssuedByTheConfiguredCa_Refused()
    {
        var now = DateTimeOffset.UtcNow;
        using var server = TestCertificates.IssueServer(_internalCa, now.AddHours(-2), now.AddHours(-1));
        Assert.False(SmtpCertificateTrust.IsTrusted(server, [], [_internalCa], out var reason));
        Assert.Contains("NotTimeValid", reason);
    }

    [Fact]
    public void Validate_ACaBundle_Accepted()
    {
        var path = Pem(_internalCa.ExportCertificatePem() + "\n" + _otherCa.ExportCertificatePem());
        Assert.Equal(2, SmtpCertificateTrust.Load(path).Count);
        Assert.True(new NotificationOptionsValidator().Validate(null, Options(path)).Succeeded);
    }

    [Fact]
    public void Validate_MissingFile_NamesTheOptionAndThePath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"vigie-missing-{Guid.NewGuid():N}.pem");
        var result = new NotificationOptionsValidator().Validate(null, Options(path));
        Assert.True(result.Failed);
        Assert.Contains($"Notifications:SmtpTrustedCertificate: {path} does not exist", result.FailureMessage);
    }

    [Theory]
    [InlineData("not a certificate")]
    [InlineData("-----BEGIN CERTIFICATE-----\nbm90IGRlcg==\n-----END CERTIFICATE-----\n")]
    public void Validate_NotAPemCertificate_ClearError(string content)
    {
        var path = Pem(content);
        var result = new NotificationOptionsValidator().Validate(null, Options(path));
        Assert.True(result.Failed);
        Assert.StartsWith($"Notifications:SmtpTrustedCertificate: {path} holds", result.FailureMessage);
    }

    [Fact]
    public void Validate_WithoutStartTls_Refused()
    {
        var options = Options(Pem(_internalCa.ExportCertificatePem()));
        options.SmtpStartTls = false;
        Assert.Contains("SmtpStartTls is false", new NotificationOptionsValidator().Validate(null, options).FailureMessage);
    }

    private static NotificationOptions Options(string path) => new() { SmtpHost = "smtp.example.test", SmtpStartTls = true, SmtpTrustedCertificate = path };

    private string Pem(string content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"vigie-trust-{Guid.NewGuid():N}.pem");
        File.WriteAllText(path, content);
        _files.Add(path);
        return path;
    }

    public void Dispose()
    {
        _internalCa.Dispose();
        _otherCa.Dispose();
        foreach (var file in _files)
        {
            File.Delete(file);
        }
    }
}
