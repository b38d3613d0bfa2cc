using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using Vigie.Core.Identity;
using Vigie.Testing;

namespace Vigie.Server.Tests;

/// <summary>
/// Full export, then restore into another server with its own keys (or into the same server after its vault was wiped):
/// every folder, grant, entry and kept version comes back identical and readable; damaged files and wrong passphrases
/// change nothing.
/// </summary>
public class VaultBackupTests
{
    private static readonly string Passphrase = CapturedLogs.Secret("export passphrase", "Tr0ub4dor & three horses");

    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task FullExport_RestoredIntoAFreshServerWithOtherKeys_EveryVersionIdentical_MissingPrincipalsReported(TestDatabase db)
    {
        var (source, admin) = await StartUnsealedAsync(db, historyVersions: 3);
        await using var _ = source;
        var (alice, aliceId, _) = await source.CreateUserAsync(admin, "alice", Roles.User);
        var (_, bobId, _) = await source.CreateUserAsync(admin, "bob", Roles.User);
        var ops = await GroupAsync(admin, "ops", aliceId);
        var passwords = await PopulateAsync(source, admin, aliceId, bobId, ops);
        var expected = await SnapshotAsync(admin, principalsByName: true, leaveOut: "bob");
        Assert.Contains(JsonEncodedText.Encode(passwords[1]).ToString(), expected);
        Assert.DoesNotContain(JsonEncodedText.Encode(passwords[0]).ToString(), expected);

        // Only vault administrators export, with a passphrase of at least 12 characters.
        Assert.Equal(403, (await ExportAsync(source, alice, Passphrase)).Status);
        var weak = await ExportAsync(source, admin, "too short");
        Assert.Equal(400, weak.Status);
        Assert.Contains("validation_failed", weak.Text);
        var export = await ExportAsync(source, admin, Passphrase);
        Assert.Equal(200, export.Status);
        Assert.Equal("application/octet-stream", export.ContentType);
        Assert.Matches("attachment; filename=\"?vigie-vault-\\d{8}T\\d{6}Z\\.vve", export.Disposition);
        Assert.Equal("VIGIE-VAULT-EXPORT"u8.ToArray(), export.Body[..18]);
        Assert.All(passwords, p => Assert.DoesNotContain(p, Encoding.UTF8.GetString(export.Body)));
        var exported = (await admin.GetAsync("api/v1/audit/events?action=vault.exported&limit=10")).EnsureStatus(200).Json.GetProperty("items");
        Assert.Equal(1, exported.GetArrayLength());
        Assert.Equal("success", exported[0].GetProperty("outcome").GetString());

        // A fresh server with its own auto-unseal key: alice and the ops group exist there, bob does not.
        var (target, targetAdmin) = await StartUnsealedAsync(db);
        await using var __ = target;
        var (targetAlice, targetAliceId, _) = await target.CreateUserAsync(targetAdmin, "alice", Roles.User);
        await GroupAsync(targetAdmin, "ops", targetAliceId);

        (await RestoreAsync(target, targetAdmin, export.Body, "Tr0ub4dor & three horseS")).EnsureProblem(400, "wrong_passphrase_or_corrupted");
        var flipped = (byte[])export.Body.Clone();
        flipped[flipped.Length / 2] ^= 0x01;
        (await RestoreAsync(target, targetAdmin, flipped, Passphrase)).EnsureProblem(400, "export_corrupted");
        var cut = await RestoreAsync(target, targetAdmin, export.Body[..(export.Body.Length * 2 / 3)], Passphrase);
        cut.EnsureProblem(400, "export_truncated");
        Assert.Contains("truncated", cut.Json.GetProperty("title").GetString());
        (await RestoreAsync(target, targetAdmin, export.Body[..^1], Passphrase)).EnsureProblem(400, "export_truncated");
        (await RestoreAsync(target, targetAlice, export.Body, Passphrase)).EnsureProblem(403, "forbidden");
        (await RestoreAsync(target, targetAdmin, "not an export at all"u8.ToArray(), Passphrase)).EnsureProblem(400, "not_a_vault_export");
        Assert.Equal(0, (await targetAdmin.GetAsync("api/v1/vault/folders")).EnsureStatus(200).Json.GetArrayLength());

        var report = (await RestoreAsync(target, targetAdmin, export.Body, Passphrase, matchByName: true)).EnsureStatus(200).Json;
        Assert.Equal(5, report.GetProperty("folders").GetInt32());
        Assert.Equal(2, report.GetProperty("spaces").GetInt32());
        Assert.Equal(5, report.GetProperty("secrets").GetInt32());
        Assert.Equal(3 + 1 + 2 + 1 + 2, report.GetProperty("versions").GetInt32());
        var skipped = report.GetProperty("skippedGrants").EnumerateArray().ToList();
        Assert.Equal("bob", Assert.Single(skipped).GetProperty("principalName").GetString());
        Assert.Equal(bobId, skipped[0].GetProperty("principalId").GetGuid());
        Assert.Equal("Clients", skipped[0].GetProperty("folder").GetString());
        var remapped = report.GetProperty("remappedGrants").EnumerateArray().Select(g => g.GetProperty("principalName").GetString()).Order().ToList();
        Assert.Equal(["admin", "admin", "alice", "ops"], remapped);
        Assert.Equal(4, report.GetProperty("grants").GetInt32());

        // Everything identical and readable under the target's own keys; alice's rights came along.
        Assert.Equal(expected, await SnapshotAsync(targetAdmin, principalsByName: true, leaveOut: null));
        var aliceReveals = (await targetAlice.GetAsync("api/v1/vault/secrets")).EnsureStatus(200).Json.GetProperty("items");
        Assert.Equal(["Infra VPN", "Safe combination", "backup@web1", "root@web1"], aliceReveals.EnumerateArray().Select(s => s.GetProperty("title").GetString()).Order(StringComparer.Ordinal));
        var restoredRoot = aliceReveals.EnumerateArray().Single(s => s.GetProperty("title").GetString() == "root@web1").GetProperty("id").GetGuid();
        Assert.Equal(passwords[3], (await targetAlice.PostAsync($"api/v1/vault/secrets/{restoredRoot}/reveal")).EnsureStatus(200).Json.GetProperty("password").GetString());

        // Only into an empty vault; audited; stored as ciphertext under the target's keys.
        (await RestoreAsync(target, targetAdmin, export.Body, Passphrase, matchByName: true)).EnsureProblem(409, "vault_not_empty");
        var restored = (await targetAdmin.GetAsync("api/v1/audit/events?action=vault.restored&limit=10")).EnsureStatus(200).Json.GetProperty("items");
        Assert.Equal(1, restored.GetArrayLength());
        await using (var c = await DatabaseAccess.OpenAsync(target))
        {
            var payloads = (await c.QueryAsync<byte[]>("SELECT payload FROM vault_secret_versions")).ToList();
            Assert.Equal(9, payloads.Count);
            Assert.All(payloads, p => Assert.All(passwords, pw => Assert.DoesNotContain(pw, Encoding.UTF8.GetString(p))));
        }

        // The passphrase and the values never reach a log line or the audit trail.
        var audit = (await targetAdmin.GetAsync("api/v1/audit/events?limit=500")).Body + (await admin.GetAsync("api/v1/audit/events?limit=500")).Body;
        var logs = CapturedLogs.All;
        foreach (var secret in passwords.Append(Passphrase).Append("R3c0very-k3y"))
        {
            Assert.DoesNotContain(secret, audit);
            Assert.DoesNotContain(logs, line => line.Contains(secret, StringComparison.Ordinal));
        }
    }

    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task FullExport_WipeThenRestoreOnTheSameServer_IdenticalGrantsIncluded_AFailedRestoreWritesNothing(TestDatabase db)
    {
        var (server, admin) = await StartUnsealedAsync(db, historyVersions: 3);
        await using var _ = server;
        var (_, aliceId, _) = await server.CreateUserAsync(admin, "alice", Roles.User);
        var (_, bobId, _) = await server.CreateUserAsync(admin, "bob", Roles.User);
        var ops = await GroupAsync(admin, "ops", aliceId);
        await PopulateAsync(server, admin, aliceId, bobId, ops);
        var expected = await SnapshotAsync(admin, principalsByName: false, leaveOut: null);
        var export = await ExportAsync(server, admin, Passphrase);
        Assert.Equal(200, export.Status);

        await using (var c = await DatabaseAccess.OpenAsync(server))
        {
            foreach (var table in new[] { "vault_secret_versions", "vault_secrets", "vault_grants", "vault_folders" })
            {
                await c.ExecuteAsync($"DELETE FROM {table}");
            }
            // A failure halfway through the writes (the last table written) rolls everything back.
            await DatabaseAccess.RefuseInsertsAsync(c, db, "vault_secret_versions");
        }
        (await RestoreAsync(server, admin, export.Body, Passphrase)).EnsureProblem(500, "internal_error");
        await using (var c = await DatabaseAccess.OpenAsync(server))
        {
            Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT (SELECT COUNT(*) FROM vault_folders) + (SELECT COUNT(*) FROM vault_grants) + (SELECT COUNT(*) FROM vault_secrets)"));
            await c.ExecuteAsync(db == TestDatabase.Postgres ? "DROP TRIGGER refuse_vault_secret_versions ON vault_secret_versions" : "DROP TRIGGER refuse_vault_secret_versions");
        }

        var report = (await RestoreAsync(server, admin, export.Body, Passphrase)).EnsureStatus(200).Json;
        Assert.Empty(report.GetProperty("skippedGrants").EnumerateArray());
        Assert.Empty(report.GetProperty("remappedGrants").EnumerateArray());
        Assert.Equal(expected, await SnapshotAsync(admin, principalsByName: false, leaveOut: null));
    }

    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task Export_AnEntryThatDoesNotOpen_StopsTheFileBeforeItsEnd_AndIsAuditedAsFailed(TestDatabase db)
    {
        var (server, admin) = await StartUnsealedAsync(db);
        await using var _ = server;
        var space = (await admin.PostAsync("api/v1/vault/folders", new { name = "Infra" })).EnsureStatus(201).Json.GetProperty("id").GetGuid();
        var ids = new List<Guid>();
        foreach (var title in new[] { "a", "b" })
        {
            ids.Add((await admin.PostAsync("api/v1/vault/secrets", new { folderId = space, title, password = CapturedLogs.Secret("vault password", $"{title}!{Guid.NewGuid():N}") }))
                .EnsureStatus(201).Json.GetProperty("id").GetGuid());
        }
        await using (var c = await DatabaseAccess.OpenAsync(server))
        {
            var foreign = await c.QueryFirstAsync<byte[]>("SELECT payload FROM vault_secret_versions WHERE secret_id = @Id", new { Id = ids[0] });
            await c.ExecuteAsync("UPDATE vault_secret_versions SET payload = @Payload WHERE secret_id = @Id", new { Payload = foreign, Id = ids[1] });
        }

        byte[]? body = null;
        try
        {
            var export = await ExportAsync(server, admin, Passphrase);
            body = export.Status == 200 ? export.Body : null;
        }
        catch (HttpRequestException)
        {
            // The server aborted the response midway: what the client got is no export.
        }
        if (body is not null)
        {
            // Whatever arrived ends before the final frame, and is refused as such.
            var refusal = await Assert.ThrowsAsync<Vigie.Core.Common.ProblemException>(async () =>
            {
                using var file = new MemoryStream(body);
                var (header, keys) = await Vigie.Core.Vault.Backup.ExportFileReader.UnlockAsync(file, Encoding.UTF8.GetBytes(Passphrase), default);
                using (keys)
                {
                    await using var reader = new Vigie.Core.Vault.Backup.ExportFileReader(file, header, keys);
                    await foreach (var __ in reader.ReadAsync(default))
                    {
                    }
                }
            });
            Assert.Equal("export_truncated", refusal.Code);
        }
        var outcomes = (await admin.GetAsync("api/v1/audit/events?action=vault.exported&limit=10")).EnsureStatus(200).Json.GetProperty("items")
            .EnumerateArray().Select(e => e.GetProperty("outcome").GetString()).Order().ToList();
        Assert.Equal(["failure", "success"], outcomes);
    }

