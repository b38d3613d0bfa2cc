using Dapper;
using Vigie.Core.Audit;
using Vigie.Core.Common;
using Vigie.Core.Storage;

namespace Vigie.Core.Vault.Folders;

/// <summary>The copy of a template tree: the new top folder and how many folders and grants came with it.</summary>
public sealed record DuplicationResult(FolderView Folder, int Folders, int Grants);

/// <summary>
/// Duplicates a template folder tree for a new customer: folders, read-only flags, generator policies and rights are
/// copied, entries are not. Needs <c>manage</c> on the template, and on the target parent (or vault administration to
/// make the copy a new space, with its own data key). One transaction for the whole copy, audited.
/// </summary>
public sealed class FolderDuplication
{
    private readonly IDbConnectionFactory _connections;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _clock;
    private readonly VaultFolders _folders;

    public FolderDuplication(IDbConnectionFactory connections, IAuditLog audit, TimeProvider clock, VaultFolders folders)
    {
        _connections = connections;
        _audit = audit;
        _clock = clock;
        _folders = folders;
    }

    public async Task<DuplicationResult> DuplicateAsync(AuditActor actor, VaultPrincipal principal, Guid templateId, Guid? parentId, string? name,
        CancellationToken ct)
    {
        await _folders.RequireAsync(principal, templateId, VaultAccess.Manage, ct);
        // The new top folder follows the normal creation rules (name, siblings, right to create there); written with the rest.
        var prepared = await _folders.PrepareAsync(principal, parentId, name, false, ct);
        var top = prepared.View;
        List<TreeRow> tree;
        List<GrantRow> grants;
        await using (var c = await _connections.OpenAsync(ct))
        {
            tree = (await c.QueryAsync<TreeRow>(new CommandDefinition(
                """
                WITH RECURSIVE tree (id, parent_id, name, read_only, policy, depth) AS (
                    SELECT id, parent_id, name, read_only, policy, 0 FROM vault_folders WHERE id = @Id
                    UNION ALL
                    SELECT f.id, f.parent_id, f.name, f.read_only, f.policy, tree.depth + 1 FROM vault_folders f JOIN tree ON f.parent_id = tree.id
                )
                SELECT id, parent_id, name, read_only, policy, depth FROM tree ORDER BY depth, name
                """, new { Id = templateId }, cancellationToken: ct))).ToList();
            grants = (await c.QueryAsync<GrantRow>(new CommandDefinition(
                $"SELECT folder_id, principal_kind, principal_id, access, expires_at FROM vault_grants WHERE {_connections.Dialect.InList("folder_id", "@Ids")}",
                new { Ids = tree.Select(t => t.Id).ToArray() }, cancellationToken: ct))).ToList();
        }
        var copies = new Dictionary<Guid, Guid> { [templateId] = top.Id };
        var now = _clock.GetUtcNow();
        var copiedGrants = 0;
        await _connections.InTransactionAsync(async (c, t) =>
        {
            await _folders.InsertAsync(c, t, prepared, actor, principal, ct);
            var root = tree[0];
            await c.ExecuteAsync(new CommandDefinition("UPDATE vault_folders SET read_only = @ReadOnly, policy = @Policy WHERE id = @Id",
                new { Id = top.Id, root.ReadOnly, root.Policy }, t, cancellationToken: ct));
            foreach (var folder in tree.Skip(1))
            {
                var id = Ids.New(_clock);
                copies[folder.Id] = id;
                await c.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO vault_folders (id, parent_id, space_id, name, name_normalized, read_only, policy, created_at, updated_at)
                    VALUES (@Id, @ParentId, @SpaceId, @Name, @Normalized, @ReadOnly, @Policy, @Now, @Now)
                    """, new { Id = id, ParentId = copies[folder.ParentId!.Value], top.SpaceId, folder.Name, Normalized = folder.Name.ToLowerInvariant(),
                        folder.ReadOnly, folder.Policy, Now = now }, t, cancellationToken: ct));
            }
            foreach (var grant in grants.Where(g => g.ExpiresAt is null || g.ExpiresAt > now))
            {
                // The creator's own manage right on a new space already exists; every other right is copied as it is.
                copiedGrants += await c.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO vault_grants (id, folder_id, principal_kind, principal_id, access, expires_at, granted_by, created_at)
                    SELECT @Id, @FolderId, @PrincipalKind, @PrincipalId, @Access, @ExpiresAt, @By, @Now
                    WHERE NOT EXISTS (SELECT 1 FROM vault_grants WHERE folder_id = @FolderId AND principal_kind = @PrincipalKind AND principal_id = @PrincipalId)
                    """, new { Id = Ids.New(_clock), FolderId = copies[grant.FolderId], grant.PrincipalKind, grant.PrincipalId, grant.Access, grant.ExpiresAt,
                        By = actor.Name, Now = now }, t, cancellationToken: ct));
            }
            await _audit.AppendAsync(c, t, new AuditEntry(actor, AuditActions.VaultFolderDuplicated, $"vault-folder:{top.Id}", AuditEntry.Success,
                new Dictionary<string, object?> { ["template"] = templateId, ["folders"] = tree.Count, ["grants"] = copiedGrants }), ct);
        }, ct);
        var access = parentId is null ? VaultAccess.Manage : await _folders.AccessAsync(principal, top.Id, ct);
        return new DuplicationResult(top with { ReadOnly = tree[0].ReadOnly, Access = VaultAccessNames.Name(access) }, tree.Count, copiedGrants);
    }

    private sealed class TreeRow
    {
        public Guid Id { get; set; }
        public Guid? ParentId { get; set; }
        public string Name { get; set; } = "";
        public bool ReadOnly { get; set; }
        public string? Policy { get; set; }
        public int Depth { get; set; }
    }

    private sealed class GrantRow
    {
        public Guid FolderId { get; set; }
        public string PrincipalKind { get; set; } = "";
        public Guid PrincipalId { get; set; }
        public string Access { get; set; } = "";
        public DateTimeOffset? ExpiresAt { get; set; }
    }
}
