using System.Security.Cryptography;
using System.Text;
using Dapper;
using Vigie.Testing;

namespace Vigie.Server.Tests;

/// <summary>Intent methods shared by the import tests: an unsealed vault, an upload, and what the database holds.</summary>
internal static class VaultImportKit
{
    public static async Task<(VigieTestServer Server, ApiClient Admin)> StartAsync(TestDatabase db, int historyVersions = 10)
    {
        var server = await VigieTestServer.StartAsync(db, new Dictionary<string, string?>
        {
            ["Vault:AutoUnsealKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Vault:HistoryVersions"] = historyVersions.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var admin = await server.SetupAdminAsync();
        (await admin.PostAsync("api/v1/vault/init", new { })).EnsureStatus(200);
        (await admin.PostAsync("api/v1/vault/unseal", new { })).EnsureStatus(200);
        return (server, admin);
    }

    public static async Task<Guid> FolderAsync(ApiClient client, string name, Guid? parentId = null, bool readOnly = false) =>
        (await client.PostAsync("api/v1/vault/folders", new { parentId, name, readOnly })).EnsureStatus(201).Json.GetProperty("id").GetGuid();

    /// <summary>Uploads a file as the raw body; a KDBX password goes base64-encoded in its header, as the API wants it.</summary>
    public static async Task<ApiResponse> ImportAsync(ApiClient client, Guid folder, string format, byte[] file, string? password = null, bool dryRun = false)
    {
        client.Headers.Remove("X-Vigie-File-Password");
        if (password is not null)
        {
            client.Headers["X-Vigie-File-Password"] = CapturedLogs.Secret("file password (base64)", Convert.ToBase64String(Encoding.UTF8.GetBytes(password)));
        }
        try
        {
            return await client.SendBytesAsync(HttpMethod.Post, $"api/v1/vault/folders/{folder}/import?format={format}&dryRun={(dryRun ? "true" : "false")}", file);
        }
        finally
        {
            client.Headers.Remove("X-Vigie-File-Password");
        }
    }

    /// <summary>Rows written by imports: folders, entries, versions and <c>vault.imported</c> audit rows.</summary>
    public static async Task<(int Folders, int Entries, int Versions, int Audited)> CountsAsync(VigieTestServer server)
    {
        await using var c = await DatabaseAccess.OpenAsync(server);
        return (await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM vault_folders"),
            await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM vault_secrets"),
            await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM vault_secret_versions"),
            await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM audit_events WHERE action_name = 'vault.imported'"));
    }

    /// <summary>The entries of one folder by title.</summary>
    public static async Task<Dictionary<string, Guid>> EntriesAsync(ApiClient client, Guid folder) =>
        (await client.GetAsync($"api/v1/vault/secrets?folder={folder}&limit=1000")).EnsureStatus(200).Json.GetProperty("items").EnumerateArray()
        .ToDictionary(e => e.GetProperty("title").GetString()!, e => e.GetProperty("id").GetGuid());

    public static async Task<System.Text.Json.JsonElement> RevealAsync(ApiClient client, Guid secret, int? version = null) =>
        (await client.PostAsync($"api/v1/vault/secrets/{secret}/reveal{(version is null ? "" : $"?version={version}")}")).EnsureStatus(200).Json;

    /// <summary>No captured log line holds any of the values.</summary>
    public static void AssertNotLogged(params string[] values)
    {
        var leaks = CapturedLogs.All.Where(line => values.Any(v => line.Contains(v, StringComparison.Ordinal))).ToList();
        Assert.True(leaks.Count == 0, "secret in the logs: " + string.Join(Environment.NewLine, leaks.Select(l => l[..Math.Min(l.Length, 200)])));
    }
}
