using Vigie.Core.Vault.Secrets;

namespace Vigie.Core.Vault.Imports;

/// <summary>
/// An entry read from a file, before any check: the folder path below the import's target (empty: the target itself),
/// where it was (CSV line), and its states oldest first — the last one current. Title, URL and tags are the current
/// state's (the vault keeps them on the entry, not per version). <c>Attachments</c> names the files attached to it in
/// the source, which the vault does not keep.
/// </summary>
internal sealed record ImportedEntry(
    IReadOnlyList<string> Folder,
    int? Line,
    string Kind,
    string Title,
    string? Url,
    IReadOnlyList<string> Tags,
    IReadOnlyList<ImportedState> States,
    IReadOnlyList<string>? Attachments = null);

/// <summary>One state of an imported entry; <c>At</c> is when the source says it was made, if it says.</summary>
internal sealed record ImportedState(string? Username, string? Password, string? Notes, IReadOnlyList<CustomField> Fields, DateTimeOffset? At);

/// <summary>What a file holds: every folder path (empty groups too), the entries, and what was left out while reading it.</summary>
internal sealed record ImportContent(string Format, IReadOnlyList<IReadOnlyList<string>> Folders, IReadOnlyList<ImportedEntry> Entries,
    IReadOnlyList<ImportSkip> Skipped);
