namespace Vigie.Core.Storage;

/// <summary>The few SQL differences between SQLite and PostgreSQL that feature code needs.</summary>
public sealed class SqlDialect
{
    private SqlDialect(DatabaseProvider provider) => Provider = provider;

    public static SqlDialect Sqlite { get; } = new(DatabaseProvider.Sqlite);
    public static SqlDialect Postgres { get; } = new(DatabaseProvider.Postgres);

    public DatabaseProvider Provider { get; }

    public static SqlDialect For(DatabaseProvider provider) =>
        provider == DatabaseProvider.Postgres ? Postgres : Sqlite;

    /// <summary>
    /// Statement that serialises writers of an append-only chain for the rest of the transaction.
    /// SQLite transactions here are BEGIN IMMEDIATE, which already holds the write lock.
    /// </summary>
    public string? ChainLock(long lockId) =>
        Provider == DatabaseProvider.Postgres ? $"SELECT pg_advisory_xact_lock({lockId})" : null;

    /// <summary>
    /// "column is one of the list parameter": Dapper expands <c>IN @list</c> for SQLite, while for Npgsql it
    /// passes the list as one array parameter, which PostgreSQL compares with <c>= ANY</c>.
    /// </summary>
    public string InList(string column, string parameter) =>
        Provider == DatabaseProvider.Postgres ? $"{column} = ANY({parameter})" : $"{column} IN {parameter}";

    /// <summary>Case-insensitive LIKE operator.</summary>
    public string ILike => Provider == DatabaseProvider.Postgres ? "ILIKE" : "LIKE";
}
