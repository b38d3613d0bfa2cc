using System.Security.Cryptography;
using Dapper;
using Vigie.Testing;

namespace Vigie.Server.Tests;

public class VaultSecretsTests
{
    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task Versions_CheckAndSet_History_RevealAudited_SwappedCiphertextRefused(TestDatabase db)
    {
        await using var server = await VigieTestServer.StartAsync(db, new Dictionary<string, string?>
        {
            ["Vault:AutoUnsealKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Vault:HistoryVersions"] = "3",
        });
        var admin = await server.SetupAdminAsync();
        (await admin.PostAsync("api/v1/vault/init", new { })).EnsureStatus(200);
        (await admin.PostAsync("api/v1/vault/unseal", new { })).EnsureStatus(200);
        var space = (await admin.PostAsync("api/v1/vault/folders", new { name = "Clients" })).EnsureStatus(201).Json.GetProperty("id").GetGuid();
        var passwords = Enumerable.Range(1, 5).Select(i => CapturedLogs.Secret("vault password", $"Pw{i}!{Guid.NewGuid():N}")).ToList();

        (await admin.PostAsync("api/v1/vault/secrets", new { folderId = space, title = "" })).EnsureProblem(400, "validation_failed");
        (await admin.PostAsync("api/v1/vault/secrets", new { title = "x" })).EnsureProblem(400, "validation_failed");
        (await admin.PostAsync("api/v1/vault/secrets", new { folderId = space, title = "x", kind = "spaceship" })).EnsureProblem(400, "validation_failed");
        var created = (await admin.PostAsync("api/v1/vault/secrets", new
        {
            folderId = space, title = "SQL prod", username = "sa", password = passwords[0], url = "mssql://db1", tags = new[] { "prod", "sql" },
            fields = new[] { new { name = "port", value = "1433", secret = false }, new { name = "recovery key", value = "R3c0very", secret = true } },
        })).EnsureStatus(201).Json;
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal(1, created.GetProperty("version").GetInt32());
        Assert.False(created.TryGetProperty("password", out _));
        var other = (await admin.PostAsync("api/v1/vault/secrets", new { folderId = space, title = "Other", password = passwords[4] })).EnsureStatus(201)
            .Json.GetProperty("id").GetGuid();

        // Check-and-set: an update from a stale read is refused and changes nothing.
        var v2 = (await admin.PutAsync($"api/v1/vault/secrets/{id}", new { title = "SQL prod", username = "sa", password = passwords[1], expectedVersion = 1 }))
            .EnsureStatus(200).Json;
        Assert.Equal(2, v2.GetProperty("version").GetInt32());
        (await admin.PutAsync($"api/v1/vault/secrets/{id}", new { title = "SQL prod", password = passwords[2], expectedVersion = 1 })).EnsureProblem(409, "version_conflict");
        Assert.Equal(passwords[1], (await admin.PostAsync($"api/v1/vault/secrets/{id}/reveal")).EnsureStatus(200).Json.GetProperty("password").GetString());
        foreach (var (password, version) in new[] { (passwords[2], 2), (passwords[3], 3) })
        {
            (await admin.PutAsync($"api/v1/vault/secrets/{id}", new { title = "SQL prod", password, expectedVersion = version })).EnsureStatus(200);
        }

        // History keeps the configured number of versions; an older kept version reveals its own values.
        var history = (await admin.GetAsync($"api/v1/vault/secrets/{id}/versions")).EnsureStatus(200).Json.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()).ToList();
        Assert.Equal([4, 3, 2], history);
        Assert.Equal(passwords[1], (await admin.PostAsync($"api/v1/vault/secrets/{id}/reveal?version=2")).EnsureStatus(200).Json.GetProperty("password").GetString());
        (await admin.PostAsync($"api/v1/vault/secrets/{id}/reveal?version=1")).EnsureProblem(404, "not_found");

