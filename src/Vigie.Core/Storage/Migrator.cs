using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.Logging;

namespace Vigie.Core.Storage;

/// <summary>
/// Applies the numbered scripts under <c>Storage/Migrations/&lt;dialect&gt;/</c>, each in its own
/// transaction together with its row in <c>schema_migrations</c>, so a failed script leaves no trace.
/// </summary>
public sealed partial class Migrator
{
    private const long MigrationLockId = 74_110_001;
    private readonly IDbConnectionFactory _connections;
    private readonly TimeProvider _clock;
    private readonly ILogger<Migrator> _logger;

    public Migrator(IDbConnectionFactory connections, TimeProvider clock, ILogger<Migrator> logger)
    {
        _connections = connections;
        _clock = clock;
        _logger = logger;
    }

    public IReadOnlyList<Migration> All => Load(_connections.Dialect.Provider);

    public static IReadOnlyList<Migration> Load(DatabaseProvider provider)
    {
        var assembly = typeof(Migrator).Assembly;
        var prefix = $"{assembly.GetName().Name}.Storage.Migrations.{provider}.";
        var list = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var file = resource[prefix.Length..];
            var match = ScriptName().Match(file);
            if (!match.Success)
            {
                throw new InvalidOperationException($"Migration script '{file}' is not named V####_name.sql.");
            }
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            list.Add(new Migration(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), match.Groups[2].Value, reader.ReadToEnd()));
        }
        list.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].Version != i + 1)
            {
                throw new InvalidOperationException($"Migrations for {provider} are not numbered 1..n without gaps.");
            }
        }
        return list;
    }

    /// <summary>Lists the migrations not yet applied, without writing anything to the database.</summary>
    public async Task<IReadOnlyList<Migration>> PendingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var exists = _connections.Dialect.Provider == DatabaseProvider.Postgres
            ? await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT to_regclass('schema_migrations') IS NOT NULL", cancellationToken: cancellationToken))
            : await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'", cancellationToken: cancellationToken)) > 0;
        if (!exists)
        {
            return All;
        }
        var applied = (await connection.QueryAsync<int>(new CommandDefinition(
            "SELECT version FROM schema_migrations", cancellationToken: cancellationToken))).ToHashSet();
        return All.Where(m => !applied.Contains(m.Version)).ToList();
    }

    /// <summary>Applies pending migrations (or only lists them when <paramref name="dryRun"/>).</summary>
    public async Task<IReadOnlyList<Migration>> MigrateAsync(bool dryRun, CancellationToken cancellationToken)
    {
        if (dryRun)
        {
            return await PendingAsync(cancellationToken);
        }
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await EnsureTableAsync(connection, null, cancellationToken);
        var done = new List<Migration>();
        foreach (var migration in All)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var lockSql = _connections.Dialect.ChainLock(MigrationLockId);
            if (lockSql is not null)
            {
                await connection.ExecuteAsync(new CommandDefinition(lockSql, transaction: transaction, cancellationToken: cancellationToken));
            }
            var applied = await AppliedAsync(connection, transaction, cancellationToken);
            if (applied.Contains(migration.Version))
            {
                await transaction.RollbackAsync(cancellationToken);
                continue;
            }
            await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)",
                new { migration.Version, migration.Name, AppliedAt = _clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) }, transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            LogApplied(migration.Version, migration.Name);
            done.Add(migration);
        }
        return done;
    }

    public async Task<bool> IsUpToDateAsync(CancellationToken cancellationToken) =>
        (await PendingAsync(cancellationToken)).Count == 0;

    private static async Task EnsureTableAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
            transaction: transaction, cancellationToken: cancellationToken));

    private static async Task<HashSet<int>> AppliedAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(connection, transaction, cancellationToken);
        var rows = await connection.QueryAsync<int>(new CommandDefinition(
            "SELECT version FROM schema_migrations", transaction: transaction, cancellationToken: cancellationToken));
        return rows.ToHashSet();
    }

    [GeneratedRegex(@"^V(\d{4})_([A-Za-z0-9_]+)\.sql$")]
    private static partial Regex ScriptName();

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Applied migration {Version} {Name}")]
    private partial void LogApplied(int version, string name);
}
