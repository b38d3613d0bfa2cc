using System.Security.Cryptography;
using Vigie.Core.Identity;
using Vigie.Testing;

namespace Vigie.Server.Tests;

public class VaultPoliciesTests
{
    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task FolderPolicy_Inherited_GenerateAndStoreInOneCall_TemplateDuplicated_Dashboard(TestDatabase db)
    {
        await using var server = await VigieTestServer.StartAsync(db, new Dictionary<string, string?> { ["Vault:AutoUnsealKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) });
        var admin = await server.SetupAdminAsync();
        (await admin.PostAsync("api/v1/vault/init", new { })).EnsureStatus(200);
        (await admin.PostAsync("api/v1/vault/unseal", new { })).EnsureStatus(200);
        var (tech, techId, _) = await server.CreateUserAsync(admin, "tech", Roles.Operator);
        var techs = (await admin.PostAsync("api/v1/groups", new { name = "techs" })).EnsureStatus(201).Json.GetProperty("id").GetGuid();
        (await admin.PutAsync($"api/v1/groups/{techs}/members/{techId}")).EnsureStatus(204);

        var template = (await admin.PostAsync("api/v1/vault/folders", new { name = "Template client" })).EnsureStatus(201).Json.GetProperty("id").GetGuid();
        var servers = (await admin.PostAsync("api/v1/vault/folders", new { parentId = template, name = "Serveurs" })).EnsureStatus(201).Json.GetProperty("id").GetGuid();
        (await admin.PostAsync("api/v1/vault/folders", new { parentId = template, name = "Réseau", readOnly = true })).EnsureStatus(201);
        (await admin.PutAsync($"api/v1/vault/folders/{template}/grants", new { principalKind = "group", principalId = techs, access = "write" })).EnsureStatus(200);

        // The default policy applies until a folder defines one; subfolders inherit it; a bad policy changes nothing.
        var initial = (await admin.GetAsync($"api/v1/vault/folders/{servers}/policy")).EnsureStatus(200).Json;
        Assert.Equal(20, initial.GetProperty("policy").GetProperty("length").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, initial.GetProperty("definedOn").ValueKind);
        (await admin.PutAsync($"api/v1/vault/folders/{template}/policy", new { mode = "characters", length = 4 })).EnsureProblem(400, "validation_failed");
        (await tech.PutAsync($"api/v1/vault/folders/{template}/policy", new { mode = "characters", length = 32 })).EnsureProblem(403, "vault_access_denied");
        (await admin.PutAsync($"api/v1/vault/folders/{template}/policy", new { mode = "characters", length = 32, symbols = false, excludeAmbiguous = true }))
            .EnsureStatus(200);
        var inherited = (await tech.GetAsync($"api/v1/vault/folders/{servers}/policy")).EnsureStatus(200).Json;
        Assert.Equal(template, inherited.GetProperty("definedOn").GetGuid());

        // New VM: generate under the folder's policy and store it, in one call; the password comes back once.
        var generated = (await tech.PostAsync($"api/v1/vault/folders/{servers}/generate", new { store = new { title = "vm-042", username = "root" } }))
            .EnsureStatus(200).Json;
        var password = generated.GetProperty("password").GetString()!;
        Assert.Equal(32, password.Length);
        Assert.True(password.All(char.IsAsciiLetterOrDigit));
        Assert.DoesNotContain(password, c => "Il1O0o".Contains(c));
        var stored = generated.GetProperty("secret").GetProperty("id").GetGuid();
        Assert.Equal(4, generated.GetProperty("secret").GetProperty("strength").GetInt32());
        Assert.Equal(password, (await tech.PostAsync($"api/v1/vault/secrets/{stored}/reveal")).EnsureStatus(200).Json.GetProperty("password").GetString());
        var alone = (await tech.PostAsync($"api/v1/vault/folders/{servers}/generate", new { })).EnsureStatus(200).Json;
        Assert.Equal(JsonValueKindNull, alone.GetProperty("secret").ValueKind);
        Assert.NotEqual(password, alone.GetProperty("password").GetString());

        // A new customer: the template's folders, flags, policies and rights, without its entries.
        (await tech.PostAsync($"api/v1/vault/folders/{template}/duplicate", new { name = "Client ACME" })).EnsureProblem(403, "vault_access_denied");
        var copy = (await admin.PostAsync($"api/v1/vault/folders/{template}/duplicate", new { name = "Client ACME" })).EnsureStatus(201).Json;
        Assert.Equal(3, copy.GetProperty("folders").GetInt32());
        var acme = copy.GetProperty("folder").GetProperty("id").GetGuid();
        var techView = (await tech.GetAsync("api/v1/vault/folders")).EnsureStatus(200).Json.EnumerateArray().ToList();
        var acmeFolders = techView.Where(f => f.GetProperty("spaceId").GetGuid() == acme).ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("access").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["Client ACME"] = "write", ["Serveurs"] = "write", ["Réseau"] = "read" }, acmeFolders);
        Assert.Empty((await tech.GetAsync($"api/v1/vault/secrets?folder={acme}")).EnsureStatus(200).Json.GetProperty("items").EnumerateArray());
        var acmeServers = techView.Single(f => f.GetProperty("spaceId").GetGuid() == acme && f.GetProperty("name").GetString() == "Serveurs").GetProperty("id").GetGuid();
        var copiedPolicy = (await tech.GetAsync($"api/v1/vault/folders/{acmeServers}/policy")).EnsureStatus(200).Json;
        Assert.Equal(acme, copiedPolicy.GetProperty("definedOn").GetGuid());
        Assert.Equal(32, copiedPolicy.GetProperty("policy").GetProperty("length").GetInt32());

        // The dashboard: counts, strength, reuse (by fingerprint only), stale passwords, inactive people.
        (await admin.PostAsync("api/v1/vault/secrets", new { folderId = servers, title = "weak", password = "password" })).EnsureStatus(201);
        (await admin.PostAsync("api/v1/vault/secrets", new { folderId = servers, title = "same-1", password = "Kq7#mZ2!vR9x@Lp4wT" })).EnsureStatus(201);
        (await admin.PostAsync("api/v1/vault/secrets", new { folderId = template, title = "same-2", password = "Kq7#mZ2!vR9x@Lp4wT" })).EnsureStatus(201);
        (await tech.GetAsync("api/v1/vault/dashboard")).EnsureProblem(403, "forbidden");
        server.Clock.Advance(TimeSpan.FromDays(40));
        admin = await server.LoginAsync(VigieTestServer.AdminName, VigieTestServer.AdminPassword);
        var dashboard = (await admin.GetAsync("api/v1/vault/dashboard?staleDays=30")).EnsureStatus(200).Json;
        Assert.Equal(6, dashboard.GetProperty("folders").GetInt32());
        Assert.Equal(2, dashboard.GetProperty("spaces").GetInt32());
        Assert.Equal(4, dashboard.GetProperty("entries").GetInt32());
        Assert.Equal("weak", Assert.Single(dashboard.GetProperty("weak").EnumerateArray()).GetProperty("title").GetString());
        var reused = Assert.Single(dashboard.GetProperty("reused").EnumerateArray());
        Assert.Equal(2, reused.GetProperty("entries").GetInt32());
        Assert.Equal(4, dashboard.GetProperty("notChanged").GetArrayLength());
        Assert.Contains(dashboard.GetProperty("inactiveUsers").EnumerateArray(), u => u.GetProperty("username").GetString() == "tech");
        Assert.DoesNotContain("Kq7#mZ2!vR9x@Lp4wT", dashboard.GetRawText());
        (await admin.GetAsync("api/v1/vault/dashboard?staleDays=0")).EnsureProblem(400, "validation_failed");
    }

    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task Duplication_FailingHalfway_LeavesNothing(TestDatabase db)
    {
        await using var server = await VigieTestServer.StartAsync(db, new Dictionary<string, string?> { ["Vault:AutoUnsealKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) });
        var admin = await server.SetupAdminAsync();
        (await admin.PostAsync("api/v1/vault/init", new { })).EnsureStatus(200);
        (await admin.PostAsync("api/v1/vault/unseal", new { })).EnsureStatus(200);
        var template = (await admin.PostAsync("api/v1/vault/folders", new { name = "Template" })).EnsureStatus(201).Json.GetProperty("id").GetGuid();
        (await admin.PostAsync("api/v1/vault/folders", new { parentId = template, name = "Serveurs" })).EnsureStatus(201);
        (await admin.PostAsync($"api/v1/vault/folders/{template}/duplicate", new { name = "Template" })).EnsureProblem(409, "folder_exists");
        await using (var c = await DatabaseAccess.OpenAsync(server))
        {
            await DatabaseAccess.RefuseInsertsAsync(c, db, "vault_grants");
        }
        (await admin.PostAsync($"api/v1/vault/folders/{template}/duplicate", new { name = "Client ACME" })).EnsureProblem(500, "internal_error");
        var names = (await admin.GetAsync("api/v1/vault/folders")).EnsureStatus(200).Json.EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList();
        Assert.Equal(["Template", "Serveurs"], names);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;
}
