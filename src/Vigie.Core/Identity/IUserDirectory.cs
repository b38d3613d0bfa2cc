using Dapper;
using Vigie.Core.Storage;

namespace Vigie.Core.Identity;

/// <summary>The identity module's read interface for other modules (the vault's rights): who exists, who belongs to which group.</summary>
public interface IUserDirectory
{
    Task<IReadOnlyList<Guid>> GroupsOfAsync(Guid userId, CancellationToken cancellationToken);

    Task<bool> UserExistsAsync(Guid userId, CancellationToken cancellationToken);

    Task<bool> GroupExistsAsync(Guid groupId, CancellationToken cancellationToken);
}

internal sealed class UserDirectory : IUserDirectory
{
    private readonly IDbConnectionFactory _connections;

    public UserDirectory(IDbConnectionFactory connections) => _connections = connections;

    public async Task<IReadOnlyList<Guid>> GroupsOfAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var c = await _connections.OpenAsync(cancellationToken);
        return (await c.QueryAsync<Guid>(new CommandDefinition(
            "SELECT group_id FROM identity_group_members WHERE user_id = @UserId", new { UserId = userId }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<bool> UserExistsAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var c = await _connections.OpenAsync(cancellationToken);
        return await c.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM identity_users WHERE id = @Id", new { Id = userId }, cancellationToken: cancellationToken)) > 0;
    }

    public async Task<bool> GroupExistsAsync(Guid groupId, CancellationToken cancellationToken)
    {
        await using var c = await _connections.OpenAsync(cancellationToken);
        return await c.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM identity_groups WHERE id = @Id", new { Id = groupId }, cancellationToken: cancellationToken)) > 0;
    }
}
