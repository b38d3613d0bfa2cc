using System.CommandLine;
using System.Globalization;
using Vigie.Core.Vault.Secrets;

namespace Vigie.Cli;

/// <summary>
/// <c>vigie secret generate FOLDER [--store TITLE [--username U] [--url U] [--tag T]...]</c>: a password made by the
/// server under the folder's generator policy, printed once, alone on standard output (for <c>$(...)</c>); with
/// <c>--store</c> it is also saved as a new entry, so it need not be shown again.
/// </summary>
internal static class SecretGenerateCommand
{
    /// <summary>The server's answer: the password, the policy's guaranteed entropy and the entry stored, if any.</summary>
    internal sealed record Generated(string Password, double EntropyBits, SecretSummary? Secret);

    public static Command Create(CommandHost host)
    {
        var folder = new Argument<string>("folder") { Description = "The folder whose generator policy applies (id or path such as Infra/Linux)" };
        var store = new Option<string?>("--store") { Description = "Also store the password as a new login of this title in the folder" };
        var username = new Option<string?>("--username") { Description = "The stored login's user name (with --store)" };
        var url = new Option<string?>("--url") { Description = "Where the stored login is used (with --store)" };
        var tags = new Option<string[]>("--tag") { Description = "A tag of the stored login (repeatable, with --store)" };
        var command = new Command("generate", "Generate a password under the folder's policy and print it once; --store also saves it as a new entry")
        {
            folder, store, username, url, tags,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(store) is null && new Option[] { username, url, tags }.Any(o => result.GetResult(o) is not null))
            {
                result.AddError("--username, --url and --tag describe the entry to store: add --store TITLE");
            }
        });
        host.Handle(command, async (context, ct) =>
        {
            using var api = context.Authenticated();
            var tree = await VaultFolderTree.LoadAsync(api, ct);
            var target = tree.Resolve(context.Value(folder)!);
            var title = context.Value(store);
            var body = await api.PostAsync($"api/v1/vault/folders/{target.Id}/generate", new
            {
                store = title is null ? null : new
                {
                    title, username = context.Value(username), url = context.Value(url), tags = context.Value(tags) is { Length: > 0 } t ? t : null,
                },
            }, ct);
            if (context.Json)
            {
                context.Output.RawJson(body);
                return ExitCodes.Success;
            }
            var generated = WireJson.Read<Generated>(body);
            context.Output.Line(generated.Password);
            context.Output.Note(string.Create(CultureInfo.InvariantCulture,
                $"generated under the policy of {tree.PathOf(target.Id)}: {generated.Password.Length} characters, at least {generated.EntropyBits:0.0} bits"));
            if (generated.Secret is { } saved)
            {
                context.Output.Note($"stored as {tree.PathOf(saved.FolderId)}/{saved.Title} (version {SecretCommands.Number(saved.Version)}), id {saved.Id}");
            }
            else
            {
                context.Output.Note("not stored: it is shown this once");
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
