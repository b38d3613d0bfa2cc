using System.CommandLine;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Spectre.Console;
using Vigie.Core.Common;
using Vigie.Core.Vault.Backup;

namespace Vigie.Cli;

/// <summary>
/// <c>vigie vault export --full</c> and <c>vigie vault restore</c>: the encrypted full export for disaster recovery. The
/// passphrase comes from one line of stdin (<c>--passphrase-stdin</c>), else <c>VIGIE_EXPORT_PASSPHRASE</c>, else a
/// hidden prompt; never from the command line. <c>vigie vault export --kdbx</c> writes a KeePass file of one folder
/// branch instead (<see cref="VaultKdbxExport"/>).
/// </summary>
internal static class VaultBackupCommands
{
    public const string PassphraseVariable = "VIGIE_EXPORT_PASSPHRASE";

    // A large vault takes a while to decrypt, compress and re-encrypt; the server answers a restore only once it is written.
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(30);

    public static IEnumerable<Command> Create(CommandHost host) => [Export(host), Restore(host)];

    private static Option<bool> PassphraseStdin() => new("--passphrase-stdin")
    {
        Description = $"Read the export passphrase from one line of standard input (else {PassphraseVariable}, else a prompt)",
    };

    private static Command Export(CommandHost host)
    {
        var full = new Option<bool>("--full") { Description = "Everything: every folder, grant and entry with all its kept versions" };
        var kdbx = new Option<bool>("--kdbx") { Description = "A KeePass (KDBX 4) file of one folder and its subfolders, for working offline" };
        var folder = new Option<string?>("--folder") { Description = "With --kdbx: the folder, by id or path (Clients/Acme); needs read on it" };
        var kdf = new Option<string?>("--kdf") { Description = "With --kdbx: aes (default, AES-KDF) or argon2id" };
        kdf.AcceptOnlyFromAmong("aes", "argon2id");
        var output = new Option<string>("--output", "-o")
        {
            Description = $"The file to write (mode 0600), e.g. vault{ExportFormat.FileExtension} or branch.kdbx", Required = true,
        };
        var force = new Option<bool>("--force") { Description = "Replace the file if it exists" };
        var stdin = PassphraseStdin();
        var passwordStdin = new Option<bool>("--password-stdin")
        {
            Description = $"With --kdbx: read the KeePass file's password from one line of standard input (else {VaultKdbxExport.PasswordVariable}, else a prompt)",
        };
        var command = new Command("export",
            "Export the whole vault into one file encrypted under a passphrase (--full: AES-256-GCM, PBKDF2-SHA256; needs vault.admin), "
            + "or one folder branch as a KeePass file (--kdbx)")
        {
            full, kdbx, folder, kdf, output, force, stdin, passwordStdin,
        };
        host.Handle(command, async (context, ct) =>
        {
            if (context.Value(full) == context.Value(kdbx))
            {
                throw CliException.Usage("pass --full (the whole vault) or --kdbx (a folder branch as a KeePass file)");
            }
            var path = OutputPath(context.Value(output)!, context.Value(force));
            if (context.Value(kdbx))
            {
                if (context.Value(stdin))
                {
                    throw CliException.Usage("--passphrase-stdin is for --full; a KeePass file's password comes with --password-stdin");
                }
                var branch = context.Value(folder) ?? throw CliException.Usage("--kdbx needs --folder: the folder to export, by id or path");
                return await VaultKdbxExport.RunAsync(context, branch, context.Value(kdf), path, context.Value(force), context.Value(passwordStdin), ct);
            }
            if (context.Value(folder) is not null || context.Value(kdf) is not null || context.Value(passwordStdin))
            {
                throw CliException.Usage("--folder, --kdf and --password-stdin are for --kdbx; --full exports everything under a passphrase");
            }
            var passphrase = Encoding.UTF8.GetBytes(await ReadPassphraseAsync(context, context.Value(stdin), confirm: true, ct));
            var part = path + ".part";
            try
            {
                if (!ExportPassphrase.IsAcceptable(passphrase))
                {
                    throw CliException.Usage($"the passphrase must have at least {ExportFormat.MinPassphraseCharacters} characters");
                }
                File.Delete(part);
                ExportManifest manifest;
                await using (var file = SecureFiles.CreatePrivate(part))
                {
                    using var api = context.Authenticated();
                    using var body = JsonContent.Create(new { passphrase = Encoding.UTF8.GetString(passphrase) });
                    await api.DownloadToAsync("api/v1/vault/export", body, file, Timeout, ct);
                    file.Position = 0;
                    manifest = await VerifyAsync(file, passphrase, ct);
                }
                Keep(part, path, context.Value(force));
                if (context.Json)
                {
                    context.Output.RawJson(System.Text.Json.JsonSerializer.Serialize(manifest, WireJson.Options));
                    return ExitCodes.Success;
                }
                var counts = manifest.Counts;
                context.Output.Line($"exported {counts.Folders} folders ({counts.Spaces} spaces), {counts.Grants} grants, " +
                    $"{counts.Secrets} entries ({counts.Versions} versions) to {path}");
                context.Output.Line($"verified: every chunk opens with the passphrase, document SHA-256 {manifest.DocumentSha256}");
                context.Output.Warn("the file holds every secret in the vault: keep it and its passphrase apart, and safe");
                return ExitCodes.Success;
            }
            finally
            {
                CryptographicOperations.ZeroMemory(passphrase);
                File.Delete(part);
            }
        });
        return command;
    }

