namespace Vigie.Core.Vault.Backup;

/// <summary>What a restore did: what it wrote, and the grants it could not restore as they were.</summary>
public sealed record RestoreReport(
    DateTimeOffset ExportCreatedAt,
    string ExportServerVersion,
    int Folders,
    int Spaces,
    int Grants,
    int Secrets,
    int Versions,
    IReadOnlyList<RestoredGrantNote> SkippedGrants,
    IReadOnlyList<RestoredGrantNote> RemappedGrants);

/// <summary>
/// A grant of the export that was skipped (its principal does not exist here) or given to another principal of the same
/// name (<c>RestoredAs</c>, when matching by name was asked for).
/// </summary>
public sealed record RestoredGrantNote(Guid FolderId, string Folder, string PrincipalKind, Guid PrincipalId, string? PrincipalName, string Access,
    Guid? RestoredAs, string Reason);

/// <summary>How to restore: by default a grant is restored only to the principal with the same id.</summary>
public sealed record RestoreOptions(bool MatchPrincipalsByName = false);
