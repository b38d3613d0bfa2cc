using System.Text;
using Vigie.Core.Common;
using Vigie.Core.Vault.Secrets;

namespace Vigie.Core.Vault.Imports;

/// <summary>
/// CSV exports, recognised by their exact header: Bitwarden's (personal vault: <c>folder,favorite,...</c>; organisation:
/// <c>collections,...</c>) and KeePassXC's. Folder columns become subfolders (<c>Work/Servers</c>; KeePassXC's group path
/// starts with the database's root group, which stands for the target itself). A file that is not well-formed CSV, or
/// a record with a different number of fields than the header, is refused whole (400 <c>bad_file</c> with the line):
/// its columns cannot be trusted to hold what they say. Records that are well formed but unusable are skipped and
/// reported: no title, a Bitwarden card or identity, KeePassXC's recycle bin.
/// </summary>
internal static class CsvImportSource
{
    private static readonly string[] BitwardenPersonal =
        ["folder", "favorite", "type", "name", "notes", "fields", "reprompt", "login_uri", "login_username", "login_password", "login_totp"];

    private static readonly string[] BitwardenOrganisation =
        ["collections", "type", "name", "notes", "fields", "reprompt", "login_uri", "login_username", "login_password", "login_totp"];

    private static readonly string[] KeePassXc = ["Group", "Title", "Username", "Password", "URL", "Notes", "TOTP", "Icon", "Last Modified", "Created"];

    // KeePassXC's own name for it; a recycle bin renamed or in another language cannot be told from a group.
    private const string RecycleBin = "Recycle Bin";

    public static ImportContent Read(ReadOnlySpan<byte> file, int maxEntries)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(file.StartsWith("\uFEFF"u8) ? file[3..] : file);
        }
        catch (DecoderFallbackException)
        {
            throw VaultImport.BadFile("The file is not UTF-8 text.");
        }
        try
        {
            return Read(CsvRecords.Read(text), maxEntries);
        }
        catch (CsvFormatException broken)
        {
            throw VaultImport.BadFile($"Line {broken.Line}: {broken.Message}; nothing was imported.");
        }
    }

    private static ImportContent Read(IEnumerable<CsvRecord> records, int maxEntries)
    {
        using var rows = records.GetEnumerator();
        if (!rows.MoveNext())
        {
            throw VaultImport.BadFile("The file is empty.");
        }
        var header = rows.Current.Fields.Select(f => f.Trim()).ToArray();
        var (format, map) = header.SequenceEqual(BitwardenPersonal) || header.SequenceEqual(BitwardenOrganisation)
            ? ("bitwarden-csv", (Func<Dictionary<string, string>, int, Row>)Bitwarden)
            : header.SequenceEqual(KeePassXc) ? ("keepassxc-csv", KeePassXcRow)
            : throw new ProblemException(400, "unknown_csv_format", "The CSV header is not one Vigie imports.",
                $"Expected Bitwarden's header ({string.Join(',', BitwardenPersonal)}, or with collections instead of folder,favorite) "
                + $"or KeePassXC's ({string.Join(',', KeePassXc.Select(h => $"\"{h}\""))}).");
        var entries = new List<ImportedEntry>();
        var skipped = new List<ImportSkip>();
        var folders = new List<IReadOnlyList<string>>();
        var rowCount = 0;
        while (rows.MoveNext())
        {
            var record = rows.Current;
            if (record.Fields.Count != header.Length)
            {
                throw VaultImport.BadFile($"Line {record.Line}: {record.Fields.Count} fields where the header has {header.Length}; nothing was imported.");
            }
            if (++rowCount > maxEntries)
            {
                throw VaultImport.BadFile($"The file holds more than {maxEntries} entries; split it.");
            }
            var row = map(header.Zip(record.Fields).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal), record.Line);
            var folderPath = string.Join('/', row.Folder);
            if (row.Skip is { } skip)
            {
                skipped.Add(new ImportSkip(skip.Code, skip.Reason, record.Line, folderPath, Blank(row.Entry.Title)));
                continue;
            }
            if (string.IsNullOrWhiteSpace(row.Entry.Title))
            {
                skipped.Add(new ImportSkip("no_title", "The entry has no title.", record.Line, folderPath, null));
                continue;
            }
            folders.Add(row.Folder);
            entries.Add(row.Entry);
        }
        return new ImportContent(format, folders, entries, skipped);
    }

    private static Row Bitwarden(Dictionary<string, string> c, int line)
    {
        var folder = FolderPath.Split(c.TryGetValue("folder", out var personal) ? personal : FirstCollection(c["collections"]));
        var kind = c["type"].Trim().ToLowerInvariant();
        var fields = new List<CustomField>();
        foreach (var text in c["fields"].Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Bitwarden writes "name: value" and loses whether a field was hidden: they are all kept masked.
            var colon = text.IndexOf(": ", StringComparison.Ordinal);
            fields.Add(colon < 0 ? new CustomField(text, null, true) : new CustomField(text[..colon], text[(colon + 2)..], true));
        }
        var uris = c["login_uri"].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        fields.AddRange(uris.Skip(1).Select((u, i) => new CustomField($"URL {i + 2}", u, false)));
        if (Blank(c["login_totp"]) is { } totp)
        {
            fields.Add(new CustomField("TOTP", totp, true));
        }
        var tags = c.TryGetValue("favorite", out var favorite) && favorite.Trim() == "1" ? new[] { "favorite" } : [];
        var state = new ImportedState(Blank(c["login_username"]), Nonempty(c["login_password"]), Blank(c["notes"]), fields, null);
        var entry = new ImportedEntry(folder, line, kind == "note" ? "note" : "login", c["name"].Trim(), uris.FirstOrDefault(), tags, [state]);
        return kind is "login" or "note"
            ? new Row(folder, entry, null)
            : new Row(folder, entry, ("unsupported_type", $"Bitwarden '{Shorten(kind)}' items are not imported (logins and notes only)."));
    }

    private static Row KeePassXcRow(Dictionary<string, string> c, int line)
    {
        var path = FolderPath.Split(c["Group"]);
        // The first segment is the database's root group: the import's target.
        var folder = path.Count > 0 ? path.Skip(1).ToList() : path;
        var fields = Blank(c["TOTP"]) is { } totp ? new List<CustomField> { new("TOTP", totp, true) } : [];
        var state = new ImportedState(Blank(c["Username"]), Nonempty(c["Password"]), Blank(c["Notes"]), fields, null);
        var entry = new ImportedEntry(folder, line, "login", c["Title"].Trim(), Blank(c["URL"]), [], [state]);
        return folder.Count > 0 && folder[0] == RecycleBin
            ? new Row(folder, entry, ("recycle_bin", "The entry is in KeePassXC's recycle bin."))
            : new Row(folder, entry, null);
    }

    private static string FirstCollection(string collections) => collections.Split(',', StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    // Passwords keep their spaces: only an empty one means none.
    private static string? Nonempty(string text) => text.Length == 0 ? null : text;

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40];

    private sealed record Row(IReadOnlyList<string> Folder, ImportedEntry Entry, (string Code, string Reason)? Skip);
}
