using System.Security.Cryptography;
using Vigie.Core.Identity;
using Vigie.Core.Vault.Sealing;
using Vigie.Testing;

namespace Vigie.Server.Tests;

public class VaultSealTests
{
    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task Shares_UnsealInAnyOrder_WrongShareResets_SealedRefusesEverything(TestDatabase db)
    {
        await using var server = await VigieTestServer.StartAsync(db);
        var admin = await server.SetupAdminAsync();
        var status = (await admin.GetAsync("api/v1/vault/status")).EnsureStatus(200).Json;
        Assert.False(status.GetProperty("initialized").GetBoolean());
        (await admin.GetAsync("api/v1/vault/folders")).EnsureProblem(503, "vault_sealed");
        (await admin.PostAsync("api/v1/vault/init", new { shares = 5, threshold = 6 })).EnsureProblem(400, "validation_failed");

        var init = (await admin.PostAsync("api/v1/vault/init", new { shares = 5, threshold = 3 })).EnsureStatus(200).Json;
        var shares = init.GetProperty("shares").EnumerateArray().Select(s => s.GetString()!).ToList();
        Assert.Equal(5, shares.Count);
        Assert.Equal(5, shares.Distinct().Count());
        (await admin.PostAsync("api/v1/vault/init", new { shares = 5, threshold = 3 })).EnsureProblem(409, "vault_initialized");
        var (user, _, _) = await server.CreateUserAsync(admin, "vault-user", Roles.User);
        (await user.PostAsync("api/v1/vault/unseal", new { share = shares[0] })).EnsureProblem(403, "forbidden");

        // A mistyped share is caught by its checksum before it counts.
        var typo = shares[1][..^3] + (shares[1][^3] == 'A' ? 'B' : 'A') + shares[1][^2..];
        (await admin.PostAsync("api/v1/vault/unseal", new { share = typo })).EnsureProblem(400, "validation_failed");

        // Too few: still sealed; the same share twice does not count twice.
        Assert.Equal(1, (await admin.PostAsync("api/v1/vault/unseal", new { share = shares[4] })).EnsureStatus(200).Json.GetProperty("progress").GetInt32());
        (await admin.PostAsync("api/v1/vault/unseal", new { share = shares[4] })).EnsureProblem(409, "share_already_given");
        var two = (await admin.PostAsync("api/v1/vault/unseal", new { share = shares[1] })).EnsureStatus(200).Json;
        Assert.True(two.GetProperty("sealed").GetBoolean());
        Assert.Equal(2, two.GetProperty("progress").GetInt32());
        (await admin.GetAsync("api/v1/vault/secrets")).EnsureProblem(503, "vault_sealed");

        // A well-formed share of another secret: the threshold is reached but the vault does not open; everything given is forgotten.
        var foreign = Shamir.Split(RandomNumberGenerator.GetBytes(32), 3, 5).Select(ShareText.Encode).ToList();
        (await admin.PostAsync("api/v1/vault/unseal", new { share = foreign[2] })).EnsureProblem(400, "unseal_failed");
        Assert.Equal(0, (await admin.GetAsync("api/v1/vault/status")).Json.GetProperty("progress").GetInt32());

        // Any three, in any order.
        foreach (var share in new[] { shares[3], shares[0] })
        {
            Assert.True((await admin.PostAsync("api/v1/vault/unseal", new { share })).EnsureStatus(200).Json.GetProperty("sealed").GetBoolean());
        }
        var open = (await admin.PostAsync("api/v1/vault/unseal", new { share = shares[2] })).EnsureStatus(200).Json;
        Assert.False(open.GetProperty("sealed").GetBoolean());
        Assert.Equal(1, open.GetProperty("keyringTerm").GetInt32());
        var space = (await admin.PostAsync("api/v1/vault/folders", new { name = "Infra" })).EnsureStatus(201).Json.GetProperty("id").GetGuid();
        var secret = (await admin.PostAsync("api/v1/vault/secrets", new { folderId = space, title = "root@db1", password = "S3cret!pass" }))
            .EnsureStatus(201).Json.GetProperty("id").GetGuid();

        // Sealing forgets the keys: nothing is served until the shares are given again.
        Assert.True((await admin.PostAsync("api/v1/vault/seal")).EnsureStatus(200).Json.GetProperty("sealed").GetBoolean());
        (await admin.PostAsync($"api/v1/vault/secrets/{secret}/reveal")).EnsureProblem(503, "vault_sealed");
        foreach (var share in new[] { shares[1], shares[2], shares[4] })
        {
            (await admin.PostAsync("api/v1/vault/unseal", new { share })).EnsureStatus(200);
        }
        Assert.Equal("S3cret!pass", (await admin.PostAsync($"api/v1/vault/secrets/{secret}/reveal")).EnsureStatus(200).Json.GetProperty("password").GetString());

        // The audit trail records the seal's life without a share or a secret in it.
        var audit = (await admin.GetAsync("api/v1/audit/events?limit=500")).EnsureStatus(200).Body;
        Assert.Contains("vault.unseal_failed", audit);
        Assert.Contains("vault.sealed", audit);
        Assert.All(shares.Concat(["S3cret!pass"]), s => Assert.DoesNotContain(s, audit));
    }

    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task KeyMode_AutoUnsealedAtStart_RotationRewrapsDataKeys(TestDatabase db)
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using var server = await VigieTestServer.StartAsync(db, new Dictionary<string, string?> { ["Vault:AutoUnsealKey"] = key });
        var admin = await server.SetupAdminAsync();
        var init = (await admin.PostAsync("api/v1/vault/init", new { })).EnsureStatus(200).Json;
        Assert.Equal("key", init.GetProperty("mode").GetString());
        Assert.Equal(0, init.GetProperty("shares").GetArrayLength());
        (await admin.PostAsync("api/v1/vault/unseal", new { })).EnsureStatus(200);
        var space = (await admin.PostAsync("api/v1/vault/folders", new { name = "Réseau" })).EnsureStatus(201).Json.GetProperty("id").GetGuid();
        var secret = (await admin.PostAsync("api/v1/vault/secrets", new { folderId = space, title = "core-switch", username = "admin", password = "Sw1tch#2026" }))
            .EnsureStatus(201).Json.GetProperty("id").GetGuid();

