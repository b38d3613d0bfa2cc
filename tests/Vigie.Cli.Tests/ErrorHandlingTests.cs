using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Vigie.Testing;

namespace Vigie.Cli.Tests;

public sealed class ErrorHandlingTests
{
    [Fact]
    public async Task UnreachableServer_ExitsSixWithAClearMessage()
    {
        using var cli = new CliRunner(ClosedPort());
        var token = CapturedLogs.Secret("api token", "vgt_not-a-real-token-but-secret");
        cli.Environment["VIGIE_TOKEN"] = token;

        var result = (await cli.RunAsync("user", "list")).Expect(6);

        Assert.StartsWith($"error: cannot reach Vigie at {cli.Environment["VIGIE_URL"]!.TrimEnd('/')}", result.Stderr);
        Assert.Contains("connection refused", result.Stderr);
        Assert.DoesNotContain(token, result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("user", "add", "bob")]
    [InlineData("user", "add", "bob", "--role", "emperor")]
    [InlineData("token", "revoke", "not-a-guid")]
    [InlineData("token", "create")]
    [InlineData("audit", "list", "--from", "yesterday")]
    [InlineData("user", "list", "--limit", "0")]
    [InlineData("db", "migrate", "--provider", "Oracle")]
    [InlineData("asset", "list", "--version", "<3.0.11")]
    [InlineData("asset", "list", "--kind", "printer")]
    [InlineData("asset", "export", "--not-seen-days", "-1")]
    [InlineData("asset", "show", "vm", "--history-limit", "0")]
    [InlineData("asset", "tag", "vm")]
    [InlineData("software", "find")]
    [InlineData("snmp", "add", "--name", "sw", "--address", "10.0.0.1", "--version", "3")]
    [InlineData("snmp", "add", "--name", "sw", "--address", "10.0.0.1", "--version", "2c", "--port", "70000")]
    [InlineData("snmp", "remove", "sw")]
    [InlineData("cve", "import")]
    [InlineData("cve", "show")]
    public async Task UsageErrors_ExitTwoWithoutContactingAServer(params string[] args)
    {
        using var cli = new CliRunner(ClosedPort());

        var result = (await cli.RunAsync(args)).Expect(2);

        Assert.StartsWith("error: ", result.Stderr);
        Assert.Contains("--help", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task MissingPasswordWithoutATerminal_ExitsTwo()
    {
        using var cli = new CliRunner(ClosedPort());

        var result = (await cli.RunAsync("login", "--username", "admin")).Expect(2);

        Assert.Contains("--password-stdin", result.Stderr);
    }

    [Fact]
    public async Task NoToken_ExitsThreeBeforeAnyRequest()
    {
        using var cli = new CliRunner(ClosedPort());

        var result = (await cli.RunAsync("user", "list")).Expect(3);

        Assert.Contains("not logged in", result.Stderr);
        Assert.Contains("vigie login", result.Stderr);
    }

    [Fact]
    public async Task SavedToken_IsNotSentToADifferentServer()
    {
        using var cli = new CliRunner();
        var token = CapturedLogs.Secret("api token", "vgt_saved-for-another-server");
        Directory.CreateDirectory(Path.GetDirectoryName(cli.ProfilePath)!);
        await File.WriteAllTextAsync(cli.ProfilePath, JsonSerializer.Serialize(new { url = "https://vigie.example", token, username = "admin" }));

        var result = (await cli.RunAsync("user", "list", "--url", ClosedPort().ToString())).Expect(3);

        Assert.Contains("not logged in", result.Stderr);
        Assert.Contains("readable by other users", result.Stderr);
    }

    [Fact]
    public async Task Help_ExitsZero()
    {
        using var cli = new CliRunner();

        var result = (await cli.RunAsync("user", "--help")).ExpectSuccess();

        Assert.Contains("set-role", result.Stdout);
    }

    /// <summary>A URL on 127.0.0.1 where nothing listens.</summary>
    private static Uri ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }
}
