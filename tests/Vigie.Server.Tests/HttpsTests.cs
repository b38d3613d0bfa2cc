using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Vigie.Testing;

namespace Vigie.Server.Tests;

public class HttpsTests
{
    [Fact]
    public async Task CertificateConfigured_ServesHttps()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var path = Path.Combine(Path.GetTempPath(), $"vigie-cert-{Guid.NewGuid():N}.pfx");
        var password = CapturedLogs.Secret("certificate password", "Cert!" + Guid.NewGuid().ToString("N"));
        await File.WriteAllBytesAsync(path, certificate.Export(X509ContentType.Pfx, password));
        try
        {
            await using var server = await VigieTestServer.StartAsync(settings: new Dictionary<string, string?>
            {
                ["Server:Urls"] = "https://127.0.0.1:0",
                ["Server:CertificatePath"] = path,
                ["Server:CertificatePassword"] = password,
            });
            Assert.Equal("https", server.BaseAddress.Scheme);
            var expected = certificate.GetCertHashString(HashAlgorithmName.SHA256);
            string? seen = null;
            using var handler = new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, cert, _, _) =>
                {
                    seen = cert?.GetCertHashString(HashAlgorithmName.SHA256);
                    return seen == expected;
                },
            };
            using var http = new HttpClient(handler) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            using var response = await http.GetAsync("health/live");
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(expected, seen);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
