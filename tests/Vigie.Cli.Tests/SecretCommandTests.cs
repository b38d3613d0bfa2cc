using System.CommandLine;
using System.Security.Cryptography;
using Vigie.Core.Identity;
using Vigie.Testing;

namespace Vigie.Cli.Tests;

/// <summary>The <c>secret</c> and <c>vault folder</c> commands on a key-mode vault (auto-unseal key).</summary>
public sealed class SecretCommandTests
{
    private const string Entry = "Infra/Linux/root@web1";

    [Fact]
    public async Task Put_Get_List_History_FieldPasswordPrintsExactlyThePassword()
    {
        await using var server = await StartAsync();
        using var cli = await VaultRunnerAsync(server);
        var first = CapturedLogs.Secret("password", "Web1!root-first");
        var second = CapturedLogs.Secret("password", "Web1!root-second");

        var created = (await cli.RunWithInputAsync(first + "\n", "secret", "put", Entry, "--username", "root", "--url", "ssh://web1", "--tag", "prod",
            "--tag", "linux", "--password-stdin")).ExpectSuccess();
        Assert.StartsWith("created Infra/Linux/root@web1 (version 1), id ", created.Stdout);
        Assert.Equal(first + "\n", (await cli.RunAsync("secret", "get", Entry, "--field", "password")).ExpectSuccess().Stdout);
        Assert.Equal("root\n", (await cli.RunAsync("secret", "get", "infra/LINUX/Root@Web1", "--field", "username")).ExpectSuccess().Stdout);

        var updated = (await cli.RunWithInputAsync(second + "\n", "secret", "put", Entry, "--password-stdin")).ExpectSuccess();
        Assert.Equal("updated Infra/Linux/root@web1 to version 2\n", updated.Stdout);
        var urlOnly = (await cli.RunAsync("secret", "put", Entry, "--url", "ssh://web1.example")).ExpectSuccess();
        Assert.Contains("to version 3 (password unchanged)", urlOnly.Stdout);

        var shown = (await cli.RunAsync("secret", "get", Entry)).ExpectSuccess().Stdout;
        Assert.Matches(@"entry:\s+Infra/Linux/root@web1", shown);
        Assert.Matches(@"username:\s+root", shown);
        Assert.Matches(@"url:\s+ssh://web1\.example", shown);
        Assert.Matches(@"tags:\s+prod, linux", shown);
        Assert.Matches(@"version:\s+3 \(current\)", shown);
        Assert.Contains("--field password prints it", shown);
        Assert.DoesNotContain(second, shown);
        var json = (await cli.RunAsync("secret", "get", Entry, "--json")).ExpectSuccess().Json;
        Assert.Equal(second, json.GetProperty("password").GetString());
        Assert.Equal(3, json.GetProperty("version").GetInt32());
        var id = json.GetProperty("secret").GetProperty("id").GetString()!;
        Assert.Equal(first + "\n", (await cli.RunAsync("secret", "get", id, "--version", "1", "--field", "password")).ExpectSuccess().Stdout);
        Assert.Contains("the entry has no nickname", (await cli.RunAsync("secret", "get", id, "--field", "nickname")).Expect(1).Stderr);

        var history = (await cli.RunAsync("secret", "history", Entry)).ExpectSuccess().Stdout;
        Assert.Matches(@"│ 3 \(current\)\s+│ \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\s+│ admin", history);
        Assert.Equal([3, 2, 1], (await cli.RunAsync("secret", "history", id, "--json")).ExpectSuccess().Json.EnumerateArray()
            .Select(v => v.GetProperty("version").GetInt32()));

        var listed = Assert.Single((await cli.RunAsync("secret", "list", "--folder", "Infra/Linux", "--json")).ExpectSuccess().Json
            .GetProperty("items").EnumerateArray());
        Assert.Equal(3, listed.GetProperty("version").GetInt32());
        Assert.False(listed.TryGetProperty("password", out _));
        var table = (await cli.RunAsync("secret", "list", "--tag", "prod")).ExpectSuccess().Stdout;
        Assert.Matches(@"│ Infra/Linux/root@web1\s+│ login\s+│ ssh://web1\.example", table);
        Assert.DoesNotContain(second, table);
        Assert.Contains("(none)", (await cli.RunAsync("secret", "list", "--search", "nothing-like-this")).ExpectSuccess().Stdout);
        (await cli.RunAsync("secret", "list", "--folder", "Nowhere")).Expect(5);
        (await cli.RunAsync("secret", "get", "Infra/Linux/nobody")).Expect(5);
        (await cli.RunAsync("secret", "get", "root@web1")).Expect(2);
    }