    private static async Task<(VigieTestServer Server, ApiClient Admin)> StartUnsealedAsync(TestDatabase db, int historyVersions = 10)
    {
        var server = await VigieTestServer.StartAsync(db, new Dictionary<string, string?>
        {
            ["Vault:AutoUnsealKey"] = CapturedLogs.Secret("unseal key", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))),
            ["Vault:HistoryVersions"] = historyVersions.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var admin = await server.SetupAdminAsync();
        (await admin.PostAsync("api/v1/vault/init", new { })).EnsureStatus(200);
        (await admin.PostAsync("api/v1/vault/unseal", new { })).EnsureStatus(200);
        return (server, admin);
    }

    private static async Task<Guid> GroupAsync(ApiClient admin, string name, Guid member)
    {
        var id = (await admin.PostAsync("api/v1/groups", new { name })).EnsureStatus(201).Json.GetProperty("id").GetGuid();
        (await admin.PutAsync($"api/v1/groups/{id}/members/{member}")).EnsureStatus(204);
        return id;
    }

    /// <summary>Two spaces, nested folders (one read-only), grants to users and a group, entries with versions and custom fields.</summary>
    private static async Task<List<string>> PopulateAsync(VigieTestServer server, ApiClient admin, Guid alice, Guid bob, Guid ops)
    {
        async Task<Guid> Folder(string name, Guid? parentId = null, bool readOnly = false) =>
            (await admin.PostAsync("api/v1/vault/folders", new { parentId, name, readOnly })).EnsureStatus(201).Json.GetProperty("id").GetGuid();
        async Task Grant(Guid folder, string kind, Guid principal, string access, DateTimeOffset? expiresAt = null) =>
            (await admin.PutAsync($"api/v1/vault/folders/{folder}/grants", new { principalKind = kind, principalId = principal, access, expiresAt })).EnsureStatus(200);
        async Task<Guid> Secret(object body) => (await admin.PostAsync("api/v1/vault/secrets", body)).EnsureStatus(201).Json.GetProperty("id").GetGuid();

        var passwords = Enumerable.Range(0, 8).Select(i => CapturedLogs.Secret("vault password", $"Pw{i}!{Guid.NewGuid():N}\"é✓")).ToList();
        var infra = await Folder("Infra");
        var linux = await Folder("Linux", infra);
        var web = await Folder("Web", linux);
        var archive = await Folder("Archive", infra, readOnly: true);
        var clients = await Folder("Clients");
        await Grant(infra, "group", ops, "read");
        await Grant(linux, "user", alice, "write");
        await Grant(clients, "user", bob, "read", server.Clock.GetUtcNow().AddDays(30));

        var root = await Secret(new
        {
            folderId = web, title = "root@web1", username = "root", password = passwords[0], url = "ssh://web1", tags = new[] { "prod", "web" },
            fields = new[] { new { name = "port", value = "22", secret = false }, new { name = "recovery key", value = "R3c0very-k3y", secret = true } },
        });
        for (var v = 1; v <= 3; v++)
        {
            server.Clock.Advance(TimeSpan.FromMinutes(5));
            (await admin.PutAsync($"api/v1/vault/secrets/{root}", new
            {
                title = "root@web1", username = "root", password = passwords[v], url = "ssh://web1", notes = $"rotated {v} time(s)\nsecond line",
                tags = new[] { "prod", "web" }, fields = new[] { new { name = "port", value = (22 + v).ToString(System.Globalization.CultureInfo.InvariantCulture), secret = false } },
                expectedVersion = v,
            })).EnsureStatus(200);
        }
        await Secret(new { folderId = archive, kind = "note", title = "Safe combination", notes = "12-34-56" });
        var cafe = await Secret(new { folderId = clients, title = "Café ✓ portal", username = "gérant", password = passwords[4], url = "https://café.example" });
        server.Clock.Advance(TimeSpan.FromMinutes(5));
        (await admin.PutAsync($"api/v1/vault/secrets/{cafe}", new { title = "Café ✓ portal", username = "gérant", password = passwords[5] })).EnsureStatus(200);
        await Secret(new { folderId = linux, title = "backup@web1", username = "backup" });
        var space = await Secret(new { folderId = infra, title = "Infra VPN", password = passwords[6] });
        (await admin.PutAsync($"api/v1/vault/secrets/{space}", new { title = "Infra VPN", password = passwords[7], tags = new[] { "vpn" } })).EnsureStatus(200);
        return passwords;
    }

