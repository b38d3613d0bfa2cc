namespace Vigie.Core.Vault.Imports;

/// <summary>
/// What an import did — or, with <see cref="DryRun"/>, would do: the detected <see cref="Format"/> (<c>kdbx</c>,
/// <c>bitwarden-csv</c>, <c>keepassxc-csv</c>), the subfolders created under the target (paths relative to it), the
/// entries and versions stored (history included), the history states dropped beyond <c>Vault:HistoryVersions</c>, and
/// the entries left out with why and where (the first <see cref="MaxListedSkips"/>; <see cref="SkippedCount"/> counts
/// them all). Titles and folder names only: never a value.
/// </summary>
public sealed record ImportReport(
    string Format,
    bool DryRun,
    Guid FolderId,
    int FoldersCreated,
    IReadOnlyList<string> NewFolders,
    int Entries,
    int Versions,
    int HistoryTrimmed,
    int SkippedCount,
    IReadOnlyList<ImportSkip> Skipped)
{
    public const int MaxListedSkips = 1000;
}

/// <summary>
/// An entry left out: a stable <see cref="Code"/> (<c>no_title</c>, <c>duplicate</c>, <c>invalid</c>,
/// <c>unsupported_type</c>, <c>recycle_bin</c>), a readable reason, where it was (the CSV line its record starts on, or
/// for KDBX the group path relative to the target) and its title when it has one.
/// </summary>
public sealed record ImportSkip(string Code, string Reason, int? Line, string Folder, string? Title);
