using System.Data.Common;

namespace Vigie.Core.Storage;

/// <summary>
/// One statement executed for many rows in a transaction: compiled once and re-bound for each row, where Dapper would
/// compile it again for every row (SQLite compiles on every execution of a new command). Values are bound as Dapper binds
/// them (ids, times and text unchanged), in the order the parameter names are given.
/// </summary>
internal sealed class RepeatedStatement : IAsyncDisposable
{
    private readonly DbCommand _command;
    private readonly DbParameter[] _parameters;

    public RepeatedStatement(DbConnection connection, DbTransaction transaction, string sql, params string[] parameterNames)
    {
        _command = connection.CreateCommand();
        _command.Transaction = transaction;
        _command.CommandText = sql;
        _parameters = parameterNames.Select(name =>
        {
            var parameter = _command.CreateParameter();
            parameter.ParameterName = name;
            _command.Parameters.Add(parameter);
            return parameter;
        }).ToArray();
    }

    public Task<int> ExecuteAsync(CancellationToken ct, params object?[] values)
    {
        if (values.Length != _parameters.Length)
        {
            throw new ArgumentException($"The statement takes {_parameters.Length} values; {values.Length} were given.", nameof(values));
        }
        for (var i = 0; i < values.Length; i++)
        {
            _parameters[i].Value = values[i] ?? DBNull.Value;
        }
        return _command.ExecuteNonQueryAsync(ct);
    }

    public ValueTask DisposeAsync() => _command.DisposeAsync();
}