    /// <summary>Everything an administrator sees of the vault, every kept version revealed, as one JSON text to compare.</summary>
    private static async Task<string> SnapshotAsync(ApiClient admin, bool principalsByName, string? leaveOut)
    {
        var names = new Dictionary<Guid, string>();
        foreach (var user in (await admin.GetAsync("api/v1/users?limit=100")).EnsureStatus(200).Json.GetProperty("items").EnumerateArray())
        {
            names[user.GetProperty("id").GetGuid()] = user.GetProperty("username").GetString()!;
        }
        foreach (var group in (await admin.GetAsync("api/v1/groups")).EnsureStatus(200).Json.EnumerateArray())
        {
            names[group.GetProperty("id").GetGuid()] = group.GetProperty("name").GetString()!;
        }
        var folders = new List<object>();
        var grants = new List<object>();
        foreach (var folder in (await admin.GetAsync("api/v1/vault/folders")).EnsureStatus(200).Json.EnumerateArray())
        {
            var id = folder.GetProperty("id").GetGuid();
            folders.Add(new
            {
                id, parentId = folder.GetProperty("parentId").ToString(), spaceId = folder.GetProperty("spaceId").GetGuid(),
                name = folder.GetProperty("name").GetString(), readOnly = folder.GetProperty("readOnly").GetBoolean(),
                createdAt = folder.GetProperty("createdAt").GetString(),
            });
            foreach (var grant in (await admin.GetAsync($"api/v1/vault/folders/{id}/grants")).EnsureStatus(200).Json.EnumerateArray())
            {
                var principal = grant.GetProperty("principalId").GetGuid();
                if (names.GetValueOrDefault(principal) == leaveOut && leaveOut is not null)
                {
                    continue;
                }
                grants.Add(new
                {
                    id = grant.GetProperty("id").GetGuid(), folderId = id, kind = grant.GetProperty("principalKind").GetString(),
                    principal = principalsByName ? names[principal] : principal.ToString(), access = grant.GetProperty("access").GetString(),
                    expiresAt = grant.GetProperty("expiresAt").ToString(), grantedBy = grant.GetProperty("grantedBy").GetString(),
                    createdAt = grant.GetProperty("createdAt").GetString(),
                });
            }
        }
        var secrets = new List<object>();
        foreach (var secret in (await admin.GetAsync("api/v1/vault/secrets?limit=1000")).EnsureStatus(200).Json.GetProperty("items").EnumerateArray())
        {
            var id = secret.GetProperty("id").GetGuid();
            var versions = new List<object>();
            foreach (var version in (await admin.GetAsync($"api/v1/vault/secrets/{id}/versions")).EnsureStatus(200).Json.EnumerateArray())
            {
                var number = version.GetProperty("version").GetInt32();
                var revealed = (await admin.PostAsync($"api/v1/vault/secrets/{id}/reveal?version={number}")).EnsureStatus(200).Json;
                versions.Add(new
                {
                    number, createdAt = version.GetProperty("createdAt").GetString(), createdBy = version.GetProperty("createdBy").GetString(),
                    username = revealed.GetProperty("username").ToString(), password = revealed.GetProperty("password").ToString(),
                    notes = revealed.GetProperty("notes").ToString(), fields = revealed.GetProperty("fields").GetRawText(),
                });
            }
            secrets.Add(new { summary = secret.GetRawText(), versions });
        }
        return JsonSerializer.Serialize(new { folders, grants, secrets }, new JsonSerializerOptions { WriteIndented = true });
    }

    private sealed record Download(int Status, byte[] Body, string? ContentType, string? Disposition)
    {
        public string Text => Encoding.UTF8.GetString(Body);
    }

    private static async Task<Download> ExportAsync(VigieTestServer server, ApiClient client, string passphrase)
    {
        using var http = Http(server, client);
        using var response = await http.PostAsJsonAsync("api/v1/vault/export", new { passphrase });
        return new Download((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentType?.MediaType,
            response.Content.Headers.ContentDisposition?.ToString());
    }

    private static async Task<ApiResponse> RestoreAsync(VigieTestServer server, ApiClient client, byte[] file, string passphrase, bool matchByName = false)
    {
        using var http = Http(server, client);
        using var content = new MultipartFormDataContent
        {
            { JsonContent.Create(new { passphrase, matchPrincipalsByName = matchByName }), "request" },
        };
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(part, "file", "vault.vve");
        using var response = await http.PostAsync("api/v1/vault/restore", content);
        return new ApiResponse((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType, [], null);
    }

    private static HttpClient Http(VigieTestServer server, ApiClient client)
    {
        var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", client.Bearer);
        return http;
    }
}
