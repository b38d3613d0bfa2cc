using Vigie.Core.Vault.Folders;

namespace Vigie.Core.Vault.Backup;

/// <summary>
/// The first pass of a restore: checks every record of the export (structure, references to folders written before,
/// limits the vault itself enforces) and remembers what the second pass needs: the folder tree and the grants.
/// </summary>
internal sealed class RestorePlan
{
    private const int MaxName = 200;
    private const int MaxTitle = 200;
    private readonly HashSet<Guid> _grantIds = [];
    private readonly HashSet<Guid> _secretIds = [];
    private readonly HashSet<(Guid?, string)> _siblings = [];
    private readonly HashSet<(Guid, string, Guid)> _grantTargets = [];

    public Dictionary<Guid, (Guid? ParentId, Guid SpaceId, string Name)> Folders { get; } = [];

    public List<GrantRecord> Grants { get; } = [];

    public int Secrets { get; private set; }

    public int Versions { get; private set; }

    public void Check(ExportRecord record)
    {
        switch (record)
        {
            case FolderRecord folder:
                CheckFolder(folder);
                break;
            case GrantRecord grant:
                CheckGrant(grant);
                break;
            case SecretRecord secret:
                CheckSecret(secret);
                break;
        }
    }

    /// <summary>The folder's path from its space, for people reading the report.</summary>
    public string PathOf(Guid folderId)
    {
        var parts = new List<string>();
        for (Guid? id = folderId; id is { } current && Folders.TryGetValue(current, out var folder); id = folder.ParentId)
        {
            parts.Insert(0, folder.Name);
        }
        return string.Join('/', parts);
    }

    private void CheckFolder(FolderRecord folder)
    {
        var name = folder.Name?.Trim() ?? "";
        if (folder.Id == Guid.Empty || Folders.ContainsKey(folder.Id))
        {
            throw ExportProblems.Invalid($"Folder {folder.Id} has no id, or appears twice.");
        }
        if (name.Length is 0 or > MaxName || name.Any(char.IsControl) || name.Contains('/'))
        {
            throw ExportProblems.Invalid($"Folder {folder.Id} has an invalid name.");
        }
        Guid space;
        if (folder.ParentId is { } parent)
        {
            if (!Folders.TryGetValue(parent, out var p))
            {
                throw ExportProblems.Invalid($"Folder {folder.Id} comes before its parent {parent}, or its parent is missing.");
            }
            space = p.SpaceId;
        }
        else
        {
            space = folder.Id;
        }
        if (folder.SpaceId != space)
        {
            throw ExportProblems.Invalid($"Folder {folder.Id} names space {folder.SpaceId}, but its parents lead to {space}.");
        }
        if (!_siblings.Add((folder.ParentId, name.ToLowerInvariant())))
        {
            throw ExportProblems.Invalid($"Folder {folder.Id} has the name of one of its siblings.");
        }
        Folders[folder.Id] = (folder.ParentId, space, name);
    }

    private void CheckGrant(GrantRecord grant)
    {
        if (grant.Id == Guid.Empty || !_grantIds.Add(grant.Id) || !Folders.ContainsKey(grant.FolderId) || grant.PrincipalKind is not ("user" or "group")
            || grant.PrincipalId == Guid.Empty || !VaultAccessNames.TryParse(grant.Access, out var access) || access == VaultAccess.None
            || string.IsNullOrEmpty(grant.GrantedBy) || !_grantTargets.Add((grant.FolderId, grant.PrincipalKind, grant.PrincipalId)))
        {
            throw ExportProblems.Invalid($"Grant {grant.Id} is incomplete, repeated, or on a folder the export does not hold.");
        }
        Grants.Add(grant);
    }

    private void CheckSecret(SecretRecord secret)
    {
        if (secret.Id == Guid.Empty || !_secretIds.Add(secret.Id) || !Folders.ContainsKey(secret.FolderId))
        {
            throw ExportProblems.Invalid($"Entry {secret.Id} has no id, appears twice, or is in a folder the export does not hold.");
        }
        var title = secret.Title?.Trim() ?? "";
        if (secret.Kind is not ("login" or "note") || title.Length is 0 or > MaxTitle || title.Any(char.IsControl))
        {
            throw ExportProblems.Invalid($"Entry {secret.Id} has an invalid kind or title.");
        }
        var versions = secret.Versions ?? [];
        if (versions.Count == 0 || versions.Any(v => v is null || v.Version < 1 || string.IsNullOrEmpty(v.CreatedBy))
            || versions.Zip(versions.Skip(1)).Any(p => p.Second.Version <= p.First.Version) || versions[^1].Version != secret.Version)
        {
            throw ExportProblems.Invalid($"Entry {secret.Id} has no versions, versions out of order, or a current version it does not hold.");
        }
        if (versions.Any(v => (v.Fields ?? []).Any(f => f is null || string.IsNullOrWhiteSpace(f.Name))) || (secret.Tags ?? []).Any(t => t is null))
        {
            throw ExportProblems.Invalid($"Entry {secret.Id} has a field without a name, or an empty tag.");
        }
        Secrets++;
        Versions += versions.Count;
    }
}