    [Fact]
    public async Task UserWithoutRights_GetsNotFound_ThenReadsWhenGranted_UntilRevoked()
    {
        await using var server = await StartAsync();
        using var cli = await VaultRunnerAsync(server);
        var password = CapturedLogs.Secret("password", "Web1!root-pw");
        (await cli.RunWithInputAsync(password + "\n", "secret", "put", Entry, "--username", "root", "--password-stdin")).ExpectSuccess();
        var id = (await cli.RunAsync("secret", "get", Entry, "--json")).ExpectSuccess().Json.GetProperty("secret").GetProperty("id").GetString()!;
        using var admin = await server.LoginAsync(VigieTestServer.AdminName, VigieTestServer.AdminPassword).WaitAsync(TestServers.StartTimeout);
        var (bobClient, _, _) = await server.CreateUserAsync(admin, "bob", Roles.User).WaitAsync(TestServers.StartTimeout);
        using var bob = new CliRunner(server.BaseAddress);
        bob.Environment["VIGIE_TOKEN"] = bobClient.Bearer;
        bobClient.Dispose();

        var byPath = (await bob.RunAsync("secret", "get", Entry, "--field", "password")).Expect(5);
        Assert.Equal("", byPath.Stdout);
        Assert.Contains("no vault folder 'Infra/Linux'", byPath.Stderr);
        var byId = (await bob.RunAsync("secret", "get", id, "--field", "password")).Expect(5);
        Assert.Equal("", byId.Stdout);
        Assert.Contains("(not_found)", byId.Stderr);
        Assert.Contains("(none)", (await bob.RunAsync("vault", "folder", "list")).ExpectSuccess().Stdout);

        // A group's right on the space is inherited below it; read is not write.
        var ops = (await admin.PostAsync("api/v1/groups", new { name = "ops" }).WaitAsync(TestServers.StartTimeout)).EnsureStatus(201).Json.GetProperty("id").GetGuid();
        var bobId = Guid.Parse((await cli.RunAsync("user", "list", "--search", "bob", "--json")).ExpectSuccess().Json.GetProperty("items")[0].GetProperty("id").GetString()!);
        (await admin.PutAsync($"api/v1/groups/{ops}/members/{bobId}").WaitAsync(TestServers.StartTimeout)).EnsureStatus(204);
        var granted = (await cli.RunAsync("vault", "folder", "grant", "Infra", "--group", "ops", "--access", "read")).ExpectSuccess();
        Assert.Contains("group ops now has 'read' on Infra", granted.Stdout);
        Assert.Equal(password + "\n", (await bob.RunAsync("secret", "get", Entry, "--field", "password")).ExpectSuccess().Stdout);
        Assert.Matches(@"│ Infra/Linux\s+│ read\s+│", (await bob.RunAsync("vault", "folder", "list")).ExpectSuccess().Stdout);
        var refused = (await bob.RunWithInputAsync("Bob!was-here1\n", "secret", "put", Entry, "--password-stdin")).Expect(4);
        Assert.Contains("(vault_access_denied)", refused.Stderr);
        Assert.Matches(@"│ group\s+│ ops\s+│ read\s+│", (await cli.RunAsync("vault", "folder", "grants", "Infra")).ExpectSuccess().Stdout);

        // A personal right with an expiry, then every right revoked.
        var until = server.Clock.GetUtcNow().AddDays(7).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("user bob now has 'write' on Infra/Linux until ",
            (await cli.RunAsync("vault", "folder", "grant", "Infra/Linux", "--user", "bob", "--access", "write", "--until", until)).ExpectSuccess().Stdout);
        (await bob.RunWithInputAsync("Bob!was-here2\n", "secret", "put", Entry, "--password-stdin")).ExpectSuccess();
        var review = (await cli.RunAsync("vault", "access", "bob")).ExpectSuccess().Stdout;
        Assert.Contains("bob (user), groups: ops", review);
        Assert.Matches(@"│ Infra\s+│ read\s+│ 0\s+│ group ops read on Infra\s+│", review);
        Assert.Matches(@"│ Infra/Linux\s+│ write\s+│ 1\s+│ group ops read on Infra; user write on Infra/Linux until ", review);
        (await bob.RunAsync("vault", "access", "bob")).Expect(4);
        (await cli.RunAsync("vault", "access", "nobody")).Expect(5);
        (await cli.RunAsync("vault", "folder", "grant", "Infra/Linux", "--user", "bob", "--access", "none")).ExpectSuccess();
        (await cli.RunAsync("vault", "folder", "grant", "Infra", "--group", "ops", "--access", "none", "--json")).ExpectSuccess();
        Assert.Contains("no vault folder", (await bob.RunAsync("secret", "get", Entry, "--field", "password")).Expect(5).Stderr);
        (await cli.RunAsync("vault", "folder", "grant", "Infra", "--user", "bob", "--group", "ops", "--access", "read")).Expect(2);
        (await cli.RunAsync("vault", "folder", "grant", "Infra", "--user", "nobody", "--access", "read")).Expect(5);
        (await cli.RunAsync("vault", "folder", "grant", "Infra", "--user", "bob", "--access", "admin")).Expect(2);
    }