    /// <summary>The full path of the file to write; refused when it exists (without <paramref name="force"/>) or its directory does not.</summary>
    internal static string OutputPath(string given, bool force)
    {
        var path = Path.GetFullPath(given);
        if (File.Exists(path) && !force)
        {
            throw new CliException(ExitCodes.Failure, $"{path} exists", ["pass --force to replace it"]);
        }
        if (Path.GetDirectoryName(path) is { } directory && !Directory.Exists(directory))
        {
            throw new CliException(ExitCodes.Failure, $"{directory} does not exist");
        }
        return path;
    }

    /// <summary>Renames the checked download to its name; a file that appeared there meanwhile is replaced only with --force.</summary>
    internal static void Keep(string part, string path, bool force)
    {
        try
        {
            File.Move(part, path, overwrite: force);
        }
        catch (IOException) when (!force && File.Exists(path))
        {
            throw new CliException(ExitCodes.Failure, $"{path} exists", ["pass --force to replace it"]);
        }
    }

    private static Command Restore(CommandHost host)
    {
        var file = new Argument<string>("file") { Description = "An export written by 'vigie vault export --full'" };
        var matchNames = new Option<bool>("--match-names")
        {
            Description = "Give a grant whose user or group does not exist here (by id) to the one of the same name",
        };
        var stdin = PassphraseStdin();
        var command = new Command("restore",
            "Rebuild the vault from a full export, into an empty, initialised and unsealed vault; needs vault.admin")
        {
            file, matchNames, stdin,
        };
        host.Handle(command, async (context, ct) =>
        {
            var path = context.Value(file)!;
            FileStream export;
            try
            {
                export = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CliException(ExitCodes.Failure, $"cannot read {path}: {ex.Message}");
            }
            await using (export)
            {
                var passphrase = await ReadPassphraseAsync(context, context.Value(stdin), confirm: false, ct);
                using var api = context.Authenticated();
                using var content = new MultipartFormDataContent();
                content.Add(JsonContent.Create(new { passphrase, matchPrincipalsByName = context.Value(matchNames) }), "request");
                var upload = new StreamContent(export);
                upload.Headers.ContentType = new MediaTypeHeaderValue(ExportFormat.MediaType);
                content.Add(upload, "file", Path.GetFileName(path));
                var body = await api.PostMultipartAsync("api/v1/vault/restore", content, Timeout, ct);
                if (context.Json)
                {
                    context.Output.RawJson(body);
                    return ExitCodes.Success;
                }
                Print(context, WireJson.Read<RestoreReport>(body), context.Value(matchNames));
                return ExitCodes.Success;
            }
        });
        return command;
    }

    private static void Print(CommandContext context, RestoreReport report, bool matchedNames)
    {
        context.Output.Line($"restored {report.Folders} folders ({report.Spaces} spaces), {report.Grants} grants, {report.Secrets} entries " +
            $"({report.Versions} versions) from the export of {Output.Time(report.ExportCreatedAt)} (Vigie {report.ExportServerVersion})");
        foreach (var grant in report.RemappedGrants)
        {
            context.Output.Line($"given to the {grant.PrincipalKind} of the same name: '{grant.PrincipalName}' {grant.Access} on {grant.Folder}");
        }
        foreach (var grant in report.SkippedGrants)
        {
            context.Output.Warn($"skipped grant: {grant.PrincipalKind} '{grant.PrincipalName ?? "?"}' ({grant.PrincipalId}) {grant.Access} on {grant.Folder}: {grant.Reason}");
        }
        if (report.SkippedGrants.Count > 0 && !matchedNames)
        {
            context.Output.Note("hint: --match-names gives such grants to the user or group of the same name here");
        }
    }

    /// <summary>Checks the downloaded file the way a restore will: the passphrase, every chunk, the manifest.</summary>
    private static async Task<ExportManifest> VerifyAsync(Stream file, byte[] passphrase, CancellationToken ct)
    {
        try
        {
            var (header, keys) = await ExportFileReader.UnlockAsync(file, passphrase, ct);
            using (keys)
            {
                await using var reader = new ExportFileReader(file, header, keys);
                await foreach (var _ in reader.ReadAsync(ct))
                {
                }
                return reader.Manifest!;
            }
        }
        catch (ProblemException problem)
        {
            throw new CliException(ExitCodes.Failure, $"the downloaded export does not verify: {problem.Title} ({problem.Code})",
                problem.Detail is null ? [] : [problem.Detail]) { Code = problem.Code };
        }
    }

    private static async Task<string> ReadPassphraseAsync(CommandContext context, bool fromStdin, bool confirm, CancellationToken ct)
    {
        if (fromStdin)
        {
            return await context.Passwords.ReadLineAsync("passphrase", ct);
        }
        if (context.Console.Variable(PassphraseVariable) is { } fromEnvironment)
        {
            return fromEnvironment;
        }
        var prompter = context.Console.Prompter
            ?? throw CliException.Usage($"no passphrase given: use --passphrase-stdin or set {PassphraseVariable}");
        var value = await new TextPrompt<string>("Export passphrase:").Secret().ShowAsync(prompter, ct);
        if (confirm && await new TextPrompt<string>("Repeat it:").Secret().ShowAsync(prompter, ct) != value)
        {
            throw CliException.Usage("the two passphrases differ");
        }
        return value;
    }
}
