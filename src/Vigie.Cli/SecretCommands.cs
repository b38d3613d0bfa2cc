using System.CommandLine;
using System.Globalization;
using Vigie.Core.Vault.Secrets;

namespace Vigie.Cli;

/// <summary>
/// <c>vigie secret list|get|put|generate|history</c>: the vault's entries, named by id or <c>FOLDER/TITLE</c>. No command
/// takes a secret value on the command line (shell history, <c>ps</c>): passwords come from standard input or a hidden
/// prompt.
/// </summary>
internal static class SecretCommands
{
    private static readonly string[] Headers = ["Entry", "Kind", "URL", "Tags", "Version", "Strength", "Updated", "Id"];
    private static readonly string[] HistoryHeaders = ["Version", "Created", "By"];

    public static Command Create(CommandHost host) => new("secret", "List, reveal, store and generate vault entries (logins and secret notes)")
    {
        List(host), SecretGetCommand.Create(host), SecretPutCommand.Create(host), SecretGenerateCommand.Create(host), History(host),
    };

    /// <summary>The entry's <c>FOLDER/TITLE</c> or, when its folder is not visible, its id.</summary>
    internal static Argument<string> EntryArgument(string description = "The entry: its id, or FOLDER/TITLE such as Infra/Linux/root@web1") =>
        new("entry") { Description = description };

    private static Command List(CommandHost host)
    {
        var folder = new Option<string?>("--folder") { Description = "Only this folder's entries (id or path such as Infra/Linux)" };
        var search = new Option<string?>("--search") { Description = "Only entries whose title or URL contains this text" };
        var tag = new Option<string?>("--tag") { Description = "Only entries with this tag" };
        var limit = UserCommands.LimitOption("At most this many entries (default: all)");
        var command = new Command("list", "List the entries you can see (never their secret values), by title") { folder, search, tag, limit };
        host.Handle(command, async (context, ct) =>
        {
            using var api = context.Authenticated();
            var tree = await VaultFolderTree.LoadAsync(api, ct);
            var folderId = context.Value(folder) is { } only ? tree.Resolve(only).Id.ToString() : null;
            var listing = await Listing.CollectAsync(api, QueryString.Append("api/v1/vault/secrets",
                ("folder", folderId), ("q", context.Value(search)), ("tag", context.Value(tag))), context.Value(limit), ct);
            if (context.Json)
            {
                context.Output.RawJson(listing.ToJson());
                return ExitCodes.Success;
            }
            context.Output.Table(Headers, listing.Items.Select(WireJson.Read<SecretSummary>).Select(s => (IReadOnlyList<string>)
            [
                $"{tree.PathOf(s.FolderId)}/{s.Title}", s.Kind, s.Url ?? "", string.Join(", ", s.Tags), Number(s.Version), Strength(s.Strength),
                Output.Time(s.UpdatedAt), s.Id.ToString(),
            ]));
            if (listing.NextCursor is not null)
            {
                context.Output.Note("(more entries exist: raise --limit)");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command History(CommandHost host)
    {
        var entry = EntryArgument();
        var command = new Command("history", "List the versions kept of an entry (reveal one with 'vigie secret get ENTRY --version N')") { entry };
        host.Handle(command, async (context, ct) =>
        {
            using var api = context.Authenticated();
            var id = await SecretLookup.ResolveAsync(api, context.Value(entry)!, ct);
            var body = await api.GetAsync($"api/v1/vault/secrets/{id}/versions", ct);
            if (context.Json)
            {
                context.Output.RawJson(body);
                return ExitCodes.Success;
            }
            var versions = WireJson.Read<List<SecretVersionView>>(body);
            var current = versions.Count == 0 ? 0 : versions.Max(v => v.Version);
            context.Output.Table(HistoryHeaders, versions.Select(v => (IReadOnlyList<string>)
            [
                v.Version == current ? $"{Number(v.Version)} (current)" : Number(v.Version), Output.Time(v.CreatedAt), v.CreatedBy,
            ]));
            return ExitCodes.Success;
        });
        return command;
    }

    internal static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The server's 0 (guessed at once) to 4 (out of reach) estimate, <c>-</c> without a password.</summary>
    internal static string Strength(int? score) => score is { } s ? $"{Number(s)}/4" : "-";
}
