using Dapper;
using Vigie.Core.Common;
using Vigie.Core.Identity;
using Vigie.Core.Storage;
using Vigie.Core.Vault.Sealing;

namespace Vigie.Core.Vault.Folders;

/// <summary>What one person or API user can reach in the vault, and through which grants (for access reviews).</summary>
public sealed record AccessReview(Guid UserId, string Username, string Role, bool VaultAdministrator, IReadOnlyList<AccessReviewGroup> Groups,
    IReadOnlyList<AccessReviewFolder> Folders);

public sealed record AccessReviewGroup(Guid Id, string Name);

/// <summary>A folder the user can at least list: the effective right, its entries, and the unexpired grants that give it.</summary>
public sealed record AccessReviewFolder(Guid Id, Guid? ParentId, string Path, string Access, int Entries, IReadOnlyList<AccessSource> Via);

/// <summary>A grant on the folder or one of its ancestors, to the user or one of their groups.</summary>
public sealed record AccessSource(Guid FolderId, string FolderPath, string PrincipalKind, Guid PrincipalId, string Access, DateTimeOffset? ExpiresAt);

/// <summary>
/// The vault administrator's view of what a user can see: every folder they can list with their right there, computed
/// as the server decides it for their own requests (grants to them and their groups, inherited, unexpired, capped by
/// read-only folders). The listing every vault administrator has is not counted: it reveals names, never secrets.
/// </summary>
public sealed class VaultAccessReview
{
    private readonly IDbConnectionFactory _connections;
    private readonly IUserDirectory _directory;
    private readonly VaultSeal _seal;
    private readonly TimeProvider _clock;

    public VaultAccessReview(IDbConnectionFactory connections, IUserDirectory directory, VaultSeal seal, TimeProvider clock)
    {
        _connections = connections;
        _directory = directory;
        _seal = seal;
        _clock = clock;
    }

    /// <summary>The review of a user named by id or by user name.</summary>
    public async Task<AccessReview> OfUserAsync(string idOrName, CancellationToken ct)
    {
        _seal.EnsureUnsealed();
        var userId = Guid.TryParse(idOrName, out var given) ? given
            : await _directory.FindPrincipalAsync("user", idOrName, ct) ?? throw ProblemException.NotFound("user");
        var user = await _directory.FindUserAsync(userId, ct) ?? throw ProblemException.NotFound("user");
        var groupIds = await _directory.GroupsOfAsync(userId, ct);
        var groups = new List<AccessReviewGroup>();
        foreach (var id in groupIds)
        {
            groups.Add(new AccessReviewGroup(id, await _directory.PrincipalNameAsync("group", id, ct) ?? ""));
        }
        var now = _clock.GetUtcNow();
        var principal = new VaultPrincipal(user.Id, user.Username, groupIds, Administrator: false);
        await using var c = await _connections.OpenAsync(ct);
        var access = await FolderAccessQuery.AllAsync(c, _connections.Dialect, principal, now, ct);
        var folders = (await c.QueryAsync<(Guid Id, Guid? ParentId, string Name)>(new CommandDefinition(
            "SELECT id, parent_id, name FROM vault_folders", cancellationToken: ct))).ToDictionary(f => f.Id);
        var grants = (await c.QueryAsync<GrantRow>(new CommandDefinition(
            $"""
            SELECT id, folder_id, principal_kind, principal_id, access, expires_at, granted_by, created_at FROM vault_grants
            WHERE (expires_at IS NULL OR expires_at > @Now)
              AND ((principal_kind = 'user' AND principal_id = @User) OR (principal_kind = 'group' AND {_connections.Dialect.InList("principal_id", "@Groups")}))
            ORDER BY created_at
            """, new { Now = now, User = userId, Groups = groupIds.ToArray() }, cancellationToken: ct))).ToLookup(g => g.FolderId);
        var entries = (await c.QueryAsync<(Guid FolderId, long Count)>(new CommandDefinition(
            "SELECT folder_id, COUNT(*) FROM vault_secrets GROUP BY folder_id", cancellationToken: ct))).ToDictionary(e => e.FolderId, e => (int)e.Count);

        List<Guid> Chain(Guid id)
        {
            var chain = new List<Guid>();
            for (Guid? current = id; current is { } f && folders.TryGetValue(f, out var folder); current = folder.ParentId)
            {
                chain.Insert(0, f);
            }
            return chain;
        }
        // Each path once: sorting, the folder itself and every grant on its chain ask for it again.
        var paths = new Dictionary<Guid, string>();
        string PathOf(Guid id)
        {
            if (!paths.TryGetValue(id, out var path))
            {
                paths[id] = path = string.Join('/', Chain(id).Select(f => folders[f].Name));
            }
            return path;
        }

        var reviewed = access.Keys.Select(id => (Id: id, Chain: Chain(id))).OrderBy(f => f.Chain.Count).ThenBy(f => PathOf(f.Id), StringComparer.OrdinalIgnoreCase)
            .Select(f => new AccessReviewFolder(f.Id, folders[f.Id].ParentId, PathOf(f.Id), VaultAccessNames.Name(access[f.Id]), entries.GetValueOrDefault(f.Id),
                f.Chain.SelectMany(link => grants[link].Select(g =>
                    new AccessSource(link, PathOf(link), g.PrincipalKind, g.PrincipalId, g.Access, g.ExpiresAt))).ToList()))
            .ToList();
        return new AccessReview(user.Id, user.Username, user.Role, Roles.PermissionsOf(user.Role).Contains(Permissions.VaultAdmin), groups, reviewed);
    }
}
