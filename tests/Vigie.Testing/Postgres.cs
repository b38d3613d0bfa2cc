using Npgsql;
using Xunit;

namespace Vigie.Testing;

/// <summary>
/// The throw-away PostgreSQL server started by the test command (<c>VIGIE_TEST_POSTGRES</c> holds an admin
/// connection string). Each test server gets a database of its own, dropped at the end. With <c>CI=true</c> a
/// missing server fails the test; elsewhere the test is skipped with the reason.
/// </summary>
public static class Postgres
{
    public const string Variable = "VIGIE_TEST_POSTGRES";

    public static string? AdminConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Skips (locally) or fails (in CI) when no PostgreSQL server is configured.</summary>
    public static void Require()
    {
        if (AdminConnectionString is not null)
        {
            return;
        }
        if (InCi)
        {
            throw new InvalidOperationException($"CI=true but {Variable} is not set: the PostgreSQL tests must run in CI (use the README test command).");
        }
        Skip.If(true, $"{Variable} is not set; run the README test command to start a throw-away PostgreSQL.");
    }

    public static async Task<string> CreateDatabaseAsync()
    {
        Require();
        var name = "vigie_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true }.ToString();
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
        await command.ExecuteNonQueryAsync();
    }
}