        // Search by title, URL and tag; paging by cursor.
        Assert.Single((await admin.GetAsync("api/v1/vault/secrets?q=sql")).EnsureStatus(200).Json.GetProperty("items").EnumerateArray());
        Assert.Empty((await admin.GetAsync("api/v1/vault/secrets?tag=prod")).EnsureStatus(200).Json.GetProperty("items").EnumerateArray());
        (await admin.PutAsync($"api/v1/vault/secrets/{id}", new { title = "SQL prod", password = passwords[3], tags = new[] { "prod" }, expectedVersion = 4 })).EnsureStatus(200);
        Assert.Single((await admin.GetAsync("api/v1/vault/secrets?tag=prod")).EnsureStatus(200).Json.GetProperty("items").EnumerateArray());
        var page = (await admin.GetAsync("api/v1/vault/secrets?limit=1")).EnsureStatus(200).Json;
        Assert.Equal("Other", page.GetProperty("items")[0].GetProperty("title").GetString());
        var next = (await admin.GetAsync($"api/v1/vault/secrets?limit=1&cursor={page.GetProperty("nextCursor").GetString()}")).EnsureStatus(200).Json;
        Assert.Equal("SQL prod", next.GetProperty("items")[0].GetProperty("title").GetString());
        (await admin.GetAsync("api/v1/vault/secrets?cursor=garbage")).EnsureProblem(400, "validation_failed");

        // Every reveal is in the audit trail, with who and from where; no value is.
        var reveals = (await admin.GetAsync("api/v1/audit/events?action=vault.secret.revealed&limit=100")).EnsureStatus(200).Json.GetProperty("items");
        Assert.Equal(2, reveals.GetArrayLength());
        Assert.All(reveals.EnumerateArray(), e => Assert.Contains("127.0.0.1", e.GetProperty("source").GetString()));
        var audit = (await admin.GetAsync("api/v1/audit/events?limit=500")).Body;
        Assert.All(passwords.Append("R3c0very"), p => Assert.DoesNotContain(p, audit));

        // Stored values are ciphertext, and a ciphertext moved to another entry does not decrypt.
        await using (var c = await DatabaseAccess.OpenAsync(server))
        {
            var payloads = (await c.QueryAsync<byte[]>("SELECT payload FROM vault_secret_versions")).ToList();
            Assert.All(payloads, p => Assert.DoesNotContain(passwords[3], System.Text.Encoding.UTF8.GetString(p)));
            var foreign = await c.QueryFirstAsync<byte[]>("SELECT payload FROM vault_secret_versions WHERE secret_id = @Id", new { Id = other });
            await c.ExecuteAsync("UPDATE vault_secret_versions SET payload = @Payload WHERE secret_id = @Id AND version = 5", new { Payload = foreign, Id = id });
        }
        var swapped = (await admin.PostAsync($"api/v1/vault/secrets/{id}/reveal")).EnsureProblem(500, "secret_unreadable");
        Assert.DoesNotContain(passwords[4], swapped.Body);
    }

    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task RevealAuditCannotBeWritten_SecretNotServed(TestDatabase db)
    {
        await using var server = await VigieTestServer.StartAsync(db, new Dictionary<string, string?>
        {
            ["Vault:AutoUnsealKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        });
        var admin = await server.SetupAdminAsync();
        (await admin.PostAsync("api/v1/vault/init", new { })).EnsureStatus(200);
        (await admin.PostAsync("api/v1/vault/unseal", new { })).EnsureStatus(200);
        var space = (await admin.PostAsync("api/v1/vault/folders", new { name = "Audit" })).EnsureStatus(201).Json.GetProperty("id").GetGuid();
        var id = (await admin.PostAsync("api/v1/vault/secrets", new { folderId = space, title = "x", password = "Unseen!Passw0rd" })).EnsureStatus(201)
            .Json.GetProperty("id").GetGuid();
        await using (var c = await DatabaseAccess.OpenAsync(server))
        {
            await DatabaseAccess.RefuseInsertsAsync(c, db, "audit_events");
        }
        // Concurrent reveals share one audit transaction: every one of them is refused, none returns the secret.
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => admin.PostAsync($"api/v1/vault/secrets/{id}/reveal")));
        Assert.All(answers, a =>
        {
            Assert.Equal(503, a.Status);
            Assert.Equal("audit_unavailable", a.Code);
            Assert.DoesNotContain("Unseen!Passw0rd", a.Body);
        });
    }
}
