using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Vigie.Core.Vulnerabilities.Notifications;
using Vigie.Testing;

namespace Vigie.Server.Tests;

public class DigestTests
{
    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    [SkippableFact]
    public async Task Digest_DeliveredToARealSmtpServerAndTheWebhook_RecordedAndScheduledOncePerDay()
    {
        await using var smtp = await SmtpServer.StartAsync();
        var hookPort = FreePort();
        using var hook = new HttpListener();
        hook.Prefixes.Add($"http://127.0.0.1:{hookPort}/hook/");
        hook.Start();
        // The webhook answers as soon as it has read the body (the sender waits for the answer).
        async Task<string> ReceiveAsync()
        {
            var context = await hook.GetContextAsync();
            using var reader = new StreamReader(context.Request.InputStream);
            var text = await reader.ReadToEndAsync();
            context.Response.StatusCode = 204;
            context.Response.Close();
            return text;
        }

        await using var server = await VigieTestServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Notifications:Recipients:0"] = "rssi@example.test",
            ["Notifications:From"] = "vigie@example.test",
            ["Notifications:SmtpHost"] = "127.0.0.1",
            ["Notifications:SmtpPort"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Notifications:WebhookUrl"] = $"http://127.0.0.1:{hookPort}/hook/",
            ["Notifications:Language"] = "en",
            ["Notifications:DigestTimeUtc"] = "07:00",
        });
        var admin = await server.SetupAdminAsync();
        (await admin.SendBytesAsync(HttpMethod.Post, "api/v1/cves/imports?fileName=tracker.json", Encoding.UTF8.GetBytes(
            """{"zlib": {"CVE-2099-2000": {"description": "no fix yet", "releases": {"bookworm": {"status": "open", "urgency": "high"}}}}}"""))).EnsureStatus(200);
        (await admin.SendBytesAsync(HttpMethod.Post, "api/v1/cves/imports?fileName=kev.json",
            Encoding.UTF8.GetBytes("""{"CVE-2099-2000": {"dateAdded": "2026-01-02", "knownRansomwareCampaignUse": "Unknown"}}"""))).EnsureStatus(200);
        // The inventory's background evaluation or the one asked below opens the finding; either announces it at once.
        var received = ReceiveAsync();
        using var agent = new AgentClient(server.BaseAddress);
        Assert.Equal(200, (await agent.PostXmlAsync(
            "<REQUEST><DEVICEID>deb-2026-01-01-00-00-00</DEVICEID><QUERY>INVENTORY</QUERY><CONTENT><HARDWARE><NAME>deb</NAME><OSNAME>Debian GNU/Linux 12</OSNAME><OSVERSION>12</OSVERSION></HARDWARE>"
            + "<SOFTWARES><NAME>zlib</NAME><VERSION>1:1.2.13.dfsg-1</VERSION><FROM>deb</FROM></SOFTWARES></CONTENT></REQUEST>")).Status);

        (await admin.PostAsync("api/v1/findings/evaluate", new { })).EnsureStatus(200);
        using (var alert = JsonDocument.Parse(await received.WaitAsync(TimeSpan.FromSeconds(30))))
        {
            Assert.Equal("vigie.alert", alert.RootElement.GetProperty("type").GetString());
            Assert.Equal("deb", alert.RootElement.GetProperty("asset").GetString());
            Assert.True(alert.RootElement.GetProperty("findings")[0].GetProperty("kev").GetBoolean());
        }
        var alertMail = SmtpServer.Decode(Assert.Single(smtp.Messages()));
        Assert.Contains("1 critical or known exploited finding(s) on deb", alertMail);

        received = ReceiveAsync();
        var deliveries = (await admin.PostAsync("api/v1/digest/send")).EnsureStatus(200).Json;
        Assert.Equal(["email:sent", "webhook:sent"], deliveries.EnumerateArray()
            .Select(d => $"{d.GetProperty("channel").GetString()}:{d.GetProperty("status").GetString()}").ToList());

        var raw = smtp.Messages().Single(m => SmtpServer.Decode(m).Contains("digest for", StringComparison.Ordinal));
        Assert.Contains("To: rssi@example.test", raw);
        Assert.Contains("text/html", raw);
        var message = SmtpServer.Decode(raw);
        Assert.Contains("1 new findings, 1 known exploited", message);
        Assert.Contains("CVE-2099-2000", message);
        Assert.Contains("<h1>Vigie", message);

        using var body = JsonDocument.Parse(await received.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("vigie.digest", body.RootElement.GetProperty("type").GetString());
        Assert.Equal(1, body.RootElement.GetProperty("digest").GetProperty("openFindings").GetInt32());
        Assert.Equal("CVE-2099-2000", body.RootElement.GetProperty("digest").GetProperty("topCves")[0].GetProperty("cveId").GetString());
        Assert.Single((await admin.GetAsync("api/v1/audit/events?action=vulnerabilities.digest.sent")).Json.GetProperty("items").EnumerateArray());

        // The scheduler sends once a day, after the configured time.
        var scheduler = server.Services.GetServices<IHostedService>().OfType<DigestService>().Single();
        var today = server.Clock.GetUtcNow().UtcDateTime.Date;
        server.Clock.Set(new DateTimeOffset(today.AddDays(1).AddHours(6), TimeSpan.Zero));
        Assert.False(await scheduler.RunOnceAsync(CancellationToken.None));
        received = ReceiveAsync();
        server.Clock.Set(new DateTimeOffset(today.AddDays(1).AddHours(7).AddMinutes(1), TimeSpan.Zero));
        Assert.True(await scheduler.RunOnceAsync(CancellationToken.None));
        Assert.Contains("vigie.digest", await received.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(await scheduler.RunOnceAsync(CancellationToken.None));
        Assert.Equal(3, smtp.Messages().Count);
        // Written by the alert's sender right after its deliveries, long done by now (a day later: a fresh login).
        admin = await server.LoginAsync(VigieTestServer.AdminName, VigieTestServer.AdminPassword);
        Assert.Single((await admin.GetAsync("api/v1/audit/events?action=vulnerabilities.alert.sent")).EnsureStatus(200).Json.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public void Render_French_EncodesHtml()
    {
        var digest = new Digest(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1), 3, 1, 7,
            new Dictionary<string, int> { ["CRITICAL"] = 2 }, new Dictionary<string, int>(), 5, 1,
            [new DigestCve("CVE-2024-0001", "CRITICAL", 9.8, true, 2)], [new DigestSoftware("<script>alert(1)</script>", 4)]);
        var (subject, text, html) = DigestRenderer.Render(digest, "fr");
        Assert.StartsWith("Vigie — synthèse du 1970-01-02 : 2 nouvelles vulnérabilités, 1 exploitées (KEV)", subject);
        Assert.Contains("Postes inventoriés (24 h) : 3", text);
        Assert.Contains("critical 2", text);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;", html);
    }

    [Fact]
    public async Task NothingConfigured_ClearProblem()
    {
        await using var server = await VigieTestServer.StartAsync();
        var admin = await server.SetupAdminAsync();
        (await admin.PostAsync("api/v1/digest/send")).EnsureProblem(409, "no_recipients");
    }
}
