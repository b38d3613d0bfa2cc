using Dapper;
using Vigie.Core.Audit;
using Vigie.Core.Common;
using Vigie.Core.Storage;

namespace Vigie.Core.Inventory.Assets;

/// <summary>Decisions taken on the server about an asset: a TAG to push to its agent, blocking its inventories.</summary>
public sealed class AssetAdmin
{
    private readonly IDbConnectionFactory _connections;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _clock;

    public AssetAdmin(IDbConnectionFactory connections, IAuditLog audit, TimeProvider clock)
    {
        _connections = connections;
        _audit = audit;
        _clock = clock;
    }

    /// <summary>The TAG is sent with ACCOUNT_UPDATE in the reply to the agent's next inventory, until the agent reports it back.</summary>
    public Task SetTagAsync(AuditActor actor, Guid id, string? tag, CancellationToken ct)
    {
        var errors = new ValidationErrors().Require("tag", tag, 100);
        if (tag is not null && tag.Any(char.IsControl))
        {
            errors.Add("tag", "must not contain control characters");
        }
        errors.ThrowIfAny();
        return ChangeAsync(actor, id, "UPDATE inventory_assets SET pending_tag = @Value, updated_at = @Now WHERE id = @Id", tag!.Trim(),
            AuditActions.AssetTagSet, ct);
    }

    /// <summary>A blocked device gets STOP to its PROLOG and 403 to its inventories.</summary>
    public Task SetBlockedAsync(AuditActor actor, Guid id, bool blocked, CancellationToken ct) =>
        ChangeAsync(actor, id, "UPDATE inventory_assets SET blocked = @Value, updated_at = @Now WHERE id = @Id", blocked,
            blocked ? AuditActions.AssetBlocked : AuditActions.AssetUnblocked, ct);

    private Task ChangeAsync(AuditActor actor, Guid id, string sql, object value, AuditAction action, CancellationToken ct) =>
        _connections.InTransactionAsync(async (c, t) =>
        {
            var changed = await c.ExecuteAsync(new CommandDefinition(sql, new { Id = id, Value = value, Now = _clock.GetUtcNow() }, t, cancellationToken: ct));
            if (changed == 0)
            {
                throw ProblemException.NotFound("asset");
            }
            await _audit.AppendAsync(c, t, new AuditEntry(actor, action, $"asset:{id}", AuditEntry.Success,
                new Dictionary<string, object?> { ["value"] = value }), ct);
        }, ct);
}
