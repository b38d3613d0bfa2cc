using System.Data.Common;
using Dapper;
using Vigie.Core.Common;
using Vigie.Core.Storage;
using Vigie.Core.Vault.Folders;

namespace Vigie.Core.Vault.Imports;

/// <summary>
/// Where an import's entries go: the file's folder paths matched against the subfolders already under the target
/// (by name, ignoring case, so a second import of the same file reuses them), the missing ones to create (parents
/// first), and the titles already present in the existing ones. The import's <c>write</c> right on the target lets it
/// create subfolders, but an existing subfolder it writes into or below must grant <c>write</c> too (a read-only
/// subfolder does not, to anyone but its managers): otherwise the import is refused whole (403, audited).
/// </summary>
internal sealed class ImportPlan
{
    private readonly Dictionary<string, Guid> _byPath = new(StringComparer.Ordinal);
    private readonly HashSet<(Guid Folder, string Title)> _titles = [];

    private ImportPlan(Guid target) => _byPath[""] = target;

    public List<NewFolder> NewFolders { get; } = [];

    public Guid SpaceId { get; private set; }

    public Guid FolderOf(IReadOnlyList<string> path) => _byPath[FolderPath.Key(path)];

    public bool HasTitle(Guid folder, string title) => _titles.Contains((folder, title.Trim().ToLowerInvariant()));

    public static async Task<ImportPlan> BuildAsync(IDbConnectionFactory connections, VaultFolders folders, TimeProvider clock, VaultPrincipal principal,
        Guid target, IEnumerable<IReadOnlyList<string>> paths, CancellationToken ct)
    {
        var plan = new ImportPlan(target);
        List<FolderRow> tree;
        await using (var c = await connections.OpenAsync(ct))
        {
            tree = (await c.QueryAsync<FolderRow>(new CommandDefinition(
                """
                WITH RECURSIVE tree (id, parent_id, name_normalized) AS (
                    SELECT id, parent_id, name_normalized FROM vault_folders WHERE id = @Id
                    UNION ALL
                    SELECT f.id, f.parent_id, f.name_normalized FROM vault_folders f JOIN tree ON f.parent_id = tree.id
                )
                SELECT id, parent_id, name_normalized FROM tree
                """, new { Id = target }, cancellationToken: ct))).ToList();
            plan.SpaceId = await c.QueryFirstAsync<Guid>(new CommandDefinition("SELECT space_id FROM vault_folders WHERE id = @Id", new { Id = target },
                cancellationToken: ct));
        }
        var children = tree.Where(f => f.ParentId is not null).ToDictionary(f => (f.ParentId!.Value, f.NameNormalized), f => f.Id);
        var existingUsed = new HashSet<Guid> { target };
        foreach (var path in paths)
        {
            var parent = target;
            for (var depth = 1; depth <= path.Count; depth++)
            {
                var key = FolderPath.Key(path.Take(depth));
                if (plan._byPath.TryGetValue(key, out var known))
                {
                    parent = known;
                    continue;
                }
                var name = path[depth - 1];
                if (children.TryGetValue((parent, name.ToLowerInvariant()), out var existing))
                {
                    existingUsed.Add(existing);
                    parent = existing;
                }
                else
                {
                    var created = new NewFolder(Ids.New(clock), parent, name, string.Join('/', path.Take(depth)));
                    plan.NewFolders.Add(created);
                    parent = created.Id;
                }
                plan._byPath[key] = parent;
            }
        }
        foreach (var folder in existingUsed.Where(f => f != target))
        {
            await folders.RequireAsync(principal, folder, VaultAccess.Write, ct);
        }
        await using (var c = await connections.OpenAsync(ct))
        {
            var titles = await c.QueryAsync<(Guid FolderId, string TitleNormalized)>(new CommandDefinition(
                $"SELECT folder_id, title_normalized FROM vault_secrets WHERE {connections.Dialect.InList("folder_id", "@Folders")}",
                new { Folders = existingUsed.ToArray() }, cancellationToken: ct));
            plan._titles.UnionWith(titles.Select(t => (t.FolderId, t.TitleNormalized)));
        }
        return plan;
    }

    /// <summary>Creates the new folders in the caller's transaction, in the target's space (they share its data key).</summary>
    public async Task InsertFoldersAsync(DbConnection c, DbTransaction t, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var folder in NewFolders)
        {
            await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO vault_folders (id, parent_id, space_id, name, name_normalized, read_only, created_at, updated_at)
                VALUES (@Id, @ParentId, @SpaceId, @Name, @Normalized, @ReadOnly, @Now, @Now)
                """, new { folder.Id, folder.ParentId, SpaceId, folder.Name, Normalized = folder.Name.ToLowerInvariant(), ReadOnly = false, Now = now },
                t, cancellationToken: ct));
        }
    }

    internal sealed record NewFolder(Guid Id, Guid ParentId, string Name, string Path);
}
