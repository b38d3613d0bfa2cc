using Dapper;
using Vigie.Core.Audit;
using Vigie.Core.Common;
using Vigie.Core.Storage;
using Vigie.Core.Vault.Folders;
using Vigie.Core.Vault.Kdbx;
using Vigie.Core.Vault.Secrets;

namespace Vigie.Core.Vault.Exports;

/// <summary>
/// A KeePass (KDBX 4) file of a folder branch for technicians working offline: the branch's folders as groups, the
/// entries the caller may read with their kept versions as KeePass history, passwords and secret fields protected.
/// The file key comes from the password the caller gives (AES-KDF, or Argon2id when libargon2 is present). Needs
/// <c>read</c> on the folder; subfolders the caller cannot read are left out. The export is audited before the file
/// is written (no audit row, no file).
/// </summary>
public sealed class KdbxBranchExport
{
    public const int MinPasswordLength = 12;
    private readonly IDbConnectionFactory _connections;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _clock;
    private readonly VaultFolders _folders;
    private readonly VaultSecrets _secrets;

    public KdbxBranchExport(IDbConnectionFactory connections, IAuditLog audit, TimeProvider clock, VaultFolders folders, VaultSecrets secrets)
    {
        _connections = connections;
        _audit = audit;
        _clock = clock;
        _folders = folders;
        _secrets = secrets;
    }

    public async Task<int> ExportAsync(AuditActor actor, VaultPrincipal principal, Guid folderId, string? password, string? kdf, Stream output,
        CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (password is null || password.Length < MinPasswordLength)
        {
            errors.Add("password", $"must be at least {MinPasswordLength} characters");
        }
        if (kdf is not (null or "aes" or "argon2id"))
        {
            errors.Add("kdf", "must be aes or argon2id");
        }
        else if (kdf == "argon2id" && !KdbxWriteOptions.IsArgon2Available)
        {
            errors.Add("kdf", "argon2id needs libargon2 on the server (Debian package libargon2-1)");
        }
        errors.ThrowIfAny();
        await _folders.RequireAsync(principal, folderId, VaultAccess.Read, ct);

        List<(Guid Id, Guid? ParentId, string Name)> tree;
        List<(Guid Id, Guid FolderId)> entries;
        Dictionary<Guid, VaultAccess> access;
        await using (var c = await _connections.OpenAsync(ct))
        {
            access = await FolderAccessQuery.AllAsync(c, _connections.Dialect, principal, _clock.GetUtcNow(), ct);
            tree = (await c.QueryAsync<(Guid, Guid?, string)>(new CommandDefinition(
                """
                WITH RECURSIVE tree (id, parent_id, name, depth) AS (
                    SELECT id, parent_id, name, 0 FROM vault_folders WHERE id = @Id
                    UNION ALL
                    SELECT f.id, f.parent_id, f.name, tree.depth + 1 FROM vault_folders f JOIN tree ON f.parent_id = tree.id
                )
                SELECT id, parent_id, name FROM tree ORDER BY depth, name
                """, new { Id = folderId }, cancellationToken: ct))).Where(f => access.GetValueOrDefault(f.Item1) >= VaultAccess.Read).ToList();
            entries = (await c.QueryAsync<(Guid, Guid)>(new CommandDefinition(
                $"SELECT id, folder_id FROM vault_secrets WHERE {_connections.Dialect.InList("folder_id", "@Folders")} ORDER BY title_normalized, id",
                new { Folders = tree.Select(f => f.Id).ToArray() }, cancellationToken: ct))).ToList();
        }

        using var database = new KdbxDatabase { Name = tree[0].Name, Description = $"Vigie export of {tree[0].Name}" };
        var groups = new Dictionary<Guid, KdbxGroup> { [folderId] = database.Root };
        database.Root.Name = tree[0].Name;
        database.Root.Uuid = folderId;
        foreach (var (id, parentId, name) in tree.Skip(1))
        {
            if (parentId is { } parent && groups.TryGetValue(parent, out var parentGroup))
            {
                var group = new KdbxGroup { Uuid = id, Name = name };
                parentGroup.Groups.Add(group);
                groups[id] = group;
            }
        }
        var exported = 0;
        // Each entry written into the file is revealed to whoever holds it: audited like a reveal, with the export's row.
        var reveals = new List<AuditEntry>();
        foreach (var (id, folder) in entries)
        {
            if (!groups.TryGetValue(folder, out var group))
            {
                continue;
            }
            var summary = await _secrets.GetAsync(principal, id, ct);
            var versions = await _secrets.VersionsForExportAsync(id, folder, ct);
            var current = Entry(id, summary, versions[^1].Payload);
            foreach (var (_, payload) in versions.SkipLast(1))
            {
                current.History.Add(Entry(id, summary, payload));
            }
            group.Entries.Add(current);
            exported++;
            reveals.Add(new AuditEntry(actor, AuditActions.VaultSecretRevealed, $"vault-secret:{id}", AuditEntry.Success, new Dictionary<string, object?>
            {
                ["version"] = versions[^1].Version, ["title"] = summary.Title, ["via"] = "kdbx-export", ["versions"] = versions.Count,
            }));
        }

        await _connections.InTransactionAsync(async (c, t) =>
            await _audit.AppendManyAsync(c, t, [new AuditEntry(actor, AuditActions.VaultFolderExported, $"vault-folder:{folderId}", AuditEntry.Success,
                new Dictionary<string, object?> { ["format"] = "kdbx", ["entries"] = exported, ["kdf"] = kdf ?? "aes" }), .. reveals], ct), ct);
        using var credentials = KdbxCredentials.FromPassword(password);
        var options = kdf == "argon2id" ? new KdbxWriteOptions { Kdf = KdbxKdf.Argon2id } : new KdbxWriteOptions();
        KdbxWriter.Write(output, database, credentials, options, ct);
        return exported;
    }

    private static KdbxEntry Entry(Guid id, SecretSummary summary, SecretPayload payload)
    {
        var entry = new KdbxEntry
        {
            Uuid = id,
            Title = summary.Title,
            UserName = payload.Username ?? "",
            Password = KdbxSecret.FromChars(payload.Password ?? ""),
            Url = summary.Url ?? "",
            Notes = payload.Notes ?? "",
            Created = summary.CreatedAt,
            Modified = summary.UpdatedAt,
        };
        entry.Tags.AddRange(summary.Tags);
        foreach (var field in payload.Fields)
        {
            entry.Fields.Add(new KdbxField(field.Name, KdbxSecret.FromChars(field.Value ?? ""), field.Secret));
        }
        return entry;
    }
}
