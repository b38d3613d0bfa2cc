using Dapper;
using Vigie.Core.Audit;
using Vigie.Core.Common;
using Vigie.Core.Storage;

namespace Vigie.Core.Identity;

/// <summary>A group of users, as the unit to which later modules (vault folders, alert escalation) grant rights.</summary>
public sealed record GroupView(Guid Id, string Name, string Description, DateTimeOffset CreatedAt, IReadOnlyList<string> Members);

/// <summary>Groups and their members.</summary>
public sealed class GroupService
{
    private readonly IDbConnectionFactory _connections;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _clock;

    public GroupService(IDbConnectionFactory connections, IAuditLog audit, TimeProvider clock)
    {
        _connections = connections;
        _audit = audit;
        _clock = clock;
    }

    public async Task<GroupView> CreateAsync(AuditActor actor, string? name, string? description, CancellationToken ct)
    {
        new ValidationErrors().Require("name", name, 100).ThrowIfAny();
        if (description is { Length: > 500 })
        {
            throw ProblemException.Validation("description", "must be at most 500 characters");
        }
        return await _connections.InTransactionAsync(async (c, t) =>
        {
            var normalized = name!.Trim().ToLowerInvariant();
            if (await c.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COUNT(*) FROM identity_groups WHERE name_normalized = @N",
                    new { N = normalized }, t, cancellationToken: ct)) > 0)
            {
                throw ProblemException.Conflict("group_name_taken", "A group with this name already exists.");
            }
            var group = new GroupView(Ids.New(_clock), name.Trim(), description?.Trim() ?? "", _clock.GetUtcNow(), []);
            await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO identity_groups (id, name, name_normalized, description, created_at) VALUES (@Id, @Name, @Normalized, @Description, @CreatedAt)",
                new { group.Id, group.Name, Normalized = normalized, group.Description, group.CreatedAt }, t, cancellationToken: ct));
            await _audit.AppendAsync(c, t, new AuditEntry(actor, AuditActions.GroupCreated, $"group:{group.Name}", AuditEntry.Success), ct);
            return group;
        }, ct);
    }

    public async Task<IReadOnlyList<GroupView>> ListAsync(CancellationToken ct)
    {
        await using var c = await _connections.OpenAsync(ct);
        var groups = await c.QueryAsync<GroupRow>(new CommandDefinition(
            "SELECT id, name, description, created_at FROM identity_groups ORDER BY name_normalized", cancellationToken: ct));
        var members = (await c.QueryAsync<MemberRow>(new CommandDefinition(
            "SELECT m.group_id, u.username FROM identity_group_members m JOIN identity_users u ON u.id = m.user_id ORDER BY u.username_normalized",
            cancellationToken: ct))).ToLookup(m => m.GroupId, m => m.Username);
        return groups.Select(g => new GroupView(g.Id, g.Name, g.Description, g.CreatedAt, members[g.Id].ToList())).ToList();
    }

    public Task SetMemberAsync(AuditActor actor, Guid groupId, Guid userId, bool member, CancellationToken ct) =>
        _connections.InTransactionAsync(async (c, t) =>
        {
            var group = await c.QueryFirstOrDefaultAsync<GroupRow>(new CommandDefinition(
                "SELECT id, name, description, created_at FROM identity_groups WHERE id = @Id", new { Id = groupId }, t, cancellationToken: ct))
                ?? throw ProblemException.NotFound("group");
            var user = await UserStore.ByIdAsync(c, t, userId, ct) ?? throw ProblemException.NotFound("user");
            var changed = member
                ? await c.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO identity_group_members (group_id, user_id, added_at) VALUES (@G, @U, @Now) ON CONFLICT DO NOTHING",
                    new { G = groupId, U = userId, Now = _clock.GetUtcNow() }, t, cancellationToken: ct))
                : await c.ExecuteAsync(new CommandDefinition(
                    "DELETE FROM identity_group_members WHERE group_id = @G AND user_id = @U", new { G = groupId, U = userId }, t, cancellationToken: ct));
            if (changed > 0)
            {
                await _audit.AppendAsync(c, t, new AuditEntry(actor, member ? AuditActions.GroupMemberAdded : AuditActions.GroupMemberRemoved,
                    $"group:{group.Name}", AuditEntry.Success, new Dictionary<string, object?> { ["user"] = user.Username }), ct);
            }
        }, ct);

    private sealed class GroupRow
    {
        public Guid Id { get; set; }
        public string Name { get; set; } = "";
        public string Description { get; set; } = "";
        public DateTimeOffset CreatedAt { get; set; }
    }

    private sealed class MemberRow
    {
        public Guid GroupId { get; set; }
        public string Username { get; set; } = "";
    }
}
