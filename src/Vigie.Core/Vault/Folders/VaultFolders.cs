using Dapper;
using Vigie.Core.Audit;
using Vigie.Core.Common;
using Vigie.Core.Identity;
using Vigie.Core.Storage;
using Vigie.Core.Vault.Keys;
using Vigie.Core.Vault.Sealing;

namespace Vigie.Core.Vault.Folders;

public sealed record FolderView(Guid Id, Guid? ParentId, Guid SpaceId, string Name, bool ReadOnly, string Access, DateTimeOffset CreatedAt);

public sealed record GrantView(Guid Id, Guid FolderId, string PrincipalKind, Guid PrincipalId, string Access, DateTimeOffset? ExpiresAt, string GrantedBy,
    DateTimeOffset CreatedAt);

/// <summary>
/// The folder tree: spaces (top-level folders, each with its own data key; administrators create them) and nested
/// folders (created by a folder's managers), and the rights granted on them to users and groups.
/// </summary>
public sealed class VaultFolders
{
    private const int MaxNameLength = 200;
    private readonly IDbConnectionFactory _connections;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _clock;
    private readonly VaultSeal _seal;
    private readonly DataKeys _keys;
    private readonly IUserDirectory _directory;
    private readonly PreparedReads _reads;

    public VaultFolders(IDbConnectionFactory connections, PreparedReads reads, IAuditLog audit, TimeProvider clock, VaultSeal seal, DataKeys keys,
        IUserDirectory directory)
    {
        _connections = connections;
        _reads = reads;
        _audit = audit;
        _clock = clock;
        _seal = seal;
        _keys = keys;
        _directory = directory;
    }

    public async Task<FolderView> CreateAsync(AuditActor actor, VaultPrincipal principal, Guid? parentId, string? name, bool readOnly, CancellationToken ct)
    {
        var folder = await PrepareAsync(principal, parentId, name, readOnly, ct);
        await _connections.InTransactionAsync((c, t) => InsertAsync(c, t, folder, actor, principal, ct), ct);
        return folder.View with
        {
            Access = VaultAccessNames.Name(parentId is null ? VaultAccess.Manage : await AccessAsync(principal, folder.View.Id, ct)),
        };
    }

    /// <summary>A folder about to be created: checked (name, right to create there) and, for a space, its data key made.</summary>
    internal sealed record NewFolder(FolderView View, byte[]? DataKey, int? DataKeyTerm);

