using Vigie.Testing;

namespace Vigie.Cli.Tests;

/// <summary><c>vigie vault export --kdbx</c> against the real server; the file is opened by the real keepassxc-cli.</summary>
public sealed class VaultKdbxExportCommandTests : IDisposable
{
    private readonly KeePassXcCli _keepassxc = new();

    [SkippableFact]
    public async Task FolderBranch_ByPath_OpensInKeePassXc_WithItsPasswords_AndRefusalsLeaveNoFile()
    {
        KeePassXcCli.Require();
        await using var server = await TestServers.StartKeyModeVaultAsync();
        var (cli, api) = await TestServers.UnsealedVaultAsync(server);
        using var _ = cli;
        using var __ = api;
        var space = (await api.PostAsync("api/v1/vault/folders", new { name = "Clients" })).EnsureStatus(201).Json.GetProperty("id").GetGuid();
        var acme = (await api.PostAsync("api/v1/vault/folders", new { parentId = space, name = "Acme" })).EnsureStatus(201).Json.GetProperty("id").GetGuid();
        var linux = (await api.PostAsync("api/v1/vault/folders", new { parentId = acme, name = "Linux" })).EnsureStatus(201).Json.GetProperty("id").GetGuid();
        var other = (await api.PostAsync("api/v1/vault/folders", new { parentId = space, name = "Globex" })).EnsureStatus(201).Json.GetProperty("id").GetGuid();
        var web = CapturedLogs.Secret("entry password", $"web-{Guid.NewGuid():N}");
        var router = CapturedLogs.Secret("entry password", $"rtr-{Guid.NewGuid():N}");
        var elsewhere = CapturedLogs.Secret("entry password", $"gbx-{Guid.NewGuid():N}");
        (await api.PostAsync("api/v1/vault/secrets", new { folderId = linux, title = "web01", username = "root", password = web })).EnsureStatus(201);
        (await api.PostAsync("api/v1/vault/secrets", new { folderId = acme, title = "router", username = "admin", password = router })).EnsureStatus(201);
        (await api.PostAsync("api/v1/vault/secrets", new { folderId = other, title = "db", username = "sa", password = elsewhere })).EnsureStatus(201);
        var filePassword = CapturedLogs.Secret("kdbx password", $"Offline-{Guid.NewGuid():N}");
        var path = _keepassxc.PathOf("acme.kdbx");

        var exported = (await cli.RunWithInputAsync(filePassword + "\n", "vault", "export", "--kdbx", "--folder", "clients/acme", "-o", path, "--password-stdin"))
            .ExpectSuccess();
        Assert.Contains("exported 2 entries of Acme", exported.Stdout, StringComparison.Ordinal);
        Assert.Contains("verified: the file opens with the password", exported.Stdout, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.False(File.Exists(path + ".part"));
        var listed = await _keepassxc.RunAsync([filePassword], "ls", "-q", "-R", "-f", path);
        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Contains("router", listed.Output, StringComparison.Ordinal);
        Assert.Contains("Linux/web01", listed.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("db", listed.Output.Split('\n').Select(l => l.Trim()), StringComparer.Ordinal);
        var shown = await _keepassxc.RunAsync([filePassword], "show", "-q", "-s", "-a", "Password", path, "Linux/web01");
        Assert.Equal(web, shown.Output.Trim());
        Assert.NotEqual(0, (await _keepassxc.RunAsync(["Not-The-Password-1"], "ls", "-q", path)).ExitCode);

        // The same file again needs --force; the password may come from the environment.
        cli.Environment["VIGIE_FILE_PASSWORD"] = filePassword;
        Assert.Contains("--force", (await cli.RunAsync("vault", "export", "--kdbx", "--folder", acme.ToString(), "-o", path)).Expect(1).Stderr,
            StringComparison.Ordinal);
        var json = (await cli.RunAsync("vault", "export", "--kdbx", "--folder", linux.ToString(), "-o", path, "--force", "--json")).ExpectSuccess();
        Assert.Equal(1, json.Json.GetProperty("entries").GetInt32());
        Assert.Equal(web, (await _keepassxc.RunAsync([filePassword], "show", "-q", "-s", "-a", "Password", path, "web01")).Output.Trim());

        // Refusals: nothing written, nothing left behind.
        var refused = _keepassxc.PathOf("refused.kdbx");
        cli.Environment["VIGIE_FILE_PASSWORD"] = "short";
        var tooShort = (await cli.RunAsync("vault", "export", "--kdbx", "--folder", "Clients/Acme", "-o", refused)).Expect(1);
        Assert.Contains("password", tooShort.Stderr, StringComparison.Ordinal);
        cli.Environment.Remove("VIGIE_FILE_PASSWORD");
        Assert.Contains("VIGIE_FILE_PASSWORD", (await cli.RunAsync("vault", "export", "--kdbx", "--folder", "Clients/Acme", "-o", refused)).Expect(2).Stderr,
            StringComparison.Ordinal);
        cli.Environment["VIGIE_FILE_PASSWORD"] = filePassword;
        (await cli.RunAsync("vault", "export", "--kdbx", "--folder", "Clients/Nowhere", "-o", refused)).Expect(5);
        (await cli.RunAsync("vault", "export", "--kdbx", "-o", refused)).Expect(2);
        (await cli.RunAsync("vault", "export", "--kdbx", "--full", "--folder", "Clients/Acme", "-o", refused)).Expect(2);
        (await cli.RunAsync("vault", "export", "--full", "--folder", "Clients/Acme", "-o", refused)).Expect(2);
        (await cli.RunAsync("vault", "export", "--kdbx", "--folder", "Clients/Acme", "--kdf", "scrypt", "-o", refused)).Expect(2);
        Assert.False(File.Exists(refused));
        Assert.False(File.Exists(refused + ".part"));
        Assert.All(new[] { exported, json, tooShort }, r => Assert.DoesNotContain(filePassword, r.Stdout + r.Stderr, StringComparison.Ordinal));
    }

    public void Dispose() => _keepassxc.Dispose();
}
