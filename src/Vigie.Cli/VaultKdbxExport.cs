using System.Net.Http.Json;
using Vigie.Core.Common;
using Vigie.Core.Vault.Kdbx;

namespace Vigie.Cli;

/// <summary>
/// <c>vigie vault export --kdbx --folder F -o branch.kdbx</c>: one folder and its subfolders as a KeePass (KDBX 4) file,
/// for a technician working offline. The file's password is read from one line of stdin (<c>--password-stdin</c>), else
/// <c>VIGIE_FILE_PASSWORD</c>, else a hidden prompt asked twice — never from the command line. The download is written
/// to a <c>.part</c> file (mode 0600), opened with the password to check it, and only then renamed.
/// </summary>
internal static class VaultKdbxExport
{
    public const string PasswordVariable = VaultImportCommand.PasswordVariable;

    // The server derives the file key (AES-KDF, 10 M rounds, or Argon2id) and encrypts every entry before it answers.
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    public static async Task<int> RunAsync(CommandContext context, string folder, string? kdf, string path, bool force, bool fromStdin, CancellationToken ct)
    {
        var password = fromStdin
            ? await context.Passwords.ReadLineAsync("file password", ct)
            : context.Console.Variable(PasswordVariable) is { Length: > 0 } fromEnvironment
                ? fromEnvironment
                : context.Passwords.CanPrompt
                    ? await context.Passwords.PromptAsync("KeePass file password:", confirm: true, ct)
                    : throw CliException.Usage($"no file password given: use --password-stdin or set {PasswordVariable}");
        using var api = context.Authenticated();
        var branch = (await VaultFolderTree.LoadAsync(api, ct)).Resolve(folder);
        var part = path + ".part";
        try
        {
            File.Delete(part);
            int entries;
            await using (var file = SecureFiles.CreatePrivate(part))
            {
                using var body = JsonContent.Create(new { password, kdf });
                await api.DownloadToAsync($"api/v1/vault/folders/{branch.Id}/export/kdbx", body, file, Timeout, ct);
                file.Position = 0;
                entries = Verify(file, password);
            }
            VaultBackupCommands.Keep(part, path, force);
            if (context.Json)
            {
                context.Output.RawJson(System.Text.Json.JsonSerializer.Serialize(new { folder = branch.Id, path, entries, kdf = kdf ?? "aes" }, WireJson.Options));
                return ExitCodes.Success;
            }
            context.Output.Line($"exported {entries} entries of {branch.Name} and its subfolders to {path} (KDBX 4, {kdf ?? "aes"} key derivation)");
            context.Output.Line("verified: the file opens with the password");
            context.Output.Warn("the file holds those secrets: keep it and its password apart, and delete it when the work is done");
            return ExitCodes.Success;
        }
        finally
        {
            File.Delete(part);
        }
    }

    /// <summary>Opens the downloaded file with the password, as KeePass will; the number of entries in it.</summary>
    private static int Verify(Stream file, string password)
    {
        try
        {
            using var credentials = KdbxCredentials.FromPassword(password);
            using var database = KdbxReader.Read(file, credentials);
            return database.Root.AllEntries().Count();
        }
        catch (KdbxFormatException ex)
        {
            throw new CliException(ExitCodes.Failure, $"the downloaded KeePass file does not open with the password: {ex.Message}", ["nothing was kept"]);
        }
    }
}
