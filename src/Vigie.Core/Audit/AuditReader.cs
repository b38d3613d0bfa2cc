using System.Globalization;
using System.Text;
using Dapper;
using Vigie.Core.Common;
using Vigie.Core.Crypto;
using Vigie.Core.Storage;

namespace Vigie.Core.Audit;

/// <summary>Reads the audit trail: filtered pages and the chain verification.</summary>
public sealed class AuditReader
{
    private const int VerifyBatch = 2000;
    private readonly IDbConnectionFactory _connections;
    private readonly ServerKeys _keys;

    public AuditReader(IDbConnectionFactory connections, ServerKeys keys)
    {
        _connections = connections;
        _keys = keys;
    }

    public async Task<Page<AuditEvent>> ListAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (query.Limit is < 1 or > 500)
        {
            errors.Add("limit", "must be between 1 and 500");
        }
        long? before = null;
        if (query.Cursor is not null)
        {
            if (TryDecodeCursor(query.Cursor, out var seq))
            {
                before = seq;
            }
            else
            {
                errors.Add("cursor", "is not a cursor returned by this endpoint");
            }
        }
        if (query.From is not null && query.To is not null && query.From > query.To)
        {
            errors.Add("from", "must not be after 'to'");
        }
        errors.ThrowIfAny();

        var sql = new StringBuilder("SELECT seq, id, occurred_at AS OccurredAt, actor_id AS ActorId, actor_name AS ActorName, source, action, action_name AS ActionName, target, outcome, details FROM audit_events WHERE 1 = 1");
        var parameters = new DynamicParameters();
        if (before is not null)
        {
            sql.Append(" AND seq < @Before");
            parameters.Add("Before", before.Value);
        }
        if (!string.IsNullOrWhiteSpace(query.Actor))
        {
            sql.Append(" AND actor_name = @Actor");
            parameters.Add("Actor", query.Actor);
        }
        if (query.Action is not null)
        {
            sql.Append(" AND action = @Action");
            parameters.Add("Action", query.Action.Value);
        }
        if (!string.IsNullOrWhiteSpace(query.ActionName))
        {
            sql.Append(" AND action_name = @ActionName");
            parameters.Add("ActionName", query.ActionName);
        }
        if (query.From is not null)
        {
            sql.Append(" AND occurred_at >= @From");
            parameters.Add("From", query.From.Value.ToUniversalTime());
        }
        if (query.To is not null)
        {
            sql.Append(" AND occurred_at < @To");
            parameters.Add("To", query.To.Value.ToUniversalTime());
        }
        sql.Append(" ORDER BY seq DESC LIMIT @Take");
        parameters.Add("Take", query.Limit + 1);

        await using var connection = await _connections.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<AuditEvent>(new CommandDefinition(sql.ToString(), parameters, cancellationToken: cancellationToken))).ToList();
        string? next = null;
        if (rows.Count > query.Limit)
        {
            rows.RemoveAt(rows.Count - 1);
            next = EncodeCursor(rows[^1].Seq);
        }
        return new Page<AuditEvent>(rows, next);
    }

    /// <summary>Walks the whole chain in sequence order and reports the first row whose link does not hold.</summary>
    public async Task<AuditChainResult> VerifyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var previousMac = AuditChain.Genesis;
        long expectedSeq = 1;
        long checkedRows = 0;
        while (true)
        {
            var batch = (await connection.QueryAsync<StoredRow>(new CommandDefinition(
                "SELECT seq, id, occurred_at AS OccurredAt, actor_id AS ActorId, actor_name AS ActorName, source, action, action_name AS ActionName, target, outcome, details, mac FROM audit_events WHERE seq >= @From ORDER BY seq LIMIT @Take",
                new { From = expectedSeq, Take = VerifyBatch }, cancellationToken: cancellationToken))).ToList();
            if (batch.Count == 0)
            {
                return new AuditChainResult(true, checkedRows, null, null, checkedRows == 0 ? null : expectedSeq - 1);
            }
            foreach (var stored in batch)
            {
                if (stored.Seq != expectedSeq)
                {
                    return new AuditChainResult(false, checkedRows, expectedSeq,
                        $"row {expectedSeq} is missing (next row is {stored.Seq})", expectedSeq - 1);
                }
                var mac = AuditChain.Mac(_keys.AuditMacKey, previousMac, stored);
                if (!AuditChain.MacEquals(mac, stored.Mac))
                {
                    return new AuditChainResult(false, checkedRows, stored.Seq,
                        $"row {stored.Seq} does not match its MAC: it was altered, or a row before it was removed or reordered", stored.Seq);
                }
                previousMac = stored.Mac;
                checkedRows++;
                expectedSeq++;
            }
        }
    }

    private static string EncodeCursor(long seq) =>
        SecretToken.Base64Url(Encoding.ASCII.GetBytes("a:" + seq.ToString(CultureInfo.InvariantCulture)));

    private static bool TryDecodeCursor(string cursor, out long seq)
    {
        seq = 0;
        if (!SecretToken.TryFromBase64Url(cursor, out var bytes))
        {
            return false;
        }
        var text = Encoding.ASCII.GetString(bytes);
        return text.StartsWith("a:", StringComparison.Ordinal)
            && long.TryParse(text.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out seq) && seq > 0;
    }

    private sealed record StoredRow : AuditEvent
    {
        public string Mac { get; init; } = "";
    }
}
