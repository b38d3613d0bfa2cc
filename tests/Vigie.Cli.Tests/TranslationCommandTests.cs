using System.Text.Json;
using System.Text.Json.Nodes;
using Vigie.Testing;

namespace Vigie.Cli.Tests;

/// <summary><c>vigie translations show|set</c>: round trip, refusals that keep the table, and an operator who may not replace it.</summary>
public sealed class TranslationCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vigie-translations-").FullName;

    [Fact]
    public async Task ShowEditSet_ReplacesTheTable()
    {
        await using var server = await TestServers.StartAsync();
        using var cli = await TestServers.AdminRunnerAsync(server);
        var shipped = JsonNode.Parse((await cli.RunAsync("translations", "show")).ExpectSuccess().Stdout)!;
        var rules = shipped["rules"]!.AsArray();
        Assert.True(rules.Count > 1);
        rules.RemoveAt(0);
        var edited = Path.Combine(_dir, "table.json");
        await File.WriteAllTextAsync(edited, shipped.ToJsonString());

        var saved = (await cli.RunAsync("translations", "set", edited)).ExpectSuccess();
        Assert.Contains($"translation table replaced: {rules.Count} rules", saved.Stdout);
        var now = (await cli.RunAsync("translations", "show", "--json")).ExpectSuccess().Json;
        Assert.Equal(rules.Count, now.GetProperty("rules").GetArrayLength());
    }

    [Fact]
    public async Task BadFiles_ClearErrorsAndTableKept()
    {
        await using var server = await TestServers.StartAsync();
        using var cli = await TestServers.AdminRunnerAsync(server);
        var before = (await cli.RunAsync("translations", "show")).ExpectSuccess().Stdout;

        var broken = Path.Combine(_dir, "broken.json");
        await File.WriteAllTextAsync(broken, "{\"rules\": [ {\"id\": \"x\", \"name\": \"(\", \"cpe\": \"a:v:p\"} ]}");
        var refused = (await cli.RunAsync("translations", "set", broken)).Expect(1);
        Assert.Contains("validation_failed", refused.Stderr);
        Assert.DoesNotContain("   at ", refused.Stderr);

        var missing = (await cli.RunAsync("translations", "set", Path.Combine(_dir, "absent.json"))).Expect(2);
        Assert.Contains("no such file", missing.Stderr);

        Assert.Equal(before, (await cli.RunAsync("translations", "show")).ExpectSuccess().Stdout);
    }

    [Fact]
    public async Task Operator_MayReadButNotReplace()
    {
        await using var server = await TestServers.StartAsync();
        using var admin = await server.SetupAdminAsync().WaitAsync(TestServers.StartTimeout);
        var created = await server.CreateUserAsync(admin, "olivia", "operator").WaitAsync(TestServers.StartTimeout);
        using var olivia = created.Client;
        using var cli = new CliRunner(server.BaseAddress);
        cli.Environment["VIGIE_TOKEN"] = olivia.Bearer;

        var table = (await cli.RunAsync("translations", "show")).ExpectSuccess().Stdout;
        var file = Path.Combine(_dir, "table.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new { rules = Array.Empty<object>() }));
        var refused = (await cli.RunAsync("translations", "set", file)).Expect(4);
        Assert.Contains("settings.write", refused.Stderr);
        Assert.Equal(table, (await cli.RunAsync("translations", "show")).ExpectSuccess().Stdout);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
