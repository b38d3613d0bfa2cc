using Dapper;
using Microsoft.Data.Sqlite;
using Vigie.Testing;

namespace Vigie.Server.Tests;

public class PasswordHashingTests
{
    private static async Task<string> StoredHashAsync(VigieTestServer server)
    {
        await using var c = new SqliteConnection(server.ConnectionString);
        return await c.ExecuteScalarAsync<string>("SELECT password_hash FROM identity_users WHERE username = 'admin'") ?? "";
    }

    [Fact]
    public async Task Default_Pbkdf2Sha256With600kIterations()
    {
        await using var server = await VigieTestServer.StartAsync();
        await server.SetupAdminAsync();
        Assert.StartsWith("$pbkdf2-sha256$i=600000$", await StoredHashAsync(server));
    }

    [SkippableFact]
    public async Task Argon2idConfigured_OldPbkdf2HashUpgradedAtLogin()
    {
        Skip.IfNot(File.Exists("/usr/lib/x86_64-linux-gnu/libargon2.so.1") || File.Exists("/usr/lib/aarch64-linux-gnu/libargon2.so.1"),
            "libargon2-1 is not installed");
        var data = Path.Combine(Path.GetTempPath(), "vigie-test-" + Guid.NewGuid().ToString("N"));
        var shared = new Dictionary<string, string?> { ["DataDirectory"] = data };
        await using (var first = await VigieTestServer.StartAsync(settings: shared))
        {
            await first.SetupAdminAsync();
            Assert.StartsWith("$pbkdf2-sha256$", await StoredHashAsync(first));
        }
        var argon = new Dictionary<string, string?>(shared) { ["Identity:PasswordHashing"] = "argon2id", ["Identity:Argon2MemoryKiB"] = "19456", ["Identity:Argon2Iterations"] = "2" };
        try
        {
            await using var second = await VigieTestServer.StartAsync(settings: argon);
            await second.LoginAsync(VigieTestServer.AdminName, VigieTestServer.AdminPassword);
            Assert.StartsWith("$argon2id$v=19$m=19456,t=2,p=1$", await StoredHashAsync(second));
            await second.LoginAsync(VigieTestServer.AdminName, VigieTestServer.AdminPassword);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }
}
