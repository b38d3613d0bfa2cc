using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Vigie.Core.Identity;
using Vigie.Testing;

namespace Vigie.Server.Tests;

/// <summary>
/// Every endpoint, and for every role (and anonymous, and a narrowly scoped token) whether it is let in.
/// "Let in" means any answer but 401/403; a refusal must be exactly 401 (anonymous) or 403 (authenticated).
/// </summary>
public class AuthorizationMatrixTests
{
    private const string Anonymous = "anonymous";
    private static readonly string Some = Guid.CreateVersion7().ToString();

    private static readonly (string Method, string Path, string Route, string Needs, object? Body)[] Endpoints =
    [
        ("GET", "health/live", "/health/live", Anonymous, null),
        ("GET", "health/ready", "/health/ready", Anonymous, null),
        ("GET", "openapi/v1.json", "/openapi/{documentName}.json", Anonymous, null),
        ("GET", "api/v1/setup", "/api/v1/setup", Anonymous, null),
        ("POST", "api/v1/setup", "/api/v1/setup", Anonymous, new { }),
        ("POST", "api/v1/auth/login", "/api/v1/auth/login", Anonymous, new { }),
        ("GET", "api/v1/auth/me", "/api/v1/auth/me", Permissions.Profile, null),
        ("POST", "api/v1/auth/password", "/api/v1/auth/password", Permissions.Profile, new { currentPassword = "wrong", newPassword = "x" }),
        ("POST", "api/v1/auth/mfa/totp/confirm", "/api/v1/auth/mfa/totp/confirm", Permissions.Profile, new { code = "12" }),
        ("POST", "api/v1/auth/mfa/totp/disable", "/api/v1/auth/mfa/totp/disable", Permissions.Profile, new { code = "000000" }),
        ("POST", "api/v1/auth/mfa/totp", "/api/v1/auth/mfa/totp", Permissions.Profile, null),
        ("GET", "api/v1/users", "/api/v1/users", Permissions.UsersRead, null),
        ("GET", $"api/v1/users/{Some}", "/api/v1/users/{id:guid}", Permissions.UsersRead, null),
        ("POST", "api/v1/users", "/api/v1/users", Permissions.UsersWrite, new { }),
        ("POST", $"api/v1/users/{Some}/lock", "/api/v1/users/{id:guid}/lock", Permissions.UsersWrite, null),
        ("POST", $"api/v1/users/{Some}/unlock", "/api/v1/users/{id:guid}/unlock", Permissions.UsersWrite, null),
        ("PUT", $"api/v1/users/{Some}/role", "/api/v1/users/{id:guid}/role", Permissions.UsersWrite, new { role = "user" }),
        ("POST", $"api/v1/users/{Some}/password", "/api/v1/users/{id:guid}/password", Permissions.UsersWrite, new { password = "x" }),
        ("DELETE", $"api/v1/users/{Some}/mfa", "/api/v1/users/{id:guid}/mfa", Permissions.UsersWrite, null),
        ("GET", "api/v1/groups", "/api/v1/groups", Permissions.GroupsRead, null),
        ("POST", "api/v1/groups", "/api/v1/groups", Permissions.GroupsWrite, new { }),
        ("PUT", $"api/v1/groups/{Some}/members/{Some}", "/api/v1/groups/{id:guid}/members/{userId:guid}", Permissions.GroupsWrite, null),
        ("DELETE", $"api/v1/groups/{Some}/members/{Some}", "/api/v1/groups/{id:guid}/members/{userId:guid}", Permissions.GroupsWrite, null),
        ("GET", "api/v1/tokens", "/api/v1/tokens", Permissions.TokensSelf, null),
        ("GET", "api/v1/tokens?all=true", "/api/v1/tokens", Permissions.TokensRead, null),
        ("POST", "api/v1/tokens", "/api/v1/tokens", Permissions.TokensSelf, new { }),
        ("DELETE", $"api/v1/tokens/{Some}", "/api/v1/tokens/{id:guid}", Permissions.TokensSelf, null),
        ("GET", "api/v1/audit/events", "/api/v1/audit/events", Permissions.AuditRead, null),
        ("GET", "api/v1/audit/verify", "/api/v1/audit/verify", Permissions.AuditRead, null),
        ("GET", "api/v1/settings/mfa", "/api/v1/settings/mfa", Permissions.SettingsRead, null),
        ("PUT", "api/v1/settings/mfa", "/api/v1/settings/mfa", Permissions.SettingsWrite, new { requiredForRoles = new[] { "bogus" } }),
        ("GET", "api/v1/settings/password-policy", "/api/v1/settings/password-policy", Permissions.SettingsRead, null),
        ("POST", "ocsinventory", "/ocsinventory", Anonymous, null),
        ("POST", "", "/", Anonymous, null),
        ("GET", "api/v1/assets", "/api/v1/assets", Permissions.InventoryRead, null),
        ("GET", "api/v1/assets/export.csv", "/api/v1/assets/export.csv", Permissions.InventoryRead, null),
        ("GET", $"api/v1/assets/{Some}", "/api/v1/assets/{id:guid}", Permissions.InventoryRead, null),
        ("GET", $"api/v1/assets/{Some}/history", "/api/v1/assets/{id:guid}/history", Permissions.InventoryRead, null),
        ("GET", "api/v1/software?name=openssl", "/api/v1/software", Permissions.InventoryRead, null),
        ("PUT", $"api/v1/assets/{Some}/tag", "/api/v1/assets/{id:guid}/tag", Permissions.InventoryWrite, new { tag = "T" }),
        ("PUT", $"api/v1/assets/{Some}/blocked", "/api/v1/assets/{id:guid}/blocked", Permissions.InventoryWrite, new { blocked = true }),
        ("GET", "api/v1/snmp/devices", "/api/v1/snmp/devices", Permissions.InventoryRead, null),
        ("POST", "api/v1/snmp/devices", "/api/v1/snmp/devices", Permissions.InventoryWrite, new { }),
        ("DELETE", $"api/v1/snmp/devices/{Some}", "/api/v1/snmp/devices/{id:guid}", Permissions.InventoryWrite, null),
        ("POST", $"api/v1/snmp/devices/{Some}/poll", "/api/v1/snmp/devices/{id:guid}/poll", Permissions.InventoryWrite, null),
        ("GET", "api/v1/cves/CVE-2024-0001", "/api/v1/cves/{id}", Permissions.VulnerabilitiesRead, null),
        ("POST", "api/v1/cves/imports?fileName=x.json", "/api/v1/cves/imports", Permissions.VulnerabilitiesWrite, new { }),
        ("POST", "api/v1/cves/sync", "/api/v1/cves/sync", Permissions.VulnerabilitiesWrite, null),
        ("GET", "api/v1/findings", "/api/v1/findings", Permissions.VulnerabilitiesRead, null),
        ("GET", "api/v1/findings/by-cve", "/api/v1/findings/by-cve", Permissions.VulnerabilitiesRead, null),
        ("GET", "api/v1/findings/by-asset", "/api/v1/findings/by-asset", Permissions.VulnerabilitiesRead, null),
        ("GET", "api/v1/findings/evaluation", "/api/v1/findings/evaluation", Permissions.VulnerabilitiesRead, null),
        ("POST", "api/v1/findings/evaluate", "/api/v1/findings/evaluate", Permissions.VulnerabilitiesWrite, new { assetId = Some }),
        ("PUT", $"api/v1/findings/{Some}/disposition", "/api/v1/findings/{id:guid}/disposition", Permissions.VulnerabilitiesWrite, new { kind = "x" }),
        ("DELETE", $"api/v1/findings/{Some}/disposition", "/api/v1/findings/{id:guid}/disposition", Permissions.VulnerabilitiesWrite, null),
        ("POST", "api/v1/digest/send", "/api/v1/digest/send", Permissions.VulnerabilitiesWrite, null),
        ("GET", "api/v1/translations", "/api/v1/translations", Permissions.VulnerabilitiesRead, null),
        ("PUT", "api/v1/translations", "/api/v1/translations", Permissions.SettingsWrite, new { rules = "not an array" }),
        ("GET", "api/v1/vault/status", "/api/v1/vault/status", Permissions.VaultUse, null),
        ("POST", "api/v1/vault/init", "/api/v1/vault/init", Permissions.VaultAdmin, new { mode = "nonsense" }),
        ("POST", "api/v1/vault/unseal", "/api/v1/vault/unseal", Permissions.VaultAdmin, new { share = "x" }),
        ("POST", "api/v1/vault/seal", "/api/v1/vault/seal", Permissions.VaultAdmin, null),
        ("POST", "api/v1/vault/rotate-keys", "/api/v1/vault/rotate-keys", Permissions.VaultAdmin, null),
        ("GET", "api/v1/vault/folders", "/api/v1/vault/folders", Permissions.VaultUse, null),
        ("POST", "api/v1/vault/folders", "/api/v1/vault/folders", Permissions.VaultUse, new { }),
        ("GET", $"api/v1/vault/folders/{Some}/grants", "/api/v1/vault/folders/{id:guid}/grants", Permissions.VaultUse, null),
        ("PUT", $"api/v1/vault/folders/{Some}/grants", "/api/v1/vault/folders/{id:guid}/grants", Permissions.VaultUse, new { }),
        ("GET", $"api/v1/vault/folders/{Some}/policy", "/api/v1/vault/folders/{id:guid}/policy", Permissions.VaultUse, null),
        ("PUT", $"api/v1/vault/folders/{Some}/policy", "/api/v1/vault/folders/{id:guid}/policy", Permissions.VaultUse, new { }),
        ("POST", $"api/v1/vault/folders/{Some}/generate", "/api/v1/vault/folders/{id:guid}/generate", Permissions.VaultUse, new { }),
        ("POST", $"api/v1/vault/folders/{Some}/duplicate", "/api/v1/vault/folders/{id:guid}/duplicate", Permissions.VaultUse, new { }),
        ("POST", $"api/v1/vault/folders/{Some}/export/kdbx", "/api/v1/vault/folders/{id:guid}/export/kdbx", Permissions.VaultUse, new { }),
        ("POST", $"api/v1/vault/folders/{Some}/import", "/api/v1/vault/folders/{id:guid}/import", Permissions.VaultUse, new { }),
        ("GET", "api/v1/vault/dashboard", "/api/v1/vault/dashboard", Permissions.VaultAdmin, null),
        ("GET", $"api/v1/vault/access/users/{Some}", "/api/v1/vault/access/users/{user}", Permissions.VaultAdmin, null),
        ("GET", "api/v1/vault/secrets", "/api/v1/vault/secrets", Permissions.VaultUse, null),
        ("POST", "api/v1/vault/secrets", "/api/v1/vault/secrets", Permissions.VaultUse, new { }),
        ("GET", $"api/v1/vault/secrets/{Some}", "/api/v1/vault/secrets/{id:guid}", Permissions.VaultUse, null),
        ("PUT", $"api/v1/vault/secrets/{Some}", "/api/v1/vault/secrets/{id:guid}", Permissions.VaultUse, new { }),
        ("POST", $"api/v1/vault/secrets/{Some}/reveal", "/api/v1/vault/secrets/{id:guid}/reveal", Permissions.VaultUse, null),
        ("GET", $"api/v1/vault/secrets/{Some}/versions", "/api/v1/vault/secrets/{id:guid}/versions", Permissions.VaultUse, null),
        ("POST", "api/v1/vault/export", "/api/v1/vault/export", Permissions.VaultAdmin, new { passphrase = "short" }),
        ("POST", "api/v1/vault/restore", "/api/v1/vault/restore", Permissions.VaultAdmin, new { }),
        // Last: signing out ends the credential used for the rows above.
        ("POST", "api/v1/auth/logout", "/api/v1/auth/logout", Permissions.Profile, null),
    ];

    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task EveryEndpoint_EveryRole_RefusedExactlyWhenTheRoleLacksThePermission(TestDatabase db)
    {
        await using var server = await VigieTestServer.StartAsync(db);
        var admin = await server.SetupAdminAsync();
        var callers = new Dictionary<string, (ApiClient Client, Func<string, bool> Allowed)>
        {
            [Anonymous] = (server.Anonymous, needs => needs == Anonymous),
        };
        foreach (var role in Roles.All)
        {
            var (client, _, _) = await server.CreateUserAsync(admin, $"m-{role}", role);
            callers[role] = (client, needs => needs == Anonymous || Roles.PermissionsOf(role).Contains(needs));
        }
        var (scoped, _) = await server.CreateApiUserAsync(admin, "scoped-robot", Roles.Administrator, Permissions.UsersRead);
        callers["administrator token scoped to users.read"] = (scoped, needs => needs is Anonymous or Permissions.UsersRead);

        var failures = new List<string>();
        foreach (var (name, (client, allowed)) in callers)
        {
            foreach (var (method, path, _, needs, body) in Endpoints)
            {
                var response = await client.SendAsync(new HttpMethod(method), path, body);
                var letIn = response.Status is not (401 or 403);
                var expected = allowed(needs);
                if (letIn != expected)
                {
                    failures.Add($"{name}: {method} {path} answered {response.Status} {response.Code}, expected {(expected ? "let in" : "refused")}");
                }
                else if (!letIn && response.Status != (name == Anonymous ? 401 : 403))
                {
                    failures.Add($"{name}: {method} {path} refused with {response.Status}");
                }
                else if (!letIn && response.ContentType != "application/problem+json")
                {
                    failures.Add($"{name}: {method} {path} refusal is not problem+json");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));

        var denied = await server.LoginAsync(VigieTestServer.AdminName, VigieTestServer.AdminPassword);
        var audit = (await denied.GetAsync("api/v1/audit/events?action=identity.access.denied&limit=500")).Json.GetProperty("items");
        Assert.True(audit.GetArrayLength() > 20, "each refusal of an authenticated caller is audited");
    }

    [Fact]
    public async Task Matrix_CoversEveryMappedRoute()
    {
        await using var server = await VigieTestServer.StartAsync();
        var mapped = server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} /{e.RoutePattern.RawText!.Trim('/')}".TrimEnd('/')))
            .ToHashSet();
        var covered = Endpoints.Select(e => $"{e.Method} {e.Route}".TrimEnd('/')).ToHashSet();
        var missing = mapped.Except(covered).ToList();
        Assert.True(missing.Count == 0, "endpoints missing from the authorization matrix: " + string.Join(", ", missing));
    }
}
