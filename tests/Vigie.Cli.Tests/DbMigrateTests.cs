using System.Globalization;
using Microsoft.Data.Sqlite;
using Vigie.Core.Storage;
using Vigie.Testing;

namespace Vigie.Cli.Tests;

public sealed class DbMigrateTests
{
    [Fact]
    public async Task MigrateOnAFreshSqliteFile_ListsThenAppliesThenIsUpToDate()
    {
        using var cli = new CliRunner();
        var database = Path.Combine(cli.Directory, "db", "vigie.db");
        string[] target = ["--provider", "Sqlite", "--connection-string", $"Data Source={database}"];

        var dryRun = (await cli.RunAsync(["db", "migrate", "--dry-run", .. target])).ExpectSuccess();
        Assert.Equal("would apply V0001 foundation", Lines(dryRun.Stdout)[0]);
        Assert.Equal(Lines("would apply", DatabaseProvider.Sqlite), Lines(dryRun.Stdout));

        var applied = (await cli.RunAsync(["db", "migrate", .. target])).ExpectSuccess();
        Assert.Equal(Lines("applied", DatabaseProvider.Sqlite), Lines(applied.Stdout));

        var again = (await cli.RunAsync(["db", "migrate", "--dry-run", .. target])).ExpectSuccess();
        Assert.Equal("database is up to date", again.Stdout.Trim());
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task MigrateTakesItsSettingsFromTheEnvironment()
    {
        using var cli = new CliRunner();
        var dataDirectory = Path.Combine(cli.Directory, "data");
        cli.Environment["VIGIE_STORAGE__PROVIDER"] = "Sqlite";
        cli.Environment["VIGIE_DATADIRECTORY"] = dataDirectory;

        var applied = (await cli.RunAsync("db", "migrate", "--json")).ExpectSuccess();

        Assert.Equal("Sqlite", applied.Json.GetProperty("provider").GetString());
        Assert.Equal(Migrator.Load(DatabaseProvider.Sqlite).Select(m => m.Version),
            applied.Json.GetProperty("migrations").EnumerateArray().Select(m => m.GetProperty("version").GetInt32()));
        Assert.True(File.Exists(Path.Combine(dataDirectory, "vigie.db")));
        var upToDate = (await cli.RunAsync("db", "migrate", "--dry-run", "--json")).ExpectSuccess();
        Assert.True(upToDate.Json.GetProperty("upToDate").GetBoolean());
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task MigrateWithAnInvalidSetting_ExitsWithAMessageNotAStackTrace()
    {
        using var cli = new CliRunner();
        cli.Environment["VIGIE_STORAGE__PROVIDER"] = "Postgres";

        var result = (await cli.RunAsync("db", "migrate", "--dry-run")).Expect(2);

        Assert.Contains("ConnectionString is required", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [SkippableFact]
    public async Task MigrateOnAFreshPostgresDatabase_AppliesThenIsUpToDate()
    {
        var connectionString = await Postgres.CreateDatabaseAsync().WaitAsync(TestServers.StartTimeout);
        try
        {
            using var cli = new CliRunner();
            cli.Environment["VIGIE_STORAGE__CONNECTIONSTRING"] = connectionString;

            var dryRun = (await cli.RunAsync("db", "migrate", "--provider", "Postgres", "--dry-run")).ExpectSuccess();
            Assert.Equal(Lines("would apply", DatabaseProvider.Postgres), Lines(dryRun.Stdout));
            (await cli.RunAsync("db", "migrate", "--provider", "Postgres")).ExpectSuccess();
            var again = (await cli.RunAsync("db", "migrate", "--provider", "Postgres", "--dry-run")).ExpectSuccess();
            Assert.Equal("database is up to date", again.Stdout.Trim());
        }
        finally
        {
            await Postgres.DropDatabaseAsync(connectionString).WaitAsync(TestServers.StartTimeout);
        }
    }

    /// <summary>Every migration the release carries, in order, as 'vigie db migrate' reports it.</summary>
    private static string[] Lines(string verb, DatabaseProvider provider) =>
        [.. Migrator.Load(provider).Select(m => string.Create(CultureInfo.InvariantCulture, $"{verb} V{m.Version:D4} {m.Name}"))];

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
