using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Vigie.Core.Common;

namespace Vigie.Core.Storage;

/// <summary>Runs a unit of work in one transaction: committed whole, or rolled back whole.</summary>
public static class TransactionExtensions
{
    public static async Task<T> InTransactionAsync<T>(this IDbConnectionFactory connections,
        Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        using var lease = await connections.AcquireWriteAsync(cancellationToken);
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            var result = await work(connection, transaction);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        catch (DbException ex) when (IsUniqueViolation(ex))
        {
            throw ProblemException.Conflict("conflict", "The change conflicts with an existing record.");
        }
    }

    public static Task InTransactionAsync(this IDbConnectionFactory connections,
        Func<DbConnection, DbTransaction, Task> work, CancellationToken cancellationToken) =>
        connections.InTransactionAsync(async (c, t) =>
        {
            await work(c, t);
            return true;
        }, cancellationToken);

    private static bool IsUniqueViolation(DbException ex) =>
        // SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY only: other constraint failures are bugs, not conflicts.
        ex is SqliteException { SqliteExtendedErrorCode: 2067 or 1555 } || ex is PostgresException { SqlState: "23505" };
}
