using System.Security.Cryptography;
using Vigie.Core.Identity;
using Vigie.Testing;

namespace Vigie.Server.Tests;

public class VaultRightsTests
{
    private static async Task<(VigieTestServer Server, ApiClient Admin)> StartUnsealedAsync(TestDatabase db)
    {
        var server = await VigieTestServer.StartAsync(db, new Dictionary<string, string?> { ["Vault:AutoUnsealKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) });
        var admin = await server.SetupAdminAsync();
        (await admin.PostAsync("api/v1/vault/init", new { })).EnsureStatus(200);
        (await admin.PostAsync("api/v1/vault/unseal", new { })).EnsureStatus(200);
        return (server, admin);
    }

    private static async Task<Guid> FolderAsync(ApiClient client, string name, Guid? parentId = null, bool readOnly = false) =>
        (await client.PostAsync("api/v1/vault/folders", new { parentId, name, readOnly })).EnsureStatus(201).Json.GetProperty("id").GetGuid();

    private static Task<ApiResponse> GrantAsync(ApiClient client, Guid folder, string kind, Guid principal, string access, DateTimeOffset? expiresAt = null) =>
        client.PutAsync($"api/v1/vault/folders/{folder}/grants", new { principalKind = kind, principalId = principal, access, expiresAt });

    [Fact]
    public async Task TokenConfinedToFolders_NeverCarriesVaultAdministration_EvenWhenItNamesIt()
    {
        var (server, admin) = await StartUnsealedAsync(TestDatabase.Sqlite);
        await using var _ = server;
        var infra = await FolderAsync(admin, "Infra");
        var entry = (await admin.PostAsync("api/v1/vault/secrets", new { folderId = infra, title = "web1", password = "Web1!root-pw" })).EnsureStatus(201)
            .Json.GetProperty("id").GetGuid();
        var me = (await admin.GetAsync("api/v1/auth/me")).EnsureStatus(200).Json.GetProperty("id").GetGuid();
        var secret = (await admin.PostAsync("api/v1/tokens", new { name = "mixed", scopes = new[] { "vault.use", "vault.admin", $"vault:{infra}:read" } }))
            .EnsureStatus(201).Json.GetProperty("secret").GetString()!;
        using var mixed = new ApiClient(server.BaseAddress, CapturedLogs.Secret("api token", secret));

        Assert.Equal("Web1!root-pw", (await mixed.PostAsync($"api/v1/vault/secrets/{entry}/reveal")).EnsureStatus(200).Json.GetProperty("password").GetString());
        (await mixed.GetAsync("api/v1/vault/dashboard")).EnsureProblem(403, "forbidden");
        (await mixed.GetAsync($"api/v1/vault/access/users/{me}")).EnsureProblem(403, "forbidden");
        (await mixed.PostAsync("api/v1/vault/rotate-keys")).EnsureProblem(403, "forbidden");
        (await mixed.PostAsync("api/v1/vault/export", new { passphrase = "a long enough export passphrase" })).EnsureProblem(403, "forbidden");
        (await mixed.PostAsync("api/v1/vault/seal")).EnsureProblem(403, "forbidden");
        Assert.False((await admin.GetAsync("api/v1/vault/status")).EnsureStatus(200).Json.GetProperty("sealed").GetBoolean());
        (await admin.GetAsync("api/v1/vault/dashboard")).EnsureStatus(200);
    }

    [Fact]
    public async Task Manager_GrantsByName_WithoutListingUsersOrGroups_NamesResolvedOnlyForThoseAllowedToGrant()
    {
        var (server, admin) = await StartUnsealedAsync(TestDatabase.Sqlite);
        await using var _ = server;
        var (alice, aliceId, _) = await server.CreateUserAsync(admin, "alice", Roles.User);
        var (bob, _, _) = await server.CreateUserAsync(admin, "bob", Roles.User);
        var ops = (await admin.PostAsync("api/v1/groups", new { name = "Ops" })).EnsureStatus(201).Json.GetProperty("id").GetGuid();
        var infra = await FolderAsync(admin, "Infra");
        (await GrantAsync(admin, infra, "user", aliceId, "manage")).EnsureStatus(200);
        (await alice.GetAsync("api/v1/groups")).EnsureProblem(403, "forbidden");

        var toGroup = (await alice.PutAsync($"api/v1/vault/folders/{infra}/grants", new { principalKind = "group", principalName = "ops", access = "read" }))
            .EnsureStatus(200).Json;
        Assert.Equal(ops, toGroup.GetProperty("principalId").GetGuid());
        (await alice.PutAsync($"api/v1/vault/folders/{infra}/grants", new { principalKind = "user", principalName = " BOB ", access = "write" })).EnsureStatus(200);
        Assert.Equal(4, (await alice.GetAsync($"api/v1/vault/folders/{infra}/grants")).EnsureStatus(200).Json.GetArrayLength());  // with the creator and alice
        (await alice.PutAsync($"api/v1/vault/folders/{infra}/grants", new { principalKind = "user", principalName = "nobody", access = "read" }))
            .EnsureProblem(404, "not_found");
        (await alice.PutAsync($"api/v1/vault/folders/{infra}/grants", new { principalKind = "user", principalId = aliceId, principalName = "bob", access = "read" }))
            .EnsureProblem(400, "validation_failed");
        (await alice.PutAsync($"api/v1/vault/folders/{infra}/grants", new { principalKind = "user", access = "read" })).EnsureProblem(400, "validation_failed");

        // Someone who may not grant on the folder learns nothing about names: the folder answers first.
        var other = await FolderAsync(admin, "HR");
        (await bob.PutAsync($"api/v1/vault/folders/{other}/grants", new { principalKind = "user", principalName = "alice", access = "read" }))
            .EnsureProblem(404, "not_found");
        (await bob.PutAsync($"api/v1/vault/folders/{infra}/grants", new { principalKind = "user", principalName = "nobody", access = "read" }))
            .EnsureProblem(403, "vault_access_denied");
    }

    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task Rights_InheritedFromGroups_ReadOnlyFolder_Expiry_OthersRefused(TestDatabase db)
    {
        var (server, admin) = await StartUnsealedAsync(db);
        await using var _ = server;
        var (alice, aliceId, alicePassword) = await server.CreateUserAsync(admin, "alice", Roles.User);
        var (bob, bobId, bobPassword) = await server.CreateUserAsync(admin, "bob", Roles.User);
        var (carol, _, _) = await server.CreateUserAsync(admin, "carol", Roles.Operator);
        var ops = (await admin.PostAsync("api/v1/groups", new { name = "ops" })).EnsureStatus(201).Json.GetProperty("id").GetGuid();
        (await admin.PutAsync($"api/v1/groups/{ops}/members/{aliceId}")).EnsureStatus(204);

        var infra = await FolderAsync(admin, "Infra");
        var linux = await FolderAsync(admin, "Linux", infra);
        var archive = await FolderAsync(admin, "Archive", infra, readOnly: true);
        (await alice.PostAsync("api/v1/vault/folders", new { name = "Mine" })).EnsureProblem(403, "forbidden");
        var root = (await admin.PostAsync("api/v1/vault/secrets", new { folderId = linux, title = "root@web1", username = "root", password = "Web1!root-pw" }))
            .EnsureStatus(201).Json.GetProperty("id").GetGuid();

        // Nobody but the space's creator has any right yet: the others do not even learn the entry exists.
        (await alice.GetAsync($"api/v1/vault/secrets/{root}")).EnsureProblem(404, "not_found");
        Assert.Equal(0, (await alice.GetAsync("api/v1/vault/folders")).EnsureStatus(200).Json.GetArrayLength());

        // A group right on the space is inherited by its folders.
        (await GrantAsync(admin, infra, "group", ops, "read")).EnsureStatus(200);
        Assert.Equal("Web1!root-pw", (await alice.PostAsync($"api/v1/vault/secrets/{root}/reveal")).EnsureStatus(200).Json.GetProperty("password").GetString());
        var aliceFolders = (await alice.GetAsync("api/v1/vault/folders")).EnsureStatus(200).Json.EnumerateArray()
            .ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("access").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["Infra"] = "read", ["Linux"] = "read", ["Archive"] = "read" }, aliceFolders);
        (await alice.PostAsync("api/v1/vault/secrets", new { folderId = linux, title = "x", password = "y" })).EnsureProblem(403, "vault_access_denied");
        (await alice.PutAsync($"api/v1/vault/folders/{linux}/grants", new { principalKind = "user", principalId = bobId, access = "read" }))
            .EnsureProblem(403, "vault_access_denied");
        (await bob.PostAsync($"api/v1/vault/secrets/{root}/reveal")).EnsureProblem(404, "not_found");
        (await carol.GetAsync($"api/v1/vault/secrets?folder={linux}")).EnsureProblem(404, "not_found");

        // Write on the space: entries anywhere but in the read-only folder, which only its managers change.
        (await GrantAsync(admin, infra, "user", aliceId, "write")).EnsureStatus(200);
        (await alice.PostAsync("api/v1/vault/secrets", new { folderId = linux, title = "backup@web1", password = "B4ckup!pw" })).EnsureStatus(201);
        (await alice.PostAsync("api/v1/vault/secrets", new { folderId = archive, title = "old", password = "0ld!pw" })).EnsureProblem(403, "vault_access_denied");
        (await admin.PostAsync("api/v1/vault/secrets", new { folderId = archive, title = "old", password = "0ld!pw" })).EnsureStatus(201);

        // Access with an expiry ends by itself.
        (await GrantAsync(admin, linux, "user", bobId, "read", server.Clock.GetUtcNow().AddDays(1))).EnsureStatus(200);
        (await bob.PostAsync($"api/v1/vault/secrets/{root}/reveal")).EnsureStatus(200);
        server.Clock.Advance(TimeSpan.FromDays(2));
        bob = await server.LoginAsync("bob", bobPassword);
        admin = await server.LoginAsync(VigieTestServer.AdminName, VigieTestServer.AdminPassword);
        (await bob.PostAsync($"api/v1/vault/secrets/{root}/reveal")).EnsureProblem(404, "not_found");

        // Revoking: the group loses its read right.
        (await GrantAsync(admin, infra, "group", ops, "none")).EnsureStatus(204);
        (await GrantAsync(admin, infra, "user", aliceId, "none")).EnsureStatus(204);
        alice = await server.LoginAsync("alice", alicePassword);
        (await alice.PostAsync($"api/v1/vault/secrets/{root}/reveal")).EnsureProblem(404, "not_found");

        // A token without the vault scope is refused whatever its owner's rights.
        var (robot, _) = await server.CreateApiUserAsync(admin, "robot", Roles.Administrator, Permissions.InventoryRead);
        (await robot.GetAsync("api/v1/vault/secrets")).EnsureProblem(403, "forbidden");

        var denied = (await admin.GetAsync("api/v1/audit/events?action=vault.access_denied&limit=100")).EnsureStatus(200).Json.GetProperty("items");
        Assert.True(denied.GetArrayLength() >= 4);
        Assert.Contains(denied.EnumerateArray(), e => e.GetProperty("actorName").GetString() == "bob");
    }

    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task FolderScopedToken_ReachesItsFolderOnly_WithAtMostItsRight(TestDatabase db)
    {
        var (server, admin) = await StartUnsealedAsync(db);
        await using var _ = server;
        var (ansible, ansibleId, _) = await server.CreateUserAsync(admin, "ansible", Roles.User);
        var infra = await FolderAsync(admin, "Infra");
        var linux = await FolderAsync(admin, "Linux", infra);
        var windows = await FolderAsync(admin, "Windows", infra);
        (await GrantAsync(admin, infra, "user", ansibleId, "write")).EnsureStatus(200);
        var inLinux = (await admin.PostAsync("api/v1/vault/secrets", new { folderId = linux, title = "root@web1", password = "Web1!root-pw" })).EnsureStatus(201).Json.GetProperty("id").GetGuid();
        var inWindows = (await admin.PostAsync("api/v1/vault/secrets", new { folderId = windows, title = "Administrator@dc1", password = "Dc1!admin-pw" })).EnsureStatus(201).Json.GetProperty("id").GetGuid();

        (await ansible.PostAsync("api/v1/tokens", new { name = "bad", scopes = new[] { "vault.use", $"vault:{linux}:own" } })).EnsureProblem(400, "validation_failed");
        var created = (await ansible.PostAsync("api/v1/tokens", new { name = "playbook", scopes = new[] { "vault.use", $"vault:{linux}:read" }, expiresInDays = 30 }))
            .EnsureStatus(201).Json;
        using var token = new ApiClient(server.BaseAddress, CapturedLogs.Secret("api token", created.GetProperty("secret").GetString()!));

        Assert.Equal("Web1!root-pw", (await token.PostAsync($"api/v1/vault/secrets/{inLinux}/reveal")).EnsureStatus(200).Json.GetProperty("password").GetString());
        (await token.PostAsync($"api/v1/vault/secrets/{inWindows}/reveal")).EnsureProblem(404, "not_found");
        (await token.PostAsync("api/v1/vault/secrets", new { folderId = linux, title = "new", password = "N3w!pw-value" })).EnsureProblem(403, "vault_access_denied");
        var folders = (await token.GetAsync("api/v1/vault/folders")).EnsureStatus(200).Json.EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList();
        Assert.Equal(["Linux"], folders);
        Assert.Single((await token.GetAsync("api/v1/vault/secrets")).EnsureStatus(200).Json.GetProperty("items").EnumerateArray());
        // The owner, without the token's restriction, still writes there.
        (await ansible.PostAsync("api/v1/vault/secrets", new { folderId = linux, title = "new", password = "N3w!pw-value" })).EnsureStatus(201);
    }
}
