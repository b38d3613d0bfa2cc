using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Vigie.Testing;

namespace Vigie.Server.Tests;

/// <summary>An SMTP server that accepts the connection and never answers does not hold the digest: the delivery fails after the timeout.</summary>
public class SmtpTimeoutTests
{
    [Fact]
    public async Task SilentSmtpServer_DigestReportsTheEmailFailedAfterTheTimeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var held = new List<TcpClient>();
        using var stop = new CancellationTokenSource();
        var accepting = Task.Run(async () =>
        {
            // Accept and keep the connections open, saying nothing (no 220 greeting).
            while (!stop.IsCancellationRequested)
            {
                held.Add(await silent.AcceptTcpClientAsync(stop.Token));
            }
        });
        try
        {
            await using var server = await VigieTestServer.StartAsync(settings: new Dictionary<string, string?>
            {
                ["Notifications:Recipients:0"] = "rssi@example.test",
                ["Notifications:From"] = "vigie@example.test",
                ["Notifications:SmtpHost"] = "127.0.0.1",
                ["Notifications:SmtpPort"] = port.ToString(CultureInfo.InvariantCulture),
                ["Notifications:SmtpTimeoutSeconds"] = "2",
            });
            using var admin = await server.SetupAdminAsync();
            var clock = Stopwatch.StartNew();
            var email = Assert.Single((await admin.PostAsync("api/v1/digest/send")).EnsureStatus(200).Json.EnumerateArray());
            Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(30));
            Assert.Equal("failed", email.GetProperty("status").GetString());
            Assert.Contains($"127.0.0.1:{port} did not take the message within 2 s", email.GetProperty("error").GetString(), StringComparison.Ordinal);
            Assert.NotEmpty(held);
        }
        finally
        {
            await stop.CancelAsync();
            silent.Stop();
            await Task.WhenAny(accepting, Task.Delay(2000));
            held.ForEach(c => c.Dispose());
        }
    }
}
