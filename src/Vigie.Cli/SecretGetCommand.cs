using System.CommandLine;
using System.Globalization;
using Vigie.Core.Vault.Secrets;

namespace Vigie.Cli;

/// <summary>
/// <c>vigie secret get ENTRY [--field F] [--version N]</c>: reveals an entry (audited on the server). People see its
/// details with the secret values masked; <c>--field password</c> prints the bare value and a newline for scripts, and
/// <c>--json</c> the server's whole answer.
/// </summary>
internal static class SecretGetCommand
{
    private const string Masked = "********";

    public static Command Create(CommandHost host)
    {
        var entry = SecretCommands.EntryArgument();
        var field = new Option<string?>("--field")
        {
            Description = "Print only this value and a newline (even with --json): password, username, notes, url, title, or a custom field's name",
        };
        var version = new Option<int?>("--version") { Description = "An earlier version still kept (see 'vigie secret history')" };
        var command = new Command("get", "Reveal an entry (every reveal is audited); secret values are masked unless --field or --json asks for them")
        {
            entry, field, version,
        };
        host.Handle(command, async (context, ct) =>
        {
            using var api = context.Authenticated();
            var id = await SecretLookup.ResolveAsync(api, context.Value(entry)!, ct);
            var wanted = context.Value(version);
            var body = await api.PostAsync(QueryString.Append($"api/v1/vault/secrets/{id}/reveal",
                ("version", wanted?.ToString(CultureInfo.InvariantCulture))), null, ct);
            if (context.Value(field) is { } name)
            {
                var revealed = WireJson.Read<SecretRevealed>(body);
                context.Output.Line(Field(revealed, name.Trim())
                    ?? throw new CliException(ExitCodes.Failure, $"the entry has no {name.Trim()}{(wanted is null ? "" : $" in version {wanted}")}"));
                return ExitCodes.Success;
            }
            if (context.Json)
            {
                context.Output.RawJson(body);
                return ExitCodes.Success;
            }
            var secret = WireJson.Read<SecretRevealed>(body);
            var tree = await VaultFolderTree.LoadAsync(api, ct);
            var summary = secret.Secret;
            context.Output.Fields(
            [
                ("entry", $"{tree.PathOf(summary.FolderId)}/{summary.Title}"),
                ("kind", summary.Kind),
                ("username", secret.Username),
                ("password", secret.Password is null ? null : $"{Masked} (--field password prints it)"),
                ("url", summary.Url),
                ("notes", secret.Notes),
                ("tags", string.Join(", ", summary.Tags)),
                .. secret.Fields.Select(f => ($"{f.Name}", f.Secret && f.Value is not null ? $"{Masked} (--field '{f.Name}' prints it)" : f.Value)),
                ("version", secret.Version == summary.Version
                    ? $"{SecretCommands.Number(secret.Version)} (current)"
                    : $"{SecretCommands.Number(secret.Version)} (the current one is {SecretCommands.Number(summary.Version)})"),
                ("strength", summary.Strength is null ? null : SecretCommands.Strength(summary.Strength)),
                ("updated", Output.Time(summary.UpdatedAt)),
                ("password changed", summary.PasswordChangedAt is null ? null : Output.Time(summary.PasswordChangedAt)),
                ("id", summary.Id.ToString()),
            ]);
            return ExitCodes.Success;
        });
        return command;
    }

    private static string? Field(SecretRevealed revealed, string name) => name.ToLowerInvariant() switch
    {
        "password" => revealed.Password,
        "username" => revealed.Username,
        "notes" => revealed.Notes,
        "url" => revealed.Secret.Url,
        "title" => revealed.Secret.Title,
        _ => revealed.Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase))?.Value,
    };
}
