using System.Security.Cryptography;
using System.Text.Json;
using Vigie.Core.Identity;
using Vigie.Testing;

namespace Vigie.Server.Tests;

/// <summary><c>GET /api/v1/vault/access/users/{id}</c>: what a user can reach, as the server decides it for their own requests.</summary>
public class VaultAccessReviewTests
{
    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task Review_ShowsEffectiveRights_EntriesAndTheGrantsBehindThem_MatchingWhatTheUserSees(TestDatabase db)
    {
        await using var server = await VigieTestServer.StartAsync(db,
            new Dictionary<string, string?> { ["Vault:AutoUnsealKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) });
        using var admin = await server.SetupAdminAsync();
        (await admin.PostAsync("api/v1/vault/init", new { })).EnsureStatus(200);
        (await admin.PostAsync("api/v1/vault/unseal", new { })).EnsureStatus(200);
        var (alice, aliceId, _) = await server.CreateUserAsync(admin, "alice", Roles.User);
        var (_, bobId, _) = await server.CreateUserAsync(admin, "bob", Roles.User);
        var ops = (await admin.PostAsync("api/v1/groups", new { name = "ops" })).EnsureStatus(201).Json.GetProperty("id").GetGuid();
        (await admin.PutAsync($"api/v1/groups/{ops}/members/{aliceId}")).EnsureStatus(204);
        async Task<Guid> Folder(string name, Guid? parentId = null, bool readOnly = false) =>
            (await admin.PostAsync("api/v1/vault/folders", new { parentId, name, readOnly })).EnsureStatus(201).Json.GetProperty("id").GetGuid();
        var infra = await Folder("Infra");
        var linux = await Folder("Linux", infra);
        var archive = await Folder("Archive", infra, readOnly: true);
        var hr = await Folder("HR");
        foreach (var (folder, title) in new[] { (linux, "web1"), (linux, "web2"), (archive, "old"), (hr, "payroll") })
        {
            (await admin.PostAsync("api/v1/vault/secrets", new { folderId = folder, title, password = $"Pw-{Guid.NewGuid():N}" })).EnsureStatus(201);
        }
        var until = DateTimeOffset.UtcNow.AddDays(30);
        (await admin.PutAsync($"api/v1/vault/folders/{infra}/grants", new { principalKind = "group", principalId = ops, access = "read" })).EnsureStatus(200);
        (await admin.PutAsync($"api/v1/vault/folders/{linux}/grants", new { principalKind = "user", principalId = aliceId, access = "write", expiresAt = until }))
            .EnsureStatus(200);
        (await admin.PutAsync($"api/v1/vault/folders/{archive}/grants", new { principalKind = "user", principalId = aliceId, access = "write" })).EnsureStatus(200);

        var review = (await admin.GetAsync($"api/v1/vault/access/users/{aliceId}")).EnsureStatus(200).Json;
        Assert.Equal(("alice", "user", false), (review.GetProperty("username").GetString(), review.GetProperty("role").GetString(),
            review.GetProperty("vaultAdministrator").GetBoolean()));
        Assert.Equal("ops", review.GetProperty("groups")[0].GetProperty("name").GetString());
        var folders = review.GetProperty("folders").EnumerateArray().ToDictionary(f => f.GetProperty("path").GetString()!);
        Assert.Equal(["Infra", "Infra/Archive", "Infra/Linux"], folders.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("read", 0), Right(folders["Infra"]));
        Assert.Equal(("write", 2), Right(folders["Infra/Linux"]));
        Assert.Equal(("read", 1), Right(folders["Infra/Archive"]));  // a read-only folder caps everyone but its managers
        var linuxVia = folders["Infra/Linux"].GetProperty("via").EnumerateArray()
            .Select(v => (v.GetProperty("folderPath").GetString(), v.GetProperty("principalKind").GetString(), v.GetProperty("access").GetString())).ToList();
        Assert.Equal([("Infra", "group", "read"), ("Infra/Linux", "user", "write")], linuxVia);
        Assert.Equal(until.ToUnixTimeSeconds(), folders["Infra/Linux"].GetProperty("via")[1].GetProperty("expiresAt").GetDateTimeOffset().ToUnixTimeSeconds());

        // The review says what the user's own requests get.
        var seen = (await alice.GetAsync("api/v1/vault/folders")).EnsureStatus(200).Json.EnumerateArray()
            .ToDictionary(f => f.GetProperty("id").GetGuid(), f => f.GetProperty("access").GetString());
        Assert.Equal(seen.OrderBy(p => p.Key), folders.Values.ToDictionary(f => f.GetProperty("id").GetGuid(), f => f.GetProperty("access").GetString()).OrderBy(p => p.Key));

        // Someone with no grant sees nothing; the administrator's own review counts only what was granted (spaces they created).
        Assert.Empty((await admin.GetAsync($"api/v1/vault/access/users/{bobId}")).EnsureStatus(200).Json.GetProperty("folders").EnumerateArray());
        Assert.Equal(aliceId, (await admin.GetAsync("api/v1/vault/access/users/ALICE")).EnsureStatus(200).Json.GetProperty("userId").GetGuid());
        (await admin.GetAsync("api/v1/vault/access/users/nobody")).EnsureProblem(404, "not_found");
        var self = (await admin.GetAsync("api/v1/auth/me")).EnsureStatus(200).Json.GetProperty("id").GetGuid();
        var own = (await admin.GetAsync($"api/v1/vault/access/users/{self}")).EnsureStatus(200).Json;
        Assert.True(own.GetProperty("vaultAdministrator").GetBoolean());
        Assert.Equal(["HR", "Infra", "Infra/Archive", "Infra/Linux"],
            own.GetProperty("folders").EnumerateArray().Select(f => f.GetProperty("path").GetString()).Order(StringComparer.Ordinal));

        // Only vault administrators review others; an unknown user is a 404; sealed is 503.
        (await alice.GetAsync($"api/v1/vault/access/users/{aliceId}")).EnsureProblem(403, "forbidden");
        (await admin.GetAsync($"api/v1/vault/access/users/{Guid.NewGuid()}")).EnsureProblem(404, "not_found");
        (await admin.PostAsync("api/v1/vault/seal")).EnsureStatus(200);
        (await admin.GetAsync($"api/v1/vault/access/users/{aliceId}")).EnsureProblem(503, "vault_sealed");
    }

    private static (string?, int) Right(JsonElement folder) => (folder.GetProperty("access").GetString(), folder.GetProperty("entries").GetInt32());
}
