using Vigie.Core.Vault.Kdbx;
using Vigie.Core.Vault.Secrets;

namespace Vigie.Core.Vault.Imports;

/// <summary>
/// A KeePass database as vault content: the root group stands for the target folder, its groups become subfolders
/// (empty ones too; the reader has already left out the recycle bin), entries become logins with their history as
/// earlier versions. Protected custom fields become secret fields. Entries without a title are skipped and reported;
/// attached files are not imported (the vault does not store files in entries) and are reported by name.
/// </summary>
internal static class KdbxImportSource
{
    public static ImportContent Read(KdbxDatabase database, int maxEntries)
    {
        var folders = new List<IReadOnlyList<string>>();
        var entries = new List<ImportedEntry>();
        var skipped = new List<ImportSkip>();
        Walk(database.Root, [], folders, entries, skipped, maxEntries);
        return new ImportContent("kdbx", folders, entries, skipped);
    }

    private static void Walk(KdbxGroup group, IReadOnlyList<string> path, List<IReadOnlyList<string>> folders, List<ImportedEntry> entries,
        List<ImportSkip> skipped, int maxEntries)
    {
        folders.Add(path);
        foreach (var entry in group.Entries)
        {
            if (entries.Count + skipped.Count >= maxEntries)
            {
                throw VaultImport.BadFile($"The file holds more than {maxEntries} entries; split it.");
            }
            if (string.IsNullOrWhiteSpace(entry.Title))
            {
                skipped.Add(new ImportSkip("no_title", "The entry has no title.", null, string.Join('/', path), null));
                continue;
            }
            var states = entry.History.Append(entry).Select(State).ToList();
            var attachments = entry.History.SelectMany(h => h.Attachments).Concat(entry.Attachments).Distinct(StringComparer.Ordinal).ToList();
            entries.Add(new ImportedEntry(path, null, "login", entry.Title.Trim(), Blank(entry.Url), entry.Tags, states, attachments));
        }
        foreach (var child in group.Groups)
        {
            Walk(child, [.. path, FolderPath.Clean(child.Name)], folders, entries, skipped, maxEntries);
        }
    }

    private static ImportedState State(KdbxEntry state) => new(
        Blank(state.UserName),
        state.Password.IsEmpty ? null : state.Password.Reveal(),
        Blank(state.Notes),
        state.Fields.Select(f => new CustomField(f.Name, f.Value.Reveal(), f.IsProtected)).ToList(),
        state.Modified == default ? null : state.Modified);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
