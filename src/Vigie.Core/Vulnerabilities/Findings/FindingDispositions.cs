using Dapper;
using Vigie.Core.Audit;
using Vigie.Core.Common;
using Vigie.Core.Storage;

namespace Vigie.Core.Vulnerabilities.Findings;

/// <summary>A decision on a finding: an accepted risk or a false positive, with its reason and until when it holds.</summary>
public sealed record SetDispositionRequest(string? Kind, string? Reason, DateTimeOffset? ExpiresAt);

/// <summary>
/// Accepted risks and false positives. They are reasoned, dated, bounded in time (at most a year: risks are reviewed),
/// kept across re-evaluations, and audited; once expired the finding counts again.
/// </summary>
public sealed class FindingDispositions
{
    public const string AcceptedRisk = "accepted_risk";
    public const string FalsePositive = "false_positive";
    private readonly IDbConnectionFactory _connections;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _clock;

    public FindingDispositions(IDbConnectionFactory connections, IAuditLog audit, TimeProvider clock)
    {
        _connections = connections;
        _audit = audit;
        _clock = clock;
    }

    public Task SetAsync(AuditActor actor, Guid findingId, SetDispositionRequest request, CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        var errors = new ValidationErrors().Require("reason", request.Reason, 2000);
        if (request.Kind is not (AcceptedRisk or FalsePositive))
        {
            errors.Add("kind", $"must be '{AcceptedRisk}' or '{FalsePositive}'");
        }
        if (request.ExpiresAt is null)
        {
            errors.Add("expiresAt", "is required: every decision is reviewed");
        }
        else if (request.ExpiresAt <= now)
        {
            errors.Add("expiresAt", "must be in the future");
        }
        else if (request.ExpiresAt > now.AddDays(366))
        {
            errors.Add("expiresAt", "must be at most a year away");
        }
        errors.ThrowIfAny();
        return _connections.InTransactionAsync(async (c, t) =>
        {
            var changed = await c.ExecuteAsync(new CommandDefinition(
                """
                UPDATE vuln_findings SET disposition = @Kind, disposition_reason = @Reason, disposition_by = @By, disposition_expires_at = @ExpiresAt
                WHERE id = @Id
                """, new { Id = findingId, request.Kind, Reason = request.Reason!.Trim(), By = actor.Name, ExpiresAt = request.ExpiresAt!.Value.ToUniversalTime() },
                t, cancellationToken: ct));
            if (changed == 0)
            {
                throw ProblemException.NotFound("finding");
            }
            await _audit.AppendAsync(c, t, new AuditEntry(actor, AuditActions.FindingDispositionSet, $"finding:{findingId}", AuditEntry.Success,
                new Dictionary<string, object?> { ["kind"] = request.Kind, ["reason"] = request.Reason!.Trim(), ["expiresAt"] = request.ExpiresAt }), ct);
        }, ct);
    }

    public Task ClearAsync(AuditActor actor, Guid findingId, CancellationToken ct) =>
        _connections.InTransactionAsync(async (c, t) =>
        {
            var changed = await c.ExecuteAsync(new CommandDefinition(
                "UPDATE vuln_findings SET disposition = NULL, disposition_reason = NULL, disposition_by = NULL, disposition_expires_at = NULL WHERE id = @Id",
                new { Id = findingId }, t, cancellationToken: ct));
            if (changed == 0)
            {
                throw ProblemException.NotFound("finding");
            }
            await _audit.AppendAsync(c, t, new AuditEntry(actor, AuditActions.FindingDispositionCleared, $"finding:{findingId}", AuditEntry.Success), ct);
        }, ct);
}
