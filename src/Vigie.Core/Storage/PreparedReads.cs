using System.Collections;
using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.RegularExpressions;
using Dapper;

namespace Vigie.Core.Storage;

/// <summary>
/// Hot read statements (every request's credential, the rights behind a reveal) prepared once and kept. Microsoft.Data.Sqlite
/// compiles a statement on every execution and drops it when the connection goes back to its pool, which made statement
/// compilation the largest cost of an authenticated request; here a few SQLite connections stay open with their
/// compiled statements. On PostgreSQL statements are prepared on the pooled server connection (Npgsql keeps them).
/// Reads only, each statement on its own (no transaction): it sees what is committed when it runs. Rows are mapped by
/// Dapper, so row classes and type handlers are the same as elsewhere. A list parameter (<c>IN @Name</c> on SQLite,
/// <c>= ANY(@Name)</c> on PostgreSQL, see <see cref="SqlDialect.InList"/>) is expanded as Dapper does.
/// </summary>
public sealed partial class PreparedReads : IAsyncDisposable
{
    private const int MaxIdleConnections = 32;
    private readonly IDbConnectionFactory _connections;
    private readonly ConcurrentBag<Slot> _idle = [];
    private int _idleCount;
    private volatile bool _disposed;

    public PreparedReads(IDbConnectionFactory connections) => _connections = connections;

    public async Task<T?> FirstOrDefaultAsync<T>(string sql, (string Name, object? Value)[] parameters, CancellationToken ct)
    {
        var rows = await QueryAsync<T>(sql, parameters, 1, ct);
        return rows.Count == 0 ? default : rows[0];
    }

    /// <summary>
    /// Runs <paramref name="sql"/> with its <c>@Name</c> parameters bound by name to <paramref name="parameters"/>, and maps up
    /// to <paramref name="limit"/> rows.
    /// </summary>
    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, (string Name, object? Value)[] parameters, int limit, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_connections.Dialect.Provider == DatabaseProvider.Postgres)
        {
            await using var c = await _connections.OpenAsync(ct);
            await using var command = Bind(c, sql, parameters);
            await command.PrepareAsync(ct);
            return await ReadAsync<T>(command, limit, ct);
        }
        if (_idle.TryTake(out var slot))
        {
            Interlocked.Decrement(ref _idleCount);
        }
        else
        {
            slot = new Slot(await _connections.OpenAsync(ct));
        }
        var healthy = false;
        try
        {
            var command = slot.Command(sql, parameters);
            var rows = await ReadAsync<T>(command, limit, ct);
            healthy = true;
            return rows;
        }
        finally
        {
            if (healthy && !_disposed && Interlocked.Increment(ref _idleCount) <= MaxIdleConnections)
            {
                _idle.Add(slot);
                if (_disposed)
                {
                    // Disposed meanwhile: close what is left rather than keep a connection open for good.
                    await DrainAsync();
                }
            }
            else
            {
                if (healthy && !_disposed)
                {
                    Interlocked.Decrement(ref _idleCount);
                }
                await slot.DisposeAsync();
            }
        }
    }

    private static async Task<IReadOnlyList<T>> ReadAsync<T>(DbCommand command, int limit, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        var parse = ParserFor<T>(reader);
        var rows = new List<T>();
        while (rows.Count < limit && await reader.ReadAsync(ct))
        {
            rows.Add(parse(reader));
        }
        return rows;
    }

    /// <summary>Dapper maps rows to classes, ids and times; a plain number or text column is converted here (SQLite returns 64-bit integers).</summary>
    private static Func<DbDataReader, T> ParserFor<T>(DbDataReader reader)
    {
        var type = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (type.IsPrimitive || type == typeof(string) || type == typeof(decimal))
        {
            return row => row.IsDBNull(0) ? default! : (T)Convert.ChangeType(row.GetValue(0), type, System.Globalization.CultureInfo.InvariantCulture);
        }
        return reader.GetRowParser<T>();
    }

    /// <summary>A new command with the parameters bound; a list parameter stays one array parameter (PostgreSQL).</summary>
    private static DbCommand Bind(DbConnection c, string sql, (string Name, object? Value)[] parameters)
    {
        var command = c.CreateCommand();
        command.CommandText = sql;
        foreach (var name in ParameterNames(sql))
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = ValueOf(parameters, name) ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private static object? ValueOf((string Name, object? Value)[] parameters, string name)
    {
        foreach (var (n, value) in parameters)
        {
            if (n == name)
            {
                return value;
            }
        }
        throw new ArgumentException($"No value was given for @{name}.", nameof(parameters));
    }

    private static List<string> ParameterNames(string sql) =>
        ParameterPattern().Matches(sql).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();

    [GeneratedRegex(@"@([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex ParameterPattern();

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await DrainAsync();
    }

    private async Task DrainAsync()
    {
        while (_idle.TryTake(out var slot))
        {
            Interlocked.Decrement(ref _idleCount);
            await slot.DisposeAsync();
        }
    }

    /// <summary>An open SQLite connection and its compiled statements, used by one caller at a time.</summary>
    private sealed class Slot(DbConnection connection) : IAsyncDisposable
    {
        private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

        public DbCommand Command(string sql, (string Name, object? Value)[] parameters)
        {
            // SQLite has no array parameter: `IN @Name` becomes `IN (@Name__0, @Name__1, …)`, one statement per list length.
            var expanded = sql;
            var values = parameters;
            if (parameters.Any(p => p.Value is IList and not byte[]))
            {
                var text = sql;
                var flat = new List<(string, object?)>();
                foreach (var (name, value) in parameters)
                {
                    if (value is IList list and not byte[])
                    {
                        var items = Enumerable.Range(0, list.Count).Select(n => $"{name}__{n}").ToArray();
                        // As Dapper does: an empty list is a subquery without rows, right under IN and NOT IN alike.
                        var replacement = items.Length == 0 ? "IN (SELECT NULL WHERE 1 = 0)" : $"IN ({string.Join(", ", items.Select(item => "@" + item))})";
                        text = Regex.Replace(text, $@"\bIN @{Regex.Escape(name)}\b", replacement.Replace("$", "$$", StringComparison.Ordinal));
                        flat.AddRange(items.Zip(list.Cast<object?>(), (item, v) => (item, v)));
                    }
                    else
                    {
                        flat.Add((name, value));
                    }
                }
                expanded = text;
                values = flat.ToArray();
            }
            if (!_commands.TryGetValue(expanded, out var command))
            {
                command = Bind(connection, expanded, values);
                _commands[expanded] = command;
                return command;
            }
            foreach (DbParameter parameter in command.Parameters)
            {
                parameter.Value = ValueOf(values, parameter.ParameterName) ?? DBNull.Value;
            }
            return command;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var command in _commands.Values)
            {
                await command.DisposeAsync();
            }
            await connection.DisposeAsync();
        }
    }
}
