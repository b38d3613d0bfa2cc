using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;
using Vigie.Core.Common;

namespace Vigie.Core.Storage;

internal sealed class DbConnectionFactory : IDbConnectionFactory, IDisposable
{
    private readonly string _connectionString;
    private readonly NpgsqlDataSource? _postgres;
    private readonly SemaphoreSlim? _writeGate;
    // Pooled SQLite handles outlive their SqliteConnection objects and keep their settings: configure each handle once.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> _configured = new();
    private volatile bool _walSet;

    public DbConnectionFactory(IOptions<StorageOptions> options, DataDirectory dataDirectory)
    {
        var storage = options.Value;
        Dialect = SqlDialect.For(storage.Provider);
        DapperTypeHandlers.Register();
        if (storage.Provider == DatabaseProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(storage.ConnectionString))
            {
                throw new InvalidOperationException("Storage:ConnectionString is required when Storage:Provider is Postgres.");
            }
            _connectionString = storage.ConnectionString;
            _postgres = NpgsqlDataSource.Create(_connectionString);
        }
        else
        {
            SqliteNative.Initialise(storage.PreferSystemSqlite);
            var builder = new SqliteConnectionStringBuilder(
                string.IsNullOrWhiteSpace(storage.ConnectionString)
                    ? $"Data Source={dataDirectory.File("vigie.db")}"
                    : storage.ConnectionString)
            {
                // Set once per pooled handle below rather than by the driver on every open.
                ForeignKeys = null,
                Pooling = true,
            };
            var file = builder.DataSource;
            if (!string.IsNullOrEmpty(file) && file != ":memory:")
            {
                var directory = Path.GetDirectoryName(Path.GetFullPath(file));
                if (directory is not null)
                {
                    SecureFiles.EnsurePrivateDirectory(directory);
                }
                SecureFiles.CreatePrivateIfMissing(file);
            }
            _connectionString = builder.ToString();
            _writeGate = new SemaphoreSlim(1, 1);
        }
    }

    public SqlDialect Dialect { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken);
        }
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (_configured.TryGetValue(connection.Handle!, out _))
            {
                return connection;
            }
            using var pragma = connection.CreateCommand();
            // journal_mode is stored in the file: set once per process. The others are per connection. Checkpoints
            // every ~40 MB of WAL instead of 4 MB: inventories write a few hundred KB each.
            const string PerConnection =
                "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = 10000;";
            pragma.CommandText = _walSet ? PerConnection : "PRAGMA journal_mode = WAL; " + PerConnection;
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            _walSet = true;
            _configured.AddOrUpdate(connection.Handle!, this);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask<IDisposable> AcquireWriteAsync(CancellationToken cancellationToken)
    {
        if (_writeGate is null)
        {
            return NoLease.Instance;
        }
        await _writeGate.WaitAsync(cancellationToken);
        return new Lease(_writeGate);
    }

    public void Dispose()
    {
        _postgres?.Dispose();
        _writeGate?.Dispose();
    }

    private sealed class Lease(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }

    private sealed class NoLease : IDisposable
    {
        public static NoLease Instance { get; } = new();

        public void Dispose()
        {
        }
    }
}