    internal async Task<NewFolder> PrepareAsync(VaultPrincipal principal, Guid? parentId, string? name, bool readOnly, CancellationToken ct)
    {
        _seal.EnsureUnsealed();
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length is 0 or > MaxNameLength || trimmed.Any(char.IsControl) || trimmed.Contains('/'))
        {
            throw ProblemException.Validation("name", $"must be 1 to {MaxNameLength} characters, without '/' or control characters");
        }
        var id = Ids.New(_clock);
        if (parentId is { } parent)
        {
            await RequireAsync(principal, parent, VaultAccess.Manage, ct);
            await using var c = await _connections.OpenAsync(ct);
            var spaceId = await c.QueryFirstAsync<Guid>(new CommandDefinition("SELECT space_id FROM vault_folders WHERE id = @Id", new { Id = parent }, cancellationToken: ct));
            return new NewFolder(new FolderView(id, parentId, spaceId, trimmed, readOnly, "", _clock.GetUtcNow()), null, null);
        }
        if (!principal.Administrator)
        {
            throw ProblemException.Forbidden("forbidden", "Only vault administrators create spaces.");
        }
        var (wrapped, term) = _keys.Create(id);
        return new NewFolder(new FolderView(id, null, id, trimmed, readOnly, "", _clock.GetUtcNow()), wrapped, term);
    }

    /// <summary>Inserts a prepared folder in the caller's transaction (a sibling of the same name: 409), with its audit row.</summary>
    internal async Task InsertAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction t, NewFolder folder, AuditActor actor,
        VaultPrincipal principal, CancellationToken ct)
    {
        var view = folder.View;
        var inserted = await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO vault_folders (id, parent_id, space_id, name, name_normalized, read_only, data_key, data_key_term, created_at, updated_at)
            SELECT @Id, @ParentId, @SpaceId, @Name, @Normalized, @ReadOnly, @DataKey, @Term, @Now, @Now
            WHERE NOT EXISTS (SELECT 1 FROM vault_folders WHERE name_normalized = @Normalized
                AND (parent_id = @ParentId OR (parent_id IS NULL AND @IsSpace = @True)))
            """, new { view.Id, view.ParentId, view.SpaceId, view.Name, Normalized = view.Name.ToLowerInvariant(), view.ReadOnly, folder.DataKey,
                Term = folder.DataKeyTerm, Now = view.CreatedAt, IsSpace = view.ParentId is null, True = true }, t, cancellationToken: ct));
        if (inserted == 0)
        {
            throw ProblemException.Conflict("folder_exists", "A folder of that name already exists here.");
        }
        if (view.ParentId is null)
        {
            // Whoever creates a space manages it; other rights are granted explicitly.
            await InsertGrantAsync(c, t, view.Id, "user", principal.UserId, VaultAccess.Manage, null, actor.Name, view.CreatedAt, ct);
        }
        await _audit.AppendAsync(c, t, new AuditEntry(actor, AuditActions.VaultFolderCreated, $"vault-folder:{view.Id}", AuditEntry.Success,
            new Dictionary<string, object?> { ["name"] = view.Name, ["parent"] = view.ParentId, ["readOnly"] = view.ReadOnly }), ct);
    }

    /// <summary>The folders the principal can at least list, parents before children.</summary>
    public async Task<IReadOnlyList<FolderView>> ListAsync(VaultPrincipal principal, CancellationToken ct)
    {
        _seal.EnsureUnsealed();
        await using var c = await _connections.OpenAsync(ct);
        var visible = await FolderAccessQuery.AllAsync(c, _connections.Dialect, principal, _clock.GetUtcNow(), ct);
        var rows = await c.QueryAsync<FolderRow>(new CommandDefinition(
            "SELECT id, parent_id, space_id, name, read_only, created_at FROM vault_folders", cancellationToken: ct));
        var byId = rows.ToDictionary(r => r.Id);
        int Depth(FolderRow row) => row.ParentId is { } parent && byId.TryGetValue(parent, out var up) ? Depth(up) + 1 : 0;
        // Parents before children (a client can build the tree in one pass), then by name.
        return rows.Where(r => visible.ContainsKey(r.Id)).OrderBy(Depth).ThenBy(r => r.Name, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.Id)
            .Select(r => new FolderView(r.Id, r.ParentId, r.SpaceId, r.Name, r.ReadOnly, VaultAccessNames.Name(visible[r.Id]), r.CreatedAt)).ToList();
    }

    public async Task<VaultAccess> AccessAsync(VaultPrincipal principal, Guid folderId, CancellationToken ct)
    {
        return await FolderAccessQuery.OfAsync(_reads, _connections.Dialect, principal, folderId, _clock.GetUtcNow(), ct);
    }

    /// <summary>
    /// Checks a right; a folder the principal cannot even list is reported as not found (its existence is not
    /// revealed), a weaker right as 403. Refusals are audited.
    /// </summary>
    public async Task RequireAsync(VaultPrincipal principal, Guid folderId, VaultAccess needed, CancellationToken ct)
    {
        var access = await AccessAsync(principal, folderId, ct);
        if (access >= needed)
        {
            return;
        }
        await _connections.InTransactionAsync(async (c, t) =>
            await _audit.AppendAsync(c, t, new AuditEntry(new AuditActor(principal.UserId, principal.Name, "vault"), AuditActions.VaultAccessDenied,
                $"vault-folder:{folderId}", AuditEntry.Failure, new Dictionary<string, object?> { ["needed"] = VaultAccessNames.Name(needed) }), ct), ct);
        throw access == VaultAccess.None
            ? ProblemException.NotFound("folder")
            : ProblemException.Forbidden("vault_access_denied", $"This needs the '{VaultAccessNames.Name(needed)}' right on the folder.");
    }

    /// <summary>Grants (or, with <c>none</c>, revokes) a right; needs <c>manage</c> on the folder, or vault administration.</summary>
    public async Task<GrantView?> GrantAsync(AuditActor actor, VaultPrincipal principal, Guid folderId, string? principalKind, Guid? principalId,
        string? principalName, string? access, DateTimeOffset? expiresAt, CancellationToken ct)
    {
        _seal.EnsureUnsealed();
        var errors = new ValidationErrors();
        if (principalKind is not ("user" or "group"))
        {
            errors.Add("principalKind", "must be user or group");
        }
        if (!VaultAccessNames.TryParse(access, out var level))
        {
            errors.Add("access", "must be none, list, read, write or manage");
        }
        var now = _clock.GetUtcNow();
        if (expiresAt is { } expiry && expiry <= now)
        {
            errors.Add("expiresAt", "must be in the future");
        }
        if ((principalId is null) == string.IsNullOrWhiteSpace(principalName))
        {
            errors.Add("principalId", "give the user's or group's id, or its name in principalName");
        }
        errors.ThrowIfAny();
        if (!principal.Administrator)
        {
            await RequireAsync(principal, folderId, VaultAccess.Manage, ct);
        }
        else if (await AccessAsync(principal, folderId, ct) == VaultAccess.None)
        {
            throw ProblemException.NotFound("folder");
        }
        // Names are resolved only for someone allowed to grant here: a folder's managers need not be able to list users and groups.
        var grantee = principalId ?? await _directory.FindPrincipalAsync(principalKind!, principalName!, ct)
            ?? throw ProblemException.NotFound(principalKind!);
        if (!(principalKind == "user" ? await _directory.UserExistsAsync(grantee, ct) : await _directory.GroupExistsAsync(grantee, ct)))
        {
            throw ProblemException.Validation("principalId", $"no such {principalKind}");
        }
        GrantView? result = null;
        await _connections.InTransactionAsync(async (c, t) =>
        {
            await c.ExecuteAsync(new CommandDefinition(
                "DELETE FROM vault_grants WHERE folder_id = @Folder AND principal_kind = @Kind AND principal_id = @Principal",
                new { Folder = folderId, Kind = principalKind, Principal = grantee }, t, cancellationToken: ct));
            if (level != VaultAccess.None)
            {
                result = await InsertGrantAsync(c, t, folderId, principalKind!, grantee, level, expiresAt, actor.Name, now, ct);
            }
            await _audit.AppendAsync(c, t, new AuditEntry(actor, level == VaultAccess.None ? AuditActions.VaultAccessRevoked : AuditActions.VaultAccessGranted,
                $"vault-folder:{folderId}", AuditEntry.Success, new Dictionary<string, object?>
                {
                    ["principal"] = $"{principalKind}:{grantee}", ["access"] = VaultAccessNames.Name(level), ["expiresAt"] = expiresAt,
                }), ct);
        }, ct);
        return result;
    }

    public async Task<IReadOnlyList<GrantView>> GrantsAsync(VaultPrincipal principal, Guid folderId, CancellationToken ct)
    {
        _seal.EnsureUnsealed();
        if (!principal.Administrator)
        {
            await RequireAsync(principal, folderId, VaultAccess.Manage, ct);
        }
        await using var c = await _connections.OpenAsync(ct);
        return (await c.QueryAsync<GrantRow>(new CommandDefinition(
            """
            SELECT id, folder_id, principal_kind, principal_id, access, expires_at, granted_by, created_at FROM vault_grants
            WHERE folder_id = @Folder ORDER BY created_at, id
            """, new { Folder = folderId }, cancellationToken: ct)))
            .Select(g => new GrantView(g.Id, g.FolderId, g.PrincipalKind, g.PrincipalId, g.Access, g.ExpiresAt, g.GrantedBy, g.CreatedAt)).ToList();
    }

    private async Task<GrantView> InsertGrantAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction t, Guid folderId, string kind,
        Guid principalId, VaultAccess access, DateTimeOffset? expiresAt, string grantedBy, DateTimeOffset now, CancellationToken ct)
    {
        var grant = new GrantView(Ids.New(_clock), folderId, kind, principalId, VaultAccessNames.Name(access), expiresAt, grantedBy, now);
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO vault_grants (id, folder_id, principal_kind, principal_id, access, expires_at, granted_by, created_at)
            VALUES (@Id, @FolderId, @PrincipalKind, @PrincipalId, @Access, @ExpiresAt, @GrantedBy, @CreatedAt)
            """, grant, t, cancellationToken: ct));
        return grant;
    }
}
