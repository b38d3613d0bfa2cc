using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Vigie.Core.Vulnerabilities.Notifications;
using Vigie.Testing;

namespace Vigie.Core.Tests.Vulnerabilities.Notifications;

/// <summary>
/// Real TLS handshakes on 127.0.0.1 validated by the process-wide callback SmtpClient uses, to show that the SMTP trust
/// only applies inside its scope and for its host.
/// </summary>
public sealed class SmtpCertificateTrustScopeTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly X509Certificate2 _internalCa = TestCertificates.CreateAuthority("Internal CA");
    private readonly X509Certificate2 _server;

    public SmtpCertificateTrustScopeTests() => _server = TestCertificates.IssueServer(_internalCa);

    [Fact]
    public async Task Handshake_InsideTheScope_TrustsTheConfiguredCa()
    {
        using var scope = SmtpCertificateTrust.Enter("localhost", [_internalCa]);
        await HandshakeAsync("localhost");
        Assert.Null(scope.Refusal);
    }

    [Fact]
    public async Task Handshake_AfterTheScope_DefaultRule()
    {
        SmtpCertificateTrust.Enter("localhost", [_internalCa]).Dispose();
        await Assert.ThrowsAsync<AuthenticationException>(() => HandshakeAsync("localhost"));
    }

    [Fact]
    public async Task Handshake_InsideTheScopeToAnotherHost_Refused()
    {
        using var scope = SmtpCertificateTrust.Enter("smtp.example.test", [_internalCa]);
        await Assert.ThrowsAsync<AuthenticationException>(() => HandshakeAsync("localhost"));
        Assert.Contains("another host", scope.Refusal);
    }

    [Fact]
    public async Task Handshake_InAnotherFlowDuringTheScope_DefaultRule()
    {
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Started before the scope: its async flow never sees it.
        var other = Task.Run(async () =>
        {
            await go.Task;
            await HandshakeAsync("localhost");
        });
        using (SmtpCertificateTrust.Enter("localhost", [_internalCa]))
        {
            go.SetResult();
            await HandshakeAsync("localhost");
            await Assert.ThrowsAsync<AuthenticationException>(() => other.WaitAsync(Timeout));
        }
    }

    private async Task HandshakeAsync(string targetHost)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port).WaitAsync(Timeout);
        using var accepted = await listener.AcceptTcpClientAsync().WaitAsync(Timeout);
        await using var serverStream = new SslStream(accepted.GetStream());
        var serving = serverStream.AuthenticateAsServerAsync(_server);
#pragma warning disable SYSLIB0014 // The setting SmtpClient reads, which is what is tested.
        await using var clientStream = new SslStream(client.GetStream(), false, ServicePointManager.ServerCertificateValidationCallback);
#pragma warning restore SYSLIB0014
        try
        {
            await clientStream.AuthenticateAsClientAsync(targetHost).WaitAsync(Timeout);
        }
        finally
        {
            client.Close();
            // The server side fails with the client when the certificate is refused: observed, not asserted.
            if (await Task.WhenAny(serving, Task.Delay(Timeout)) == serving)
            {
                _ = serving.Exception;
            }
        }
    }

    public void Dispose()
    {
        _server.Dispose();
        _internalCa.Dispose();
    }
}
