using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Vigie.Core;
using Vigie.Core.Storage;

namespace Vigie.Cli;

/// <summary><c>vigie db migrate</c>: applies (or lists) schema migrations locally, with the server's own storage configuration.</summary>
internal static class DbCommands
{
    private const string Prefix = "VIGIE_";

    public static Command Create(CommandHost host) => new("db", "Database maintenance (runs locally, not through the API)") { Migrate(host) };

    private static Command Migrate(CommandHost host)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Only list the migrations that would be applied" };
        var provider = new Option<DatabaseProvider?>("--provider")
        {
            Description = "Sqlite or Postgres (default: VIGIE_STORAGE__PROVIDER, else Sqlite)",
        };
        var connectionString = new Option<string?>("--connection-string")
        {
            Description = "ADO.NET connection string (default: VIGIE_STORAGE__CONNECTIONSTRING, else vigie.db in the data directory)",
        };
        var dataDirectory = new Option<string?>("--data-dir") { Description = "Data directory (default: VIGIE_DATADIRECTORY, else ./data)" };
        var command = new Command("migrate", "Bring the database schema up to date") { dryRun, provider, connectionString, dataDirectory };
        host.Handle(command, async (context, ct) =>
        {
            var overrides = new Dictionary<string, string?>();
            if (context.Value(provider) is { } chosen)
            {
                overrides[$"{StorageOptions.Section}:Provider"] = chosen.ToString();
            }
            if (context.Value(connectionString) is { } cs)
            {
                overrides[$"{StorageOptions.Section}:ConnectionString"] = cs;
            }
            if (context.Value(dataDirectory) is { } dir)
            {
                overrides["DataDirectory"] = dir;
            }
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(FromEnvironment(context.Console))
                .AddInMemoryCollection(overrides)
                .Build();
            var dry = context.Value(dryRun);
            var (used, migrations) = await RunAsync(configuration, dry, ct);
            Report(context, used, dry, migrations);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// The <c>VIGIE_</c> variables as configuration keys (<c>VIGIE_STORAGE__PROVIDER</c> is <c>Storage:Provider</c>),
    /// the same mapping as the server's; read from the injected environment so tests never touch the process's.
    /// </summary>
    private static Dictionary<string, string?> FromEnvironment(CliConsole console)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in console.Environment)
        {
            if (name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) && name.Length > Prefix.Length)
            {
                values[name[Prefix.Length..].Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)] = value;
            }
        }
        return values;
    }

    private static async Task<(DatabaseProvider Provider, IReadOnlyList<Migration> Migrations)> RunAsync(IConfiguration configuration, bool dryRun,
        CancellationToken ct)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddVigieStorage(configuration);
        await using var provider = services.BuildServiceProvider();
        try
        {
            var connections = provider.GetRequiredService<IDbConnectionFactory>();
            var migrations = await provider.GetRequiredService<Migrator>().MigrateAsync(dryRun, ct);
            return (connections.Dialect.Provider, migrations);
        }
        catch (OptionsValidationException invalid)
        {
            throw new CliException(ExitCodes.Usage, "the storage configuration is invalid", [.. invalid.Failures]);
        }
        catch (InvalidOperationException invalid)
        {
            throw new CliException(ExitCodes.Usage, invalid.Message);
        }
        catch (DbException database)
        {
            var unreachable = database.InnerException is SocketException or TimeoutException;
            throw new CliException(unreachable ? ExitCodes.Unavailable : ExitCodes.Failure,
                unreachable ? $"cannot reach the database: {database.Message}" : $"database error: {database.Message}");
        }
    }

    private static void Report(CommandContext context, DatabaseProvider provider, bool dryRun, IReadOnlyList<Migration> migrations)
    {
        if (context.Json)
        {
            context.Output.RawJson(JsonSerializer.Serialize(new
            {
                provider = provider.ToString(),
                dryRun,
                upToDate = !dryRun || migrations.Count == 0,
                migrations = migrations.Select(m => new { version = m.Version, name = m.Name }),
            }, WireJson.Options));
            return;
        }
        if (migrations.Count == 0)
        {
            context.Output.Line("database is up to date");
            return;
        }
        foreach (var migration in migrations)
        {
            context.Output.Line($"{(dryRun ? "would apply" : "applied")} {Label(migration)}");
        }
    }

    private static string Label(Migration migration) => string.Create(CultureInfo.InvariantCulture, $"V{migration.Version:D4} {migration.Name}");
}
