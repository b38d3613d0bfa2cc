using Dapper;
using Vigie.Core.Storage;

namespace Vigie.Core.Identity;

/// <summary>The identity module's read interface for other modules (the vault's rights): who exists, who belongs to which group.</summary>
public interface IUserDirectory
{
    Task<IReadOnlyList<Guid>> GroupsOfAsync(Guid userId, CancellationToken cancellationToken);

    Task<bool> UserExistsAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>The user's name, role and kind, or null when there is no such user.</summary>
    Task<DirectoryUser?> FindUserAsync(Guid userId, CancellationToken cancellationToken);

    Task<bool> GroupExistsAsync(Guid groupId, CancellationToken cancellationToken);

    /// <summary>People (not API users) who have not logged in since <paramref name="before"/> (or never).</summary>
    Task<IReadOnlyList<InactiveUser>> InactiveSinceAsync(DateTimeOffset before, CancellationToken cancellationToken);
    /// <summary>The user's name or the group's name (<paramref name="kind"/> is <c>user</c> or <c>group</c>), or null when there is none.</summary>
    Task<string?> PrincipalNameAsync(string kind, Guid id, CancellationToken cancellationToken);

    /// <summary>The user or group with this name (compared without case), or null.</summary>
    Task<Guid?> FindPrincipalAsync(string kind, string name, CancellationToken cancellationToken);
}

public sealed record DirectoryUser(Guid Id, string Username, string Role, string Kind);

public sealed record InactiveUser(Guid Id, string Username, DateTimeOffset? LastLoginAt, DateTimeOffset CreatedAt);

internal sealed class UserDirectory : IUserDirectory
{
    private readonly IDbConnectionFactory _connections;
    private readonly PreparedReads _reads;

    public UserDirectory(IDbConnectionFactory connections, PreparedReads reads)
    {
        _connections = connections;
        _reads = reads;
    }

    public async Task<IReadOnlyList<Guid>> GroupsOfAsync(Guid userId, CancellationToken cancellationToken)
    {
        return await _reads.QueryAsync<Guid>("SELECT group_id FROM identity_group_members WHERE user_id = @UserId", [("UserId", userId)], int.MaxValue,
            cancellationToken);
    }

    public async Task<bool> UserExistsAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var c = await _connections.OpenAsync(cancellationToken);
        return await c.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM identity_users WHERE id = @Id", new { Id = userId }, cancellationToken: cancellationToken)) > 0;
    }

    public async Task<DirectoryUser?> FindUserAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var c = await _connections.OpenAsync(cancellationToken);
        var row = await c.QueryFirstOrDefaultAsync<UserRow>(new CommandDefinition(
            "SELECT id, username, role, kind FROM identity_users WHERE id = @Id", new { Id = userId }, cancellationToken: cancellationToken));
        return row is null ? null : new DirectoryUser(row.Id, row.Username, row.Role, row.Kind);
    }

    public async Task<IReadOnlyList<InactiveUser>> InactiveSinceAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var c = await _connections.OpenAsync(cancellationToken);
        return (await c.QueryAsync<InactiveRow>(new CommandDefinition(
            """
            SELECT id, username, last_login_at, created_at FROM identity_users
            WHERE kind = @Person AND (last_login_at IS NULL OR last_login_at < @Before) ORDER BY username
            """, new { Person = UserKind.Human, Before = before }, cancellationToken: cancellationToken)))
            .Select(r => new InactiveUser(r.Id, r.Username, r.LastLoginAt, r.CreatedAt)).ToList();
    }

    public async Task<bool> GroupExistsAsync(Guid groupId, CancellationToken cancellationToken)
    {
        await using var c = await _connections.OpenAsync(cancellationToken);
        return await c.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM identity_groups WHERE id = @Id", new { Id = groupId }, cancellationToken: cancellationToken)) > 0;
    }

    public async Task<string?> PrincipalNameAsync(string kind, Guid id, CancellationToken cancellationToken)
    {
        await using var c = await _connections.OpenAsync(cancellationToken);
        return await c.QueryFirstOrDefaultAsync<string>(new CommandDefinition(
            kind == "group" ? "SELECT name FROM identity_groups WHERE id = @Id" : "SELECT username FROM identity_users WHERE id = @Id",
            new { Id = id }, cancellationToken: cancellationToken));
    }

    public async Task<Guid?> FindPrincipalAsync(string kind, string name, CancellationToken cancellationToken)
    {
        await using var c = await _connections.OpenAsync(cancellationToken);
        var ids = await c.QueryAsync<Guid>(new CommandDefinition(
            kind == "group" ? "SELECT id FROM identity_groups WHERE name_normalized = @Name" : "SELECT id FROM identity_users WHERE username_normalized = @Name",
            new { Name = name.Trim().ToLowerInvariant() }, cancellationToken: cancellationToken));
        return ids.Select(id => (Guid?)id).FirstOrDefault();
    }

    private sealed class UserRow
    {
        public Guid Id { get; set; }
        public string Username { get; set; } = "";
        public string Role { get; set; } = "";
        public string Kind { get; set; } = "";
    }

    private sealed class InactiveRow
    {
        public Guid Id { get; set; }
        public string Username { get; set; } = "";
        public DateTimeOffset? LastLoginAt { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
    }
}
