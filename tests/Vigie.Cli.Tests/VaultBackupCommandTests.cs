using System.Security.Cryptography;
using Vigie.Testing;

namespace Vigie.Cli.Tests;

/// <summary><c>vigie vault export --full</c> then <c>vigie vault restore</c> into another server with its own keys.</summary>
public sealed class VaultBackupCommandTests
{
    private static readonly string Passphrase = CapturedLogs.Secret("export passphrase", "a long enough passphrase ✓");

    [Fact]
    public async Task ExportFull_WritesAPrivateVerifiedFile_RestoreRebuildsItElsewhere()
    {
        await using var source = await StartUnsealedAsync();
        var admin = await source.SetupAdminAsync();
        await InitAsync(admin);
        var space = (await admin.PostAsync("api/v1/vault/folders", new { name = "Infra" })).EnsureStatus(201).Json.GetProperty("id").GetGuid();
        var first = CapturedLogs.Secret("vault password", $"First!{Guid.NewGuid():N}");
        var second = CapturedLogs.Secret("vault password", $"Second!{Guid.NewGuid():N}");
        var id = (await admin.PostAsync("api/v1/vault/secrets", new { folderId = space, title = "db", username = "sa", password = first })).EnsureStatus(201)
            .Json.GetProperty("id").GetGuid();
        (await admin.PutAsync($"api/v1/vault/secrets/{id}", new { title = "db", username = "sa", password = second })).EnsureStatus(200);
        using var cli = new CliRunner(source.BaseAddress);
        cli.Environment["VIGIE_TOKEN"] = admin.Bearer;
        var file = Path.Combine(cli.Directory, "vault.vve");
        Directory.CreateDirectory(cli.Directory);

        (await cli.RunWithInputAsync(Passphrase + "\n", "vault", "export", "-o", file, "--passphrase-stdin")).Expect(2);
        var weak = (await cli.RunWithInputAsync("too short\n", "vault", "export", "--full", "-o", file, "--passphrase-stdin")).Expect(2);
        Assert.Contains("at least 12 characters", weak.Stderr);
        (await cli.RunAsync("vault", "export", "--full", "-o", file)).Expect(2);
        Assert.False(File.Exists(file));

        var exported = (await cli.RunWithInputAsync(Passphrase + "\n", "vault", "export", "--full", "-o", file, "--passphrase-stdin")).ExpectSuccess();
        Assert.Contains("exported 1 folders (1 spaces), 1 grants, 1 entries (2 versions) to " + file, exported.Stdout);
        Assert.Contains("verified", exported.Stdout);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal("VIGIE-VAULT-EXPORT"u8.ToArray(), File.ReadAllBytes(file)[..18]);
        Assert.False(File.Exists(file + ".part"));
        (await cli.RunWithInputAsync(Passphrase + "\n", "vault", "export", "--full", "-o", file, "--passphrase-stdin")).Expect(1);

        await using var target = await StartUnsealedAsync();
        var targetAdmin = await target.SetupAdminAsync();
        await InitAsync(targetAdmin);
        using var restorer = new CliRunner(target.BaseAddress);
        restorer.Environment["VIGIE_TOKEN"] = targetAdmin.Bearer;

        var wrong = (await restorer.RunWithInputAsync("not the passphrase at all\n", "vault", "restore", file, "--passphrase-stdin")).Expect(1);
        Assert.Contains("(wrong_passphrase_or_corrupted)", wrong.Stderr);
        restorer.Environment["VIGIE_EXPORT_PASSPHRASE"] = Passphrase;
        var restored = (await restorer.RunAsync("vault", "restore", file, "--match-names")).ExpectSuccess();
        Assert.Contains("restored 1 folders (1 spaces), 1 grants, 1 entries (2 versions)", restored.Stdout);
        Assert.Contains("given to the user of the same name: 'admin' manage on Infra", restored.Stdout);
        Assert.Equal(second, (await targetAdmin.PostAsync($"api/v1/vault/secrets/{id}/reveal")).EnsureStatus(200).Json.GetProperty("password").GetString());
        Assert.Equal(first, (await targetAdmin.PostAsync($"api/v1/vault/secrets/{id}/reveal?version=1")).EnsureStatus(200).Json.GetProperty("password").GetString());

        var again = (await restorer.RunAsync("vault", "restore", file, "--json")).Expect(1);
        Assert.Contains("(vault_not_empty)", again.Stderr);
        foreach (var output in new[] { exported, restored, wrong, again })
        {
            Assert.DoesNotContain(Passphrase, output.Stdout + output.Stderr);
            Assert.DoesNotContain(second, output.Stdout + output.Stderr);
        }
    }

    private static Task<VigieTestServer> StartUnsealedAsync() =>
        TestServers.StartAsync(new Dictionary<string, string?> { ["Vault:AutoUnsealKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) });

    private static async Task InitAsync(Vigie.Testing.ApiClient admin)
    {
        (await admin.PostAsync("api/v1/vault/init", new { })).EnsureStatus(200);
        (await admin.PostAsync("api/v1/vault/unseal", new { })).EnsureStatus(200);
    }
}
