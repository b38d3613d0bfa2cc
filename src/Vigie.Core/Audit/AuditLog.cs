using System.Data.Common;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Logging;
using Vigie.Core.Common;
using Vigie.Core.Crypto;
using Vigie.Core.Storage;

namespace Vigie.Core.Audit;

internal sealed partial class AuditLog : IAuditLog
{
    private const long ChainLockId = 74_110_002;
    private readonly IDbConnectionFactory _connections;
    private readonly ServerKeys _keys;
    private readonly TimeProvider _clock;
    private readonly ILogger<AuditLog> _logger;

    public AuditLog(IDbConnectionFactory connections, ServerKeys keys, TimeProvider clock, ILogger<AuditLog> logger)
    {
        _connections = connections;
        _keys = keys;
        _clock = clock;
        _logger = logger;
    }

    public Task AppendAsync(DbConnection connection, DbTransaction transaction, AuditEntry entry, CancellationToken cancellationToken) =>
        AppendManyAsync(connection, transaction, [entry], cancellationToken);

    public async Task AppendManyAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        try
        {
            var lockSql = _connections.Dialect.ChainLock(ChainLockId);
            if (lockSql is not null)
            {
                await connection.ExecuteAsync(new CommandDefinition(lockSql, transaction: transaction, cancellationToken: cancellationToken));
            }
            var tail = await connection.QueryFirstOrDefaultAsync<ChainTail>(new CommandDefinition(
                "SELECT seq, mac FROM audit_events ORDER BY seq DESC LIMIT 1", transaction: transaction, cancellationToken: cancellationToken));
            var (seq, previous) = (tail?.Seq ?? 0, tail?.Mac ?? AuditChain.Genesis);
            await using var insert = new RepeatedStatement(connection, transaction,
                """
                INSERT INTO audit_events (seq, id, occurred_at, actor_id, actor_name, source, action, action_name, target, outcome, details, mac)
                VALUES (@Seq, @Id, @OccurredAt, @ActorId, @ActorName, @Source, @Action, @ActionName, @Target, @Outcome, @Details, @Mac)
                """, "Seq", "Id", "OccurredAt", "ActorId", "ActorName", "Source", "Action", "ActionName", "Target", "Outcome", "Details", "Mac");
            foreach (var entry in entries)
            {
                var row = new AuditEvent
                {
                    Seq = ++seq,
                    Id = Ids.New(_clock),
                    OccurredAt = AuditChain.Truncate(_clock.GetUtcNow()),
                    ActorId = entry.Actor.Id,
                    ActorName = entry.Actor.Name,
                    Source = entry.Actor.Source,
                    Action = entry.Action.Code,
                    ActionName = entry.Action.Name,
                    Target = entry.Target,
                    Outcome = entry.Outcome,
                    Details = JsonSerializer.Serialize(entry.Details ?? new Dictionary<string, object?>()),
                };
                var mac = AuditChain.Mac(_keys.AuditMacKey, previous, row);
                previous = mac;
                await insert.ExecuteAsync(cancellationToken, row.Seq, row.Id, row.OccurredAt, row.ActorId, row.ActorName, row.Source, row.Action,
                    row.ActionName, row.Target, row.Outcome, row.Details, mac);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogAuditWriteFailed(ex, entries.Count > 0 ? entries[0].Action.Code : 0);
            throw new ProblemException(503, "audit_unavailable",
                "The audit trail could not be written, so the change was refused.");
        }
    }

    public Task AppendAloneAsync(AuditEntry entry, CancellationToken cancellationToken) =>
        _connections.InTransactionAsync((connection, transaction) => AppendAsync(connection, transaction, entry, cancellationToken), cancellationToken);

    private sealed class ChainTail
    {
        public long Seq { get; set; }
        public string Mac { get; set; } = "";
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Error, Message = "Audit row for action {Action} could not be written; the change is refused")]
    private partial void LogAuditWriteFailed(Exception exception, int action);
}
