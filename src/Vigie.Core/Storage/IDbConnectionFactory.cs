using System.Data.Common;

namespace Vigie.Core.Storage;

/// <summary>Opens connections to Vigie's database, configured for its dialect.</summary>
public interface IDbConnectionFactory
{
    SqlDialect Dialect { get; }

    Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Waits for the right to write. SQLite has one writer at a time: queueing writers here, in order and without
    /// sleeping, replaces SQLite's busy-wait polling. PostgreSQL needs no such gate (the lease is free).
    /// </summary>
    ValueTask<IDisposable> AcquireWriteAsync(CancellationToken cancellationToken);
}