    [Fact]
    public async Task NoCommandTakesAPasswordOrShareOnTheCommandLine()
    {
        var options = new List<string>();
        Collect(Cli.BuildCommands(new CommandHost(new CliConsole(TextReader.Null, TextWriter.Null, TextWriter.Null, new Dictionary<string, string?>()))), options);
        Assert.Contains("--password-stdin", options);
        Assert.All(options.Where(o => o.Contains("password", StringComparison.Ordinal) || o.Contains("secret", StringComparison.Ordinal)
                || o.Contains("community", StringComparison.Ordinal)),
            o => Assert.EndsWith("-stdin", o));
        Assert.DoesNotContain(options, o => o.StartsWith("--share", StringComparison.Ordinal) && o != "--shares");

        await using var server = await StartAsync();
        using var cli = await VaultRunnerAsync(server);
        var refused = (await cli.RunAsync("secret", "put", Entry, "--password", "Hunter2!argv")).Expect(2);
        Assert.Contains("there is no --password option", refused.Stderr);
        Assert.Contains("--password-stdin", refused.Stderr);
        Assert.DoesNotContain("Hunter2", refused.Stderr);
        Assert.DoesNotContain("Hunter2", (await cli.RunAsync("secret", "put", Entry, "--password=Hunter2!argv")).Expect(2).Stderr);
        Assert.Empty((await cli.RunAsync("secret", "list", "--json")).ExpectSuccess().Json.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task SecondPutIsVersionTwo_ChangeBetweenReadAndWrite_IsAVersionConflict()
    {
        await using var server = await StartAsync();
        using var cli = await VaultRunnerAsync(server);
        (await cli.RunWithInputAsync("First!pw-1\n", "secret", "put", Entry, "--username", "root", "--password-stdin")).ExpectSuccess();
        Assert.Contains("to version 2", (await cli.RunWithInputAsync("Second!pw-2\n", "secret", "put", Entry, "--password-stdin")).ExpectSuccess().Stdout);
        var id = (await cli.RunAsync("secret", "get", Entry, "--json")).ExpectSuccess().Json.GetProperty("secret").GetProperty("id").GetString()!;

        // Someone else saves version 3 while this put, having read version 2, waits for its password.
        using var admin = await server.LoginAsync(VigieTestServer.AdminName, VigieTestServer.AdminPassword).WaitAsync(TestServers.StartTimeout);
        using var stdin = new MeanwhileReader("Mine!pw-3", async () =>
            (await admin.PutAsync($"api/v1/vault/secrets/{id}", new { title = "root@web1", username = "root", password = "Theirs!pw-3" })
                .WaitAsync(TestServers.StartTimeout)).EnsureStatus(200));
        var conflict = (await cli.RunWithReaderAsync(stdin, "secret", "put", Entry, "--password-stdin")).Expect(1);
        Assert.Contains("(version_conflict)", conflict.Stderr);
        Assert.Contains("current version is 3", conflict.Stderr);
        Assert.Contains("run the command again", conflict.Stderr);
        Assert.Equal("Theirs!pw-3\n", (await cli.RunAsync("secret", "get", Entry, "--field", "password")).ExpectSuccess().Stdout);

        Assert.Contains("to version 4", (await cli.RunWithInputAsync("Mine!pw-3\n", "secret", "put", Entry, "--password-stdin")).ExpectSuccess().Stdout);
    }

    [Fact]
    public async Task Generate_PrintsThePasswordOnceAlone_StoreSavesIt()
    {
        await using var server = await StartAsync();
        using var cli = await VaultRunnerAsync(server);

        var once = (await cli.RunAsync("secret", "generate", "Infra/Linux")).ExpectSuccess();
        var password = once.Stdout.TrimEnd('\n');
        Assert.Equal(20, password.Length);
        Assert.Equal(password + "\n", once.Stdout);
        Assert.Contains("not stored", once.Stderr);
        Assert.Empty((await cli.RunAsync("secret", "list", "--json")).ExpectSuccess().Json.GetProperty("items").EnumerateArray());

        var stored = (await cli.RunAsync("secret", "generate", "Infra/Linux", "--store", "db@web1", "--username", "postgres")).ExpectSuccess();
        Assert.Contains("stored as Infra/Linux/db@web1 (version 1)", stored.Stderr);
        Assert.Equal(stored.Stdout, (await cli.RunAsync("secret", "get", "Infra/Linux/db@web1", "--field", "password")).ExpectSuccess().Stdout);
        Assert.Equal("postgres\n", (await cli.RunAsync("secret", "get", "Infra/Linux/db@web1", "--field", "username")).ExpectSuccess().Stdout);
        (await cli.RunAsync("secret", "generate", "Infra/Linux", "--username", "x")).Expect(2);
    }

    private static Task<VigieTestServer> StartAsync() => TestServers.StartAsync(new Dictionary<string, string?>
    {
        ["Vault:AutoUnsealKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    });

    /// <summary>The administrator's runner on an initialised, unsealed vault with the folders Infra and Infra/Linux.</summary>
    [Fact]
    public async Task Put_NotesFromFile_PlainAndSecretFields_RemoveAndClear_SecureNote()
    {
        await using var server = await StartAsync();
        using var cli = await VaultRunnerAsync(server);
        var password = CapturedLogs.Secret("password", "Web1!root-pw");
        var pin = CapturedLogs.Secret("secret field", "pin-8841");
        var recovery = CapturedLogs.Secret("secret field", "recovery-77-aa");
        Directory.CreateDirectory(cli.Directory);
        var notes = Path.Combine(cli.Directory, "notes.txt");
        await File.WriteAllTextAsync(notes, "Rack B12\nconsole on port 3\n");

        (await cli.RunWithInputAsync($"{password}\n{pin}\n", "secret", "put", Entry, "--username", "root", "--url", "ssh://web1", "--tag", "prod",
            "--notes-file", notes, "--field", "Rack=B12", "--secret-field-stdin", "PIN", "--password-stdin")).ExpectSuccess();
        var created = (await cli.RunAsync("secret", "get", Entry, "--json")).ExpectSuccess().Json;
        Assert.Equal("Rack B12\nconsole on port 3", created.GetProperty("notes").GetString());
        Assert.Equal([("Rack", "B12", false), ("PIN", pin, true)], Fields(created));
        Assert.DoesNotContain(pin, (await cli.RunAsync("secret", "get", Entry)).ExpectSuccess().Stdout);
        Assert.Equal(pin + "\n", (await cli.RunAsync("secret", "get", Entry, "--field", "PIN")).ExpectSuccess().Stdout);

        // A change keeps what is not named: a secret field replaced from stdin, one added, a plain one removed, url and notes cleared.
        (await cli.RunWithInputAsync($"{recovery}\n", "secret", "put", Entry, "--secret-field-stdin", "pin", "--remove-field", "rack", "--clear", "url",
            "--clear", "notes")).ExpectSuccess();
        var changed = (await cli.RunAsync("secret", "get", Entry, "--json")).ExpectSuccess().Json;
        Assert.Equal([("PIN", recovery, true)], Fields(changed));
        Assert.Equal(password, changed.GetProperty("password").GetString());
        Assert.Equal("root", changed.GetProperty("username").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, changed.GetProperty("secret").GetProperty("url").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, changed.GetProperty("notes").ValueKind);
        Assert.Equal(["prod"], changed.GetProperty("secret").GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(2, changed.GetProperty("version").GetInt32());

        // Refusals change nothing.
        Assert.Contains("no field 'Nickname'", (await cli.RunAsync("secret", "put", Entry, "--remove-field", "Nickname")).Expect(1).Stderr);
        Assert.Contains("NAME=VALUE", (await cli.RunAsync("secret", "put", Entry, "--field", "Rack")).Expect(2).Stderr);
        (await cli.RunAsync("secret", "put", Entry, "--field", "PIN=1", "--remove-field", "pin")).Expect(2);
        (await cli.RunAsync("secret", "put", Entry, "--kind", "note")).Expect(2);
        (await cli.RunAsync("secret", "put", Entry, "--clear", "password")).Expect(2);
        (await cli.RunAsync("secret", "put", Entry, "--notes-file", Path.Combine(cli.Directory, "missing.txt"))).Expect(1);
        (await cli.RunAsync("secret", "put", Entry, "--secret-field-stdin", "PIN")).Expect(2);
        Assert.Contains("contradict", (await cli.RunAsync("secret", "put", Entry, "--url", "ssh://x", "--clear", "url")).Expect(2).Stderr);
        Assert.Equal(2, (await cli.RunAsync("secret", "get", Entry, "--json")).ExpectSuccess().Json.GetProperty("version").GetInt32());

        // A secret field given a new value with --field stays secret.
        (await cli.RunAsync("secret", "put", Entry, "--field", "pin=0000")).ExpectSuccess();
        Assert.Equal([("PIN", "0000", true)], Fields((await cli.RunAsync("secret", "get", Entry, "--json")).ExpectSuccess().Json));

        // A secure note: no password asked for.
        await File.WriteAllTextAsync(notes, "break-glass procedure: call the RSSI");
        var note = (await cli.RunAsync("secret", "put", "Infra/Linux/procedure", "--kind", "note", "--notes-file", notes)).ExpectSuccess();
        Assert.DoesNotContain("no password stored", note.Stdout + note.Stderr);
        var stored = (await cli.RunAsync("secret", "get", "Infra/Linux/procedure", "--json")).ExpectSuccess().Json;
        Assert.Equal(("note", "break-glass procedure: call the RSSI"), (stored.GetProperty("secret").GetProperty("kind").GetString(), stored.GetProperty("notes").GetString()));
    }

    private static List<(string?, string?, bool)> Fields(System.Text.Json.JsonElement revealed) =>
        revealed.GetProperty("fields").EnumerateArray()
            .Select(f => (f.GetProperty("name").GetString(), f.GetProperty("value").GetString(), f.GetProperty("secret").GetBoolean())).ToList();

    private static async Task<CliRunner> VaultRunnerAsync(VigieTestServer server)
    {
        var cli = await TestServers.AdminRunnerAsync(server);
        (await cli.RunAsync("vault", "init")).ExpectSuccess();
        (await cli.RunAsync("vault", "unseal")).ExpectSuccess();
        Assert.StartsWith("created space Infra, id ", (await cli.RunAsync("vault", "folder", "create", "Infra")).ExpectSuccess().Stdout);
        Assert.StartsWith("created folder Infra/Linux, id ", (await cli.RunAsync("vault", "folder", "create", "Linux", "--parent", "infra")).ExpectSuccess().Stdout);
        return cli;
    }

    private static void Collect(Command command, List<string> names)
    {
        foreach (var option in command.Options)
        {
            names.Add(option.Name);
            names.AddRange(option.Aliases);
        }
        foreach (var sub in command.Subcommands)
        {
            Collect(sub, names);
        }
    }

    /// <summary>Standard input whose line is handed over only after <paramref name="meanwhile"/> has run.</summary>
    private sealed class MeanwhileReader(string line, Func<Task> meanwhile) : TextReader
    {
        public override async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
        {
            await meanwhile();
            return line;
        }
    }
}
