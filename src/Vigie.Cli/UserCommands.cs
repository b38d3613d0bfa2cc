using System.CommandLine;
using Vigie.Core.Identity;

namespace Vigie.Cli;

/// <summary><c>vigie user list|add|lock|unlock|set-role</c>.</summary>
internal static class UserCommands
{
    private static readonly string[] Headers = ["Username", "Display name", "Kind", "Role", "Status", "MFA", "Last login", "Id"];

    public static Command Create(CommandHost host) => new("user", "Manage accounts")
    {
        List(host), Add(host), SetLock(host, "lock", "Lock an account (its sessions end and its tokens stop working)"),
        SetLock(host, "unlock", "Unlock an account and reset its failed-login count"), SetRole(host),
    };

    public static Option<int?> LimitOption(string description, string name = "--limit")
    {
        var limit = new Option<int?>(name) { Description = description };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1)
            {
                result.AddError($"{name} must be at least 1");
            }
        });
        return limit;
    }

    private static Command List(CommandHost host)
    {
        var search = new Option<string?>("--search") { Description = "Only users whose name or display name contains this text" };
        var limit = LimitOption("At most this many users (default: all)");
        var command = new Command("list", "List accounts") { search, limit };
        host.Handle(command, async (context, ct) =>
        {
            using var api = context.Authenticated();
            var listing = await Listing.CollectAsync(api, QueryString.Append("api/v1/users", ("q", context.Value(search))), context.Value(limit), ct);
            if (context.Json)
            {
                context.Output.RawJson(listing.ToJson());
                return ExitCodes.Success;
            }
            context.Output.Table(Headers, listing.Items.Select(WireJson.Read<UserView>).Select(Row));
            if (listing.NextCursor is not null)
            {
                context.Output.Note("(more users exist: raise --limit)");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Add(CommandHost host)
    {
        var username = new Argument<string>("username") { Description = "The new user name" };
        var role = new Option<string>("--role") { Description = "administrator, auditor, operator or user", Required = true };
        role.AcceptOnlyFromAmong([.. Roles.All]);
        var api = new Option<bool>("--api") { Description = "An API user (a machine identity with tokens only, no password)" };
        var displayName = new Option<string?>("--display-name") { Description = "Display name (default: the user name)" };
        var passwordStdin = CommandHost.PasswordStdin("the initial password");
        var command = new Command("add", "Create an account; a person gets an initial password to change at first login")
        {
            username, role, api, displayName, passwordStdin,
        };
        host.Handle(command, async (context, ct) =>
        {
            var isApi = context.Value(api);
            if (isApi && context.Value(passwordStdin))
            {
                throw CliException.Usage("API users have no password: drop --password-stdin");
            }
            var name = context.Value(username)!;
            var password = isApi
                ? null
                : await context.Passwords.ReadAsync(context.Value(passwordStdin), $"Initial password for {name}:", confirm: true, ct);
            using var client = context.Authenticated();
            var body = await client.PostAsync("api/v1/users", new
            {
                username = name,
                displayName = context.Value(displayName),
                role = context.Value(role),
                kind = isApi ? UserKind.Api : UserKind.Human,
                password,
            }, ct);
            if (context.Json)
            {
                context.Output.RawJson(body);
                return ExitCodes.Success;
            }
            var user = WireJson.Read<UserView>(body);
            context.Output.Line($"created {user.Kind} user {user.Username} ({user.Role}), id {user.Id}");
            if (user.Kind == UserKind.Human)
            {
                context.Output.Line($"{user.Username} must change the initial password at first login");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command SetLock(CommandHost host, string verb, string description)
    {
        var user = new Argument<string>("user") { Description = "User name or id" };
        var command = new Command(verb, description) { user };
        host.Handle(command, async (context, ct) =>
        {
            using var api = context.Authenticated();
            var id = await UserLookup.ResolveAsync(api, context.Value(user)!, ct);
            var body = await api.PostAsync($"api/v1/users/{id}/{verb}", null, ct);
            if (context.Json)
            {
                context.Output.RawJson(body);
                return ExitCodes.Success;
            }
            var view = WireJson.Read<UserView>(body);
            context.Output.Line($"{verb}ed {view.Username}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command SetRole(CommandHost host)
    {
        var user = new Argument<string>("user") { Description = "User name or id" };
        var role = new Argument<string>("role") { Description = "administrator, auditor, operator or user" };
        role.AcceptOnlyFromAmong([.. Roles.All]);
        var command = new Command("set-role", "Change an account's role") { user, role };
        host.Handle(command, async (context, ct) =>
        {
            using var api = context.Authenticated();
            var id = await UserLookup.ResolveAsync(api, context.Value(user)!, ct);
            var body = await api.PutAsync($"api/v1/users/{id}/role", new { role = context.Value(role) }, ct);
            if (context.Json)
            {
                context.Output.RawJson(body);
                return ExitCodes.Success;
            }
            var view = WireJson.Read<UserView>(body);
            context.Output.Line($"{view.Username} is now {view.Role}");
            if (view.PasswordChangeRequired)
            {
                context.Output.Note($"{view.Username} must choose a new password at the next login");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static IReadOnlyList<string> Row(UserView u) =>
    [
        u.Username, u.DisplayName, u.Kind, u.Role, Status(u), Output.YesNo(u.MfaEnabled), Output.Time(u.LastLoginAt), u.Id.ToString(),
    ];

    private static string Status(UserView u)
    {
        if (u.Locked)
        {
            return u.LockedUntil is { Year: < 9999 } until ? $"locked until {Output.Time(until)}" : "locked";
        }
        return u.PasswordChangeRequired ? "must change password" : "active";
    }
}
