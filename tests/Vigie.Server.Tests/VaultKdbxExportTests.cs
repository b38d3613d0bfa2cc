using System.Security.Cryptography;
using Vigie.Core.Identity;
using Vigie.Testing;

namespace Vigie.Server.Tests;

public class VaultKdbxExportTests
{
    [SkippableFact]
    public async Task BranchExport_OpensInKeePassXc_WithProtectedFieldsAndHistory_OthersRefused()
    {
        KeePassXcCli.Require();
        await using var server = await VigieTestServer.StartAsync(TestDatabase.Sqlite,
            new Dictionary<string, string?> { ["Vault:AutoUnsealKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) });
        var admin = await server.SetupAdminAsync();
        (await admin.PostAsync("api/v1/vault/init", new { })).EnsureStatus(200);
        (await admin.PostAsync("api/v1/vault/unseal", new { })).EnsureStatus(200);
        var infra = (await admin.PostAsync("api/v1/vault/folders", new { name = "Infra" })).EnsureStatus(201).Json.GetProperty("id").GetGuid();
        var linux = (await admin.PostAsync("api/v1/vault/folders", new { parentId = infra, name = "Linux" })).EnsureStatus(201).Json.GetProperty("id").GetGuid();
        var web1 = (await admin.PostAsync("api/v1/vault/secrets", new
        {
            folderId = linux, title = "web1", username = "root", password = "first-Passw0rd!", url = "ssh://web1",
            fields = new[] { new { name = "PIN", value = "4321", secret = true }, new { name = "Rack", value = "B12", secret = false } },
        })).EnsureStatus(201).Json.GetProperty("id").GetGuid();
        foreach (var (password, version) in new[] { ("second-Passw0rd!", 1), ("current-Passw0rd!", 2) })
        {
            (await admin.PutAsync($"api/v1/vault/secrets/{web1}", new
            {
                title = "web1", username = "root", password, url = "ssh://web1", expectedVersion = version,
                fields = new[] { new { name = "PIN", value = "4321", secret = true }, new { name = "Rack", value = "B12", secret = false } },
            })).EnsureStatus(200);
        }
        (await admin.PostAsync("api/v1/vault/secrets", new { folderId = infra, title = "switch", username = "admin", password = "Sw1tch-Passw0rd" })).EnsureStatus(201);

        const string FilePassword = "Offline-Export-2026!";
        (await admin.PostAsync($"api/v1/vault/folders/{infra}/export/kdbx", new { password = "short" })).EnsureProblem(400, "validation_failed");
        var (user, userId, _) = await server.CreateUserAsync(admin, "tech", Roles.User);
        (await admin.PutAsync($"api/v1/vault/folders/{infra}/grants", new { principalKind = "user", principalId = userId, access = "list" })).EnsureStatus(200);
        (await user.PostAsync($"api/v1/vault/folders/{infra}/export/kdbx", new { password = FilePassword })).EnsureProblem(403, "vault_access_denied");

        var (status, file, contentType) = await admin.PostForBytesAsync($"api/v1/vault/folders/{infra}/export/kdbx", new { password = FilePassword });
        Assert.Equal(200, status);
        Assert.Equal("application/x-keepass2", contentType);
        using var cli = new KeePassXcCli();
        var path = cli.PathOf("export.kdbx");
        await File.WriteAllBytesAsync(path, file);

        var list = await cli.RunAsync([FilePassword], "ls", "-q", "-R", "-f", path);
        Assert.Equal(0, list.ExitCode);
        Assert.Equal(["Linux/", "Linux/web1", "switch"], list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order().ToList());
        var shown = await cli.RunAsync([FilePassword], "show", "-q", "-s", "-a", "Password", "-a", "PIN", "-a", "Rack", "-a", "UserName", "-a", "URL", path, "Linux/web1");
        Assert.Equal(["current-Passw0rd!", "4321", "B12", "root", "ssh://web1"], shown.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var masked = await cli.RunAsync([FilePassword], "show", "-q", "--all", path, "Linux/web1");
        Assert.Contains("PIN: PROTECTED", masked.Output);
        Assert.Contains("Rack: B12", masked.Output);
        var xml = await cli.RunAsync([FilePassword], "export", "-q", "-f", "xml", path);
        var history = xml.Output[xml.Output.IndexOf("<History>", StringComparison.Ordinal)..];
        Assert.Contains(">first-Passw0rd!</Value>", history);
        Assert.Contains(">second-Passw0rd!</Value>", history);
        Assert.NotEqual(0, (await cli.RunAsync(["Not-The-Password-1"], "ls", "-q", path)).ExitCode);

        var exported = Assert.Single((await admin.GetAsync("api/v1/audit/events?action=vault.folder.exported")).EnsureStatus(200).Json.GetProperty("items").EnumerateArray());
        Assert.Contains("\"entries\":2", exported.GetProperty("details").GetString());
        // Every entry written into the file is audited as revealed to the exporter, in the export's transaction.
        var revealed = (await admin.GetAsync("api/v1/audit/events?action=vault.secret.revealed&limit=100")).EnsureStatus(200).Json.GetProperty("items")
            .EnumerateArray().Where(e => e.GetProperty("details").GetString()!.Contains("\"via\":\"kdbx-export\"", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, revealed.Count);
        Assert.Contains(revealed, e => e.GetProperty("target").GetString() == $"vault-secret:{web1}"
            && e.GetProperty("details").GetString()!.Contains("\"versions\":3", StringComparison.Ordinal));  // the current one and two kept
        Assert.DoesNotContain(FilePassword, (await admin.GetAsync("api/v1/audit/events?limit=500")).Body);
    }
}
