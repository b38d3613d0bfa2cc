using System.CommandLine;
using System.Globalization;
using Vigie.Core.Vault.Folders;

namespace Vigie.Cli;

/// <summary><c>vigie vault access USER</c>: what a user can reach in the vault and through which grants (vault administrators).</summary>
internal static class VaultAccessCommand
{
    public static Command Create(CommandHost host)
    {
        var user = new Argument<string>("user") { Description = "The user's name or id" };
        var command = new Command("access",
            "Show every vault folder a user can reach, their right there, how many entries it holds and the grants that give it (needs vault.admin)")
        {
            user,
        };
        host.Handle(command, async (context, ct) =>
        {
            using var api = context.Authenticated();
            // Names are resolved by the server: reviewing needs vault.admin, not the right to list users.
            var body = await api.GetAsync($"api/v1/vault/access/users/{Uri.EscapeDataString(context.Value(user)!.Trim())}", ct);
            if (context.Json)
            {
                context.Output.RawJson(body);
                return ExitCodes.Success;
            }
            var review = WireJson.Read<AccessReview>(body);
            var groups = review.Groups.ToDictionary(g => g.Id, g => g.Name);
            context.Output.Line($"{review.Username} ({review.Role}{(review.VaultAdministrator ? ", vault administrator: sees every folder's name, reads only what is granted" : "")})"
                + $", groups: {(review.Groups.Count == 0 ? "none" : string.Join(", ", review.Groups.Select(g => g.Name)))}");
            if (review.Folders.Count == 0)
            {
                context.Output.Line("no vault folder is granted to this user or their groups");
                return ExitCodes.Success;
            }
            context.Output.Table(["FOLDER", "RIGHT", "ENTRIES", "THROUGH"], review.Folders.Select(f => (IReadOnlyList<string>)
            [
                f.Path, f.Access, f.Entries.ToString(CultureInfo.InvariantCulture),
                string.Join("; ", f.Via.Select(v => $"{(v.PrincipalKind == "group" ? "group " + groups.GetValueOrDefault(v.PrincipalId, v.PrincipalId.ToString()) : "user")}"
                    + $" {v.Access} on {v.FolderPath}{(v.ExpiresAt is { } until ? " until " + Output.Time(until) : "")}")),
            ]));
            return ExitCodes.Success;
        });
        return command;
    }
}
