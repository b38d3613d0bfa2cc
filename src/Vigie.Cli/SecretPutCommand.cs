using System.CommandLine;
using Vigie.Core.Vault.Secrets;

namespace Vigie.Cli;

/// <summary>
/// <c>vigie secret put FOLDER/TITLE [--username U] [--url U] [--tag T]... [--notes-file F] [--field NAME=VALUE]...
/// [--secret-field-stdin NAME]... [--remove-field NAME]... [--clear username|url|notes|tags]... [--kind login|note]
/// [--password-stdin]</c>: creates the entry, or changes it when it exists. A change starts from the version just read
/// (what is not given is kept) and is sent as check-and-set on that version, so a change made meanwhile by someone else
/// is refused, never overwritten. Secret values are never command-line values: the password is read from standard input
/// (<c>--password-stdin</c>, first line) or a hidden prompt, and without either it is left as it is; secret custom fields
/// are read from the following lines of standard input, in the order given.
/// </summary>
internal static class SecretPutCommand
{
    public static Command Create(CommandHost host)
    {
        var entry = SecretCommands.EntryArgument("The entry as FOLDER/TITLE (created when the folder has no entry of that title), or an existing entry's id");
        var username = new Option<string?>("--username") { Description = "The login's user name" };
        var url = new Option<string?>("--url") { Description = "Where the login is used" };
        var tags = new Option<string[]>("--tag") { Description = "A tag (repeatable); given tags replace the entry's tags" };
        var passwordStdin = new Option<bool>("--password-stdin")
        {
            Description = "Read the password from one line of standard input (else it is asked for on a terminal, else left as it is)",
        };
        var edits = new EntryEdits();
        var command = new Command("put", "Store a login or a secure note: create the entry or change it (check-and-set on the version read), the password from stdin or a prompt")
        {
            entry, username, url, tags, passwordStdin,
        };
        edits.AddTo(command);
        host.Handle(command, async (context, ct) =>
        {
            using var api = context.Authenticated();
            var (folderId, title, existing) = await TargetAsync(api, context.Value(entry)!, ct);
            // The target is known before anyone types a password; an existing one is read first, for check-and-set.
            var current = existing is { } id ? WireJson.Read<SecretRevealed>(await api.PostAsync($"api/v1/vault/secrets/{id}/reveal", null, ct)) : null;
            var change = await edits.ReadAsync(context, current, ct);
            foreach (var (part, given) in new[] { ("username", context.Value(username) is not null), ("url", context.Value(url) is not null),
                         ("tags", context.Value(tags) is { Length: > 0 }) })
            {
                if (given && change.Cleared(part))
                {
                    throw CliException.Usage($"--{(part == "tags" ? "tag" : part)} and --clear {part} contradict each other");
                }
            }
            // A secure note has no password unless one is given on stdin.
            var note = (change.Kind ?? current?.Secret.Kind) == "note";
            var password = note && !context.Value(passwordStdin) ? null
                : await ReadPasswordAsync(context, context.Value(passwordStdin), title, current is not null, ct);
            var secretFields = await edits.ReadSecretFieldsAsync(context, ct);
            var givenTags = context.Value(tags) is { Length: > 0 } t ? t : null;
            var fields = change.Fields(current?.Fields ?? [], secretFields);
            string body;
            if (current is null)
            {
                body = await api.PostAsync("api/v1/vault/secrets", new
                {
                    folderId, kind = change.Kind ?? "login", title, username = context.Value(username), password, url = context.Value(url), notes = change.Notes,
                    tags = givenTags, fields,
                }, ct);
            }
            else
            {
                var summary = current.Secret;
                body = await api.PutAsync($"api/v1/vault/secrets/{summary.Id}", new SecretInput(summary.Kind, summary.Title,
                    change.Cleared("username") ? null : context.Value(username) ?? current.Username, password ?? current.Password,
                    change.Cleared("url") ? null : context.Value(url) ?? summary.Url, change.Cleared("notes") ? null : change.Notes ?? current.Notes,
                    change.Cleared("tags") ? [] : givenTags ?? summary.Tags, fields, ExpectedVersion: current.Version), ct);
            }
            if (context.Json)
            {
                context.Output.RawJson(body);
                return ExitCodes.Success;
            }
            var saved = WireJson.Read<SecretSummary>(body);
            var path = $"{(await VaultFolderTree.LoadAsync(api, ct)).PathOf(saved.FolderId)}/{saved.Title}";
            context.Output.Line(current is null
                ? $"created {path} (version {SecretCommands.Number(saved.Version)}), id {saved.Id}"
                : $"updated {path} to version {SecretCommands.Number(saved.Version)}{(password is null ? " (password unchanged)" : "")}");
            if (current is null && password is null && !note)
            {
                context.Output.Note("no password stored: give one with --password-stdin");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The folder, the title and, when the entry already exists, its id.</summary>
    private static async Task<(Guid? FolderId, string? Title, Guid? Existing)> TargetAsync(ApiClient api, string idOrPath, CancellationToken ct)
    {
        if (Guid.TryParse(idOrPath, out var id))
        {
            return (null, null, id);
        }
        var tree = await VaultFolderTree.LoadAsync(api, ct);
        var (folder, title) = tree.SplitEntryPath(idOrPath);
        return (folder.Id, title, (await SecretLookup.FindAsync(api, tree, folder, title, ct))?.Id);
    }

    private static async Task<string?> ReadPasswordAsync(CommandContext context, bool fromStdin, string? title, bool exists, CancellationToken ct)
    {
        if (fromStdin)
        {
            return await context.Passwords.ReadLineAsync("password", ct);
        }
        if (!context.Passwords.CanPrompt)
        {
            return null;
        }
        var prompt = exists ? "New password (empty: keep the current one):" : $"Password for {title}:";
        var typed = await context.Passwords.PromptAsync(prompt, confirm: true, allowEmpty: true, ct);
        return typed.Length == 0 ? null : typed;
    }
}
