using System.Globalization;
using Vigie.Testing;

namespace Vigie.Cli.Tests;

/// <summary><c>vigie digest send --now</c> against a server with a real SMTP server (aiosmtpd) configured, or none.</summary>
public sealed class DigestCommandTests
{
    [SkippableFact]
    public async Task SendNow_DeliveredByEmail_ReportedPerChannel()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var server = await TestServers.StartAsync(new Dictionary<string, string?>
        {
            ["Notifications:Recipients:0"] = "rssi@example.test",
            ["Notifications:SmtpHost"] = "127.0.0.1",
            ["Notifications:SmtpPort"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
        });
        using var cli = await TestServers.AdminRunnerAsync(server);
        var sent = (await cli.RunAsync("digest", "send", "--now")).ExpectSuccess();
        Assert.Contains("email to rssi@example.test: sent", sent.Stdout);
        Assert.Single(smtp.Messages());
        Assert.Equal("sent", (await cli.RunAsync("digest", "send", "--now", "--json")).ExpectSuccess().Json[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task NothingConfigured_ClearErrorAndUsage()
    {
        await using var server = await TestServers.StartAsync();
        using var cli = await TestServers.AdminRunnerAsync(server);
        var refused = (await cli.RunAsync("digest", "send", "--now")).Expect(1);
        Assert.Contains("no_recipients", refused.Stderr);
        (await cli.RunAsync("digest", "send")).Expect(2);
    }

    [Fact]
    public async Task CveSync_NoSourceConfigured_ClearError()
    {
        await using var server = await TestServers.StartAsync();
        using var cli = await TestServers.AdminRunnerAsync(server);
        var refused = (await cli.RunAsync("cve", "sync")).Expect(1);
        Assert.Contains("no_sync_sources", refused.Stderr);
    }
}
