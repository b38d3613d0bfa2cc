using Vigie.Testing;

namespace Vigie.Cli.Tests;

/// <summary><c>vigie vault import</c> against the real server, with a database written by keepassxc-cli.</summary>
public sealed class VaultImportCommandTests : IDisposable
{
    private readonly KeePassXcCli _keepassxc = new();

    [SkippableFact]
    public async Task KdbxByFolderPath_DryRunThenImport_PasswordFromStdin_CsvByExtension_Refusals()
    {
        KeePassXcCli.Require();
        var master = CapturedLogs.Secret("kdbx password", $"Cli-Master-{Guid.NewGuid():N}");
        var entryPassword = CapturedLogs.Secret("kdbx entry", $"cli-entry-{Guid.NewGuid():N}");
        var kdbx = _keepassxc.PathOf("team.kdbx");
        await KeePassXc([master, master], "db-create", "-p", "-t", "100", kdbx);
        await KeePassXc([master], "mkdir", kdbx, "Servers");
        await KeePassXc([master, entryPassword], "add", "-u", "root", "-p", kdbx, "Servers/web01");
        var csv = _keepassxc.PathOf("bitwarden.csv");
        await File.WriteAllTextAsync(csv, "folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp\n"
            + ",,login,\"mail, imap\",,,0,,alice,mail-pw,\n");
        await using var server = await TestServers.StartKeyModeVaultAsync();
        var (cli, api) = await TestServers.UnsealedVaultAsync(server);
        using var _ = cli;
        using var __ = api;
        var space = (await api.PostAsync("api/v1/vault/folders", new { name = "Clients" })).EnsureStatus(201).Json.GetProperty("id").GetGuid();
        var acme = (await api.PostAsync("api/v1/vault/folders", new { parentId = space, name = "Acme" })).EnsureStatus(201).Json.GetProperty("id").GetGuid();

        var dry = (await cli.RunWithInputAsync(master + "\n", "vault", "import", kdbx, "--folder", "clients/acme", "--dry-run", "--password-stdin"))
            .ExpectSuccess();
        Assert.Contains("team.kdbx: kdbx, dry run: nothing was written", dry.Stdout, StringComparison.Ordinal);
        Assert.Contains("folders to create: 1 (Servers)", dry.Stdout, StringComparison.Ordinal);
        Assert.Empty((await api.GetAsync($"api/v1/vault/secrets?folder={acme}")).EnsureStatus(200).Json.GetProperty("items").EnumerateArray());

        var wrong = (await cli.RunWithInputAsync("not-the-password\n", "vault", "import", kdbx, "--folder", acme.ToString(), "--password-stdin")).Expect(1);
        Assert.Contains("(wrong_password)", wrong.Stderr, StringComparison.Ordinal);

        cli.Environment["VIGIE_FILE_PASSWORD"] = master;
        var imported = (await cli.RunAsync("vault", "import", kdbx, "--folder", acme.ToString(), "--json")).ExpectSuccess();
        Assert.Equal((1, 1, false), (imported.Json.GetProperty("entries").GetInt32(), imported.Json.GetProperty("foldersCreated").GetInt32(),
            imported.Json.GetProperty("dryRun").GetBoolean()));
        var servers = (await api.GetAsync("api/v1/vault/folders")).EnsureStatus(200).Json.EnumerateArray().Single(f => f.GetProperty("name").GetString() == "Servers");
        var web01 = (await api.GetAsync($"api/v1/vault/secrets?folder={servers.GetProperty("id").GetGuid()}")).EnsureStatus(200).Json.GetProperty("items")[0];
        Assert.Equal(entryPassword, (await api.PostAsync($"api/v1/vault/secrets/{web01.GetProperty("id").GetGuid()}/reveal")).EnsureStatus(200)
            .Json.GetProperty("password").GetString());

        var again = (await cli.RunAsync("vault", "import", kdbx, "--folder", "Clients/Acme")).ExpectSuccess();
        Assert.Contains("Servers: web01: An entry with this title is already in the folder.", again.Stdout, StringComparison.Ordinal);
        var fromCsv = (await cli.RunAsync("vault", "import", csv, "--folder", "Clients/Acme")).ExpectSuccess();
        Assert.Contains("bitwarden.csv: bitwarden-csv", fromCsv.Stdout, StringComparison.Ordinal);
        Assert.Contains("entries:", fromCsv.Stdout, StringComparison.Ordinal);

        var renamed = _keepassxc.PathOf("team.backup");
        File.Copy(kdbx, renamed);
        Assert.Contains("--format", (await cli.RunAsync("vault", "import", renamed, "--folder", "Clients/Acme")).Expect(2).Stderr, StringComparison.Ordinal);
        (await cli.RunAsync("vault", "import", kdbx, "--folder", "Clients/Nowhere")).Expect(5);
        (await cli.RunAsync("vault", "import", _keepassxc.PathOf("missing.csv"), "--folder", "Clients/Acme")).Expect(1);
        Assert.All(new[] { dry, wrong, imported, again, fromCsv }, r => Assert.DoesNotContain(master, r.Stdout + r.Stderr, StringComparison.Ordinal));
    }

    private async Task KeePassXc(string[] stdin, params string[] arguments)
    {
        var run = await _keepassxc.RunAsync(stdin, arguments);
        Assert.True(run.ExitCode == 0, $"keepassxc-cli {arguments[0]}: {run}");
    }

    public void Dispose() => _keepassxc.Dispose();
}
