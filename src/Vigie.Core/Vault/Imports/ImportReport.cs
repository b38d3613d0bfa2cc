namespace Vigie.Core.Vault.Imports;

/// <summary>
/// What an import did — or, with <see cref="DryRun"/>, would do: the detected <see cref="Format"/> (<c>kdbx</c>,
/// <c>bitwarden-csv</c>, <c>keepassxc-csv</c>), the subfolders created under the target (paths relative to it), the
/// entries and versions stored (history included), the history states dropped beyond <c>Vault:HistoryVersions</c>, and
/// the entries left out with why and where (the first <see cref="MaxListedSkips"/>; <see cref="SkippedCount"/> counts
/// them all), and the parts of imported entries left behind (<see cref="NotImported"/>, the first
/// <see cref="MaxListedSkips"/>; <see cref="NotImportedCount"/> counts them all: KeePass attachments). Titles,
/// folder and file names only: never a value.
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
    IReadOnlyList<ImportSkip> Skipped,
    int NotImportedCount,
    IReadOnlyList<ImportLoss> NotImported)
{
    public const int MaxListedSkips = 1000;
}
