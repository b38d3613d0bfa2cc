using System.CommandLine;
using System.Text.Json;
using Vigie.Core.Identity;
using Vigie.Core.Vault.Folders;

namespace Vigie.Cli;

/// <summary>
/// <c>vigie vault folder list|create|grant|grants</c>: the folder tree and the rights on it. Folders are named by id or
/// by path (<c>Infra/Linux</c>), users and groups by name or id.
/// </summary>
internal static class VaultFolderCommands
{
    private static readonly string[] Headers = ["Path", "Your access", "Read-only", "Created", "Id"];
    private static readonly string[] GrantHeaders = ["Kind", "Who", "Access", "Until", "Granted by", "Granted"];

    public static Command Create(CommandHost host) => new("folder", "List and create vault folders, grant and revoke rights on them")
    {
        List(host), CreateFolder(host), Grant(host), Grants(host),
    };

    private static Command List(CommandHost host)
    {
        var command = new Command("list", "List the folders you have a right on, with that right");
        host.Handle(command, async (context, ct) =>
        {
            using var api = context.Authenticated();
            var body = await api.GetAsync("api/v1/vault/folders", ct);
            if (context.Json)
            {
                context.Output.RawJson(body);
                return ExitCodes.Success;
            }
            var tree = VaultFolderTree.Parse(body);
            context.Output.Table(Headers, tree.Folders.OrderBy(f => tree.PathOf(f.Id), StringComparer.OrdinalIgnoreCase).Select(f => (IReadOnlyList<string>)
            [
                tree.PathOf(f.Id), f.Access, Output.YesNo(f.ReadOnly), Output.Time(f.CreatedAt), f.Id.ToString(),
            ]));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateFolder(CommandHost host)
    {
        var name = new Argument<string>("name")
        {
            Description = "The new folder's name; 'Infra/Linux' creates Linux in Infra. Without a parent it is a space (administrators only)",
        };
        var parent = new Option<string?>("--parent") { Description = "The folder to create it in (id or path); you need 'manage' there" };
        var readOnly = new Option<bool>("--read-only") { Description = "Everyone but its managers can at most read in it" };
        var command = new Command("create", "Create a folder, or a space (a top-level folder with its own data key)") { name, parent, readOnly };
        host.Handle(command, async (context, ct) =>
        {
            var path = context.Value(name)!.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (path.Length == 0)
            {
                throw CliException.Usage("the folder name is empty");
            }
            using var api = context.Authenticated();
            var tree = await VaultFolderTree.LoadAsync(api, ct);
            var parentPath = new List<string>();
            if (context.Value(parent) is { } under)
            {
                parentPath.Add(tree.PathOf(tree.Resolve(under).Id));
            }
            parentPath.AddRange(path[..^1]);
            Guid? parentId = parentPath.Count == 0 ? null : tree.Resolve(string.Join('/', parentPath)).Id;
            var body = await api.PostAsync("api/v1/vault/folders", new { parentId, name = path[^1], readOnly = context.Value(readOnly) }, ct);
            if (context.Json)
            {
                context.Output.RawJson(body);
                return ExitCodes.Success;
            }
            var folder = WireJson.Read<FolderView>(body);
            var where = parentId is { } p ? $"{tree.PathOf(p)}/{folder.Name}" : folder.Name;
            context.Output.Line($"created {(parentId is null ? "space" : "folder")} {where}{(folder.ReadOnly ? " (read-only)" : "")}, id {folder.Id}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Grant(CommandHost host)
    {
        var folder = new Argument<string>("folder") { Description = "The folder (id or path, e.g. Infra/Linux); the right is inherited by its subfolders" };
        var user = new Option<string?>("--user") { Description = "The user (name or id) to grant the right to" };
        var group = new Option<string?>("--group") { Description = "The group (name or id) to grant the right to" };
        var access = new Option<string>("--access")
        {
            Description = "list (see names), read (reveal), write (create and change entries), manage (rights, subfolders), or none to revoke",
            Required = true,
        };
        access.AcceptOnlyFromAmong("none", "list", "read", "write", "manage");
        var until = new Option<DateTimeOffset?>("--until")
        {
            Description = "When the right ends by itself: an ISO 8601 date or time (UTC unless an offset is given)",
            CustomParser = result => FindingsCommands.ParseTime(result),
        };
        var command = new Command("grant", "Grant a right on a folder to a user or a group (replacing the one they had there), or revoke it with --access none")
        {
            folder, user, group, access, until,
        };
        command.Validators.Add(result =>
        {
            if ((result.GetResult(user) is null) == (result.GetResult(group) is null))
            {
                result.AddError("give either --user or --group");
            }
        });
        host.Handle(command, async (context, ct) =>
        {
            using var api = context.Authenticated();
            var target = (await VaultFolderTree.LoadAsync(api, ct)).Resolve(context.Value(folder)!);
            var (kind, who) = context.Value(user) is { } userName ? ("user", userName) : ("group", context.Value(group)!);
            // A name is resolved by the server, so a folder's manager need not be allowed to list users and groups.
            Guid? principalId = Guid.TryParse(who, out var id) ? id : null;
            var principalName = principalId is null ? who.Trim() : null;
            var level = context.Value(access)!;
            var expiresAt = context.Value(until);
            var body = await api.PutAsync($"api/v1/vault/folders/{target.Id}/grants",
                new { principalKind = kind, principalId, principalName, access = level, expiresAt }, ct);
            if (context.Json)
            {
                // Revoking answers 204 without a body.
                context.Output.RawJson(body.Length > 0 ? body
                    : JsonSerializer.Serialize(new { folderId = target.Id, principalKind = kind, principalId, principalName, access = level }, WireJson.Options));
                return ExitCodes.Success;
            }
            var path = context.Value(folder)!.Trim();
            context.Output.Line(level == "none"
                ? $"{kind} {who.Trim()} no longer holds a right of its own on {path}"
                : $"{kind} {who.Trim()} now has '{level}' on {path}{(expiresAt is { } end ? $" until {Output.Time(end)}" : "")}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Grants(CommandHost host)
    {
        var folder = new Argument<string>("folder") { Description = "The folder (id or path); needs 'manage' on it, or vault administration" };
        var command = new Command("grants", "List the rights granted on a folder itself (not those inherited from above)") { folder };
        host.Handle(command, async (context, ct) =>
        {
            using var api = context.Authenticated();
            var target = (await VaultFolderTree.LoadAsync(api, ct)).Resolve(context.Value(folder)!);
            var body = await api.GetAsync($"api/v1/vault/folders/{target.Id}/grants", ct);
            if (context.Json)
            {
                context.Output.RawJson(body);
                return ExitCodes.Success;
            }
            var names = await PrincipalNamesAsync(api, ct);
            context.Output.Table(GrantHeaders, WireJson.Read<List<GrantView>>(body).Select(g => (IReadOnlyList<string>)
            [
                g.PrincipalKind, names.GetValueOrDefault(g.PrincipalId) ?? g.PrincipalId.ToString(), g.Access, Output.Time(g.ExpiresAt), g.GrantedBy,
                Output.Time(g.CreatedAt),
            ]));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>User and group names when the caller may list them; ids are shown otherwise.</summary>
    private static async Task<Dictionary<Guid, string>> PrincipalNamesAsync(ApiClient api, CancellationToken ct)
    {
        var names = new Dictionary<Guid, string>();
        try
        {
            var users = await Listing.CollectAsync(api, "api/v1/users", null, ct);
            foreach (var user in users.Items.Select(WireJson.Read<UserView>))
            {
                names[user.Id] = user.Username;
            }
        }
        catch (CliException refused) when (refused.ExitCode == ExitCodes.Forbidden)
        {
        }
        try
        {
            foreach (var group in WireJson.Read<List<GroupView>>(await api.GetAsync("api/v1/groups", ct)))
            {
                names[group.Id] = group.Name;
            }
        }
        catch (CliException refused) when (refused.ExitCode == ExitCodes.Forbidden)
        {
        }
        return names;
    }
}