        var rotated = (await admin.PostAsync("api/v1/vault/rotate-keys")).EnsureStatus(200).Json;
        Assert.Equal(2, rotated.GetProperty("term").GetInt32());
        Assert.Equal(1, rotated.GetProperty("rewrapped").GetInt32());
        await using (var c = await DatabaseAccess.OpenAsync(server))
        {
            Assert.Equal(2, await Dapper.SqlMapper.ExecuteScalarAsync<int>(c, "SELECT MIN(data_key_term) FROM vault_folders WHERE data_key IS NOT NULL"));
        }

        // After a seal, the key opens the rotated keyring again and the re-wrapped data key still decrypts the entry.
        (await admin.PostAsync("api/v1/vault/seal")).EnsureStatus(200);
        (await admin.PostAsync($"api/v1/vault/secrets/{secret}/reveal")).EnsureProblem(503, "vault_sealed");
        var reopened = (await admin.PostAsync("api/v1/vault/unseal", new { })).EnsureStatus(200).Json;
        Assert.Equal(2, reopened.GetProperty("keyringTerm").GetInt32());
        var revealed = (await admin.PostAsync($"api/v1/vault/secrets/{secret}/reveal")).EnsureStatus(200).Json;
        Assert.Equal("Sw1tch#2026", revealed.GetProperty("password").GetString());
        Assert.Equal("admin", revealed.GetProperty("username").GetString());
    }

    [Fact]
    public async Task KeyMode_RestartWithTheKey_OpensByItself_WithAnotherKeyStaysSealed()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var data = Directory.CreateTempSubdirectory("vigie-vault-restart-");
        try
        {
            var settings = new Dictionary<string, string?> { ["Vault:AutoUnsealKey"] = key, ["DataDirectory"] = data.FullName };
            await using (var first = await VigieTestServer.StartAsync(TestDatabase.Sqlite, settings))
            {
                var admin = await first.SetupAdminAsync();
                (await admin.PostAsync("api/v1/vault/init", new { })).EnsureStatus(200);
                (await admin.PostAsync("api/v1/vault/unseal", new { })).EnsureStatus(200);
            }
            await using (var again = await VigieTestServer.StartAsync(TestDatabase.Sqlite, settings))
            {
                var admin = await again.LoginAsync(VigieTestServer.AdminName, VigieTestServer.AdminPassword);
                Assert.False((await admin.GetAsync("api/v1/vault/status")).EnsureStatus(200).Json.GetProperty("sealed").GetBoolean());
            }
            settings["Vault:AutoUnsealKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            await using (var wrong = await VigieTestServer.StartAsync(TestDatabase.Sqlite, settings))
            {
                var admin = await wrong.LoginAsync(VigieTestServer.AdminName, VigieTestServer.AdminPassword);
                Assert.True((await admin.GetAsync("api/v1/vault/status")).EnsureStatus(200).Json.GetProperty("sealed").GetBoolean());
                (await admin.PostAsync("api/v1/vault/unseal", new { })).EnsureProblem(409, "unseal_key_missing");
            }
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }
}
