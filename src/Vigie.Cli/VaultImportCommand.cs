using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using Vigie.Core.Vault.Folders;
using Vigie.Core.Vault.Imports;

namespace Vigie.Cli;

/// <summary>
/// <c>vigie vault import FILE --folder F [--format kdbx|csv] [--dry-run]</c>: a KeePass database or a Bitwarden /
/// KeePassXC CSV export into a vault folder, all or nothing. A KDBX password is read from one line of stdin
/// (<c>--password-stdin</c>), else <c>VIGIE_FILE_PASSWORD</c>, else a hidden prompt — never from the command line — and
/// sent base64-encoded in the request's <c>X-Vigie-File-Password</c> header.
/// </summary>
internal static class VaultImportCommand
{
    public const string PasswordVariable = "VIGIE_FILE_PASSWORD";
    private const int ShownSkips = 20;

    // Tens of thousands of entries are encrypted and written in one transaction before the server answers.
    private static readonly TimeSpan ImportTimeout = TimeSpan.FromMinutes(10);

    public static Command Create(CommandHost host)
    {
        var file = new Argument<string>("file") { Description = "A KeePass database (.kdbx) or a Bitwarden / KeePassXC CSV export (.csv)" };
        var folder = new Option<string>("--folder") { Description = "The target folder: its id or its path (Clients/Acme)", Required = true };
        var format = new Option<string?>("--format") { Description = "kdbx or csv (default: from the file's extension)" };
        format.AcceptOnlyFromAmong("kdbx", "csv");
        var dryRun = new Option<bool>("--dry-run") { Description = "Read and check the file and report what would be imported; write nothing" };
        var passwordStdin = new Option<bool>("--password-stdin")
        {
            Description = $"Read the KDBX file's password from one line of standard input (else {PasswordVariable}, else a prompt)",
        };
        var command = new Command("import",
            "Import a KeePass database or a Bitwarden / KeePassXC CSV export into a folder: its groups become subfolders, KeePass history earlier versions; "
            + "entries whose title is already in their folder are skipped; a file that cannot be read imports nothing")
        {
            file, folder, format, dryRun, passwordStdin,
        };
        host.Handle(command, async (context, ct) =>
        {
            var path = context.Value(file)!;
            var kind = context.Value(format) ?? FormatOf(path)
                ?? throw CliException.Usage($"cannot tell the format of '{Path.GetFileName(path)}' from its name: pass --format kdbx or --format csv");
            using var stream = Open(path);
            using var api = context.Authenticated();
            var target = await ResolveAsync(api, context.Value(folder)!, ct);
            var headers = new Dictionary<string, string>();
            if (kind == "kdbx")
            {
                var password = Encoding.UTF8.GetBytes(await context.Passwords.ReadSecretAsync(context.Value(passwordStdin), "file password", PasswordVariable,
                    "--password-stdin", ct));
                headers["X-Vigie-File-Password"] = Convert.ToBase64String(password);
                CryptographicOperations.ZeroMemory(password);
            }
            var route = QueryString.Append($"api/v1/vault/folders/{target}/import", ("format", kind), ("dryRun", context.Value(dryRun) ? "true" : "false"));
            var name = Path.GetFileName(path);
            var body = await UploadProgress.ShowAsync(context.Console, name, stream.Length,
                sent => api.UploadAsync(route, new ProgressStream(stream, sent), stream.Length, ImportTimeout, ct, headers));
            if (context.Json)
            {
                context.Output.RawJson(body);
            }
            else
            {
                Print(context.Output, name, WireJson.Read<ImportReport>(body));
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static string? FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".kdbx" => "kdbx",
        ".csv" => "csv",
        _ => null,
    };

    private static FileStream Open(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var reason = ex switch
            {
                FileNotFoundException or DirectoryNotFoundException => "no such file",
                UnauthorizedAccessException => "permission denied",
                _ => ex.Message,
            };
            throw new CliException(ExitCodes.Failure, $"cannot read {path}: {reason}", ["nothing was uploaded"]);
        }
    }

    /// <summary>A folder id as it is (the server tells whether it exists), or a path of the folders the caller can see.</summary>
    private static async Task<Guid> ResolveAsync(ApiClient api, string idOrPath, CancellationToken ct)
    {
        if (Guid.TryParse(idOrPath, out var id))
        {
            return id;
        }
        var folders = WireJson.Read<List<FolderView>>(await api.GetAsync("api/v1/vault/folders", ct));
        var byId = folders.ToDictionary(f => f.Id);
        string PathOf(FolderView f) => f.ParentId is { } parent && byId.TryGetValue(parent, out var up) ? $"{PathOf(up)}/{f.Name}" : f.Name;
        var wanted = string.Join('/', idOrPath.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var matches = folders.Where(f => string.Equals(PathOf(f), wanted, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count switch
        {
            1 => matches[0].Id,
            0 => throw new CliException(ExitCodes.NotFound, $"no vault folder '{wanted}'", ["give its id, or its path from a folder you can see"]),
            _ => throw new CliException(ExitCodes.Failure, $"{matches.Count} folders you can see are called '{wanted}': give the id of one",
                [.. matches.Select(f => f.Id.ToString())]),
        };
    }

    private static void Print(Output output, string name, ImportReport report)
    {
        output.Line($"{name}: {report.Format}{(report.DryRun ? ", dry run: nothing was written" : "")}");
        output.Fields(
        [
            (report.DryRun ? "folders to create" : "folders created", $"{report.FoldersCreated}{(report.NewFolders.Count > 0 ? $" ({string.Join(", ", report.NewFolders)})" : "")}"),
            ("entries", report.Entries.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("versions", $"{report.Versions}{(report.HistoryTrimmed > 0 ? $" ({report.HistoryTrimmed} older history states beyond the vault's limit left out)" : "")}"),
            ("skipped", report.SkippedCount.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ]);
        foreach (var skip in report.Skipped.Take(ShownSkips))
        {
            var where = skip.Line is { } line ? $"line {line}" : skip.Folder.Length == 0 ? "(top)" : skip.Folder;
            output.Line($"  {where}: {skip.Title ?? "(no title)"}: {skip.Reason}");
        }
        if (report.SkippedCount > ShownSkips)
        {
            output.Line($"  ... and {report.SkippedCount - ShownSkips} more (all of them with --json)");
        }
        if (report.NotImportedCount > 0)
        {
            output.Warn($"{report.NotImportedCount} imported entries had attached files, which were not imported (the vault does not store files): keep the original file");
            foreach (var loss in report.NotImported.Take(ShownSkips))
            {
                output.Line($"  {(loss.Folder.Length == 0 ? "(top)" : loss.Folder)}: {loss.Title}: {string.Join(", ", loss.Names)}");
            }
            if (report.NotImportedCount > ShownSkips)
            {
                output.Line($"  ... and {report.NotImportedCount - ShownSkips} more (all of them with --json)");
            }
        }
    }
}
