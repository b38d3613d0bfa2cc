using System.Data.Common;
using Dapper;
using Vigie.Core.Storage;

namespace Vigie.Core.Vault.Folders;

/// <summary>
/// The effective right of a principal on folders: the highest unexpired grant to the user or one of their groups on the
/// folder or any ancestor, capped at <c>read</c> below a read-only folder for anyone but its managers. Administrators
/// see every folder's name (to administer rights) but read nothing they were not granted.
/// </summary>
internal static class FolderAccessQuery
{
    public static async Task<VaultAccess> OfAsync(PreparedReads reads, SqlDialect dialect, VaultPrincipal principal, Guid folderId,
        DateTimeOffset now, CancellationToken ct)
    {
        // One statement: the folder's chain of ancestors, each with the principal's unexpired grants there (or none).
        var rows = await reads.QueryAsync<ChainRow>(
            $"""
            WITH RECURSIVE chain (id, parent_id, read_only) AS (
                SELECT id, parent_id, read_only FROM vault_folders WHERE id = @Id
                UNION ALL
                SELECT f.id, f.parent_id, f.read_only FROM vault_folders f JOIN chain ON f.id = chain.parent_id
            )
            SELECT chain.id, chain.read_only, g.access FROM chain
            LEFT JOIN vault_grants g ON g.folder_id = chain.id AND (g.expires_at IS NULL OR g.expires_at > @Now)
                AND ((g.principal_kind = 'user' AND g.principal_id = @User) OR (g.principal_kind = 'group' AND {dialect.InList("g.principal_id", "@Groups")}))
            """, [("Id", folderId), ("Now", now), ("User", principal.UserId), ("Groups", principal.Groups.ToArray())], int.MaxValue, ct);
        if (rows.Count == 0)
        {
            return VaultAccess.None;
        }
        var grants = rows.Where(r => r.Access is not null).Select(r => r.Access!);
        return Cap(Effective(grants, rows.Any(r => r.ReadOnly), principal.Administrator), principal, rows.Select(r => r.Id).Distinct());
    }

    private sealed class ChainRow
    {
        public Guid Id { get; set; }
        public bool ReadOnly { get; set; }
        public string? Access { get; set; }
    }

    /// <summary>A folder-scoped token reaches only its folders and their subfolders, with at most the right it names there.</summary>
    private static VaultAccess Cap(VaultAccess access, VaultPrincipal principal, IEnumerable<Guid> chain)
    {
        if (principal.TokenFolders is not { } scoped)
        {
            return access;
        }
        var allowed = chain.Select(id => scoped.TryGetValue(id, out var a) ? a : VaultAccess.None).DefaultIfEmpty(VaultAccess.None).Max();
        return (VaultAccess)Math.Min((int)access, (int)allowed);
    }

    /// <summary>Every folder the principal can at least list, with the right they hold there.</summary>
    public static async Task<Dictionary<Guid, VaultAccess>> AllAsync(DbConnection c, SqlDialect dialect, VaultPrincipal principal, DateTimeOffset now,
        CancellationToken ct)
    {
        var folders = (await c.QueryAsync<(Guid Id, Guid? ParentId, bool ReadOnly)>(new CommandDefinition(
            "SELECT id, parent_id, read_only FROM vault_folders", cancellationToken: ct))).ToDictionary(f => f.Id);
        var grants = (await c.QueryAsync<(Guid FolderId, string Access)>(new CommandDefinition(
            $"""
            SELECT folder_id, access FROM vault_grants WHERE (expires_at IS NULL OR expires_at > @Now)
              AND ((principal_kind = 'user' AND principal_id = @User) OR (principal_kind = 'group' AND {dialect.InList("principal_id", "@Groups")}))
            """, new { Now = now, User = principal.UserId, Groups = principal.Groups.ToArray() }, cancellationToken: ct))).ToLookup(g => g.FolderId, g => g.Access);
        var result = new Dictionary<Guid, VaultAccess>();
        foreach (var folder in folders.Values)
        {
            var inherited = new List<string>();
            var chain = new List<Guid>();
            var readOnly = false;
            for (Guid? id = folder.Id; id is { } current && folders.TryGetValue(current, out var f); id = f.ParentId)
            {
                inherited.AddRange(grants[current]);
                chain.Add(current);
                readOnly |= f.ReadOnly;
            }
            var access = Cap(Effective(inherited, readOnly, principal.Administrator), principal, chain);
            if (access >= VaultAccess.List)
            {
                result[folder.Id] = access;
            }
        }
        return result;
    }

    private static VaultAccess Effective(IEnumerable<string> grants, bool readOnly, bool administrator)
    {
        var access = grants.Select(g => VaultAccessNames.TryParse(g, out var a) ? a : VaultAccess.None).DefaultIfEmpty(VaultAccess.None).Max();
        if (readOnly && access < VaultAccess.Manage)
        {
            access = (VaultAccess)Math.Min((int)access, (int)VaultAccess.Read);
        }
        return administrator && access < VaultAccess.List ? VaultAccess.List : access;
    }
}
