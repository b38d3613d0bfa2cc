using System.CommandLine;
using Vigie.Core.Identity;

namespace Vigie.Cli;

/// <summary><c>vigie setup</c>: creates the first administrator with the one-time setup token.</summary>
internal static class SetupCommand
{
    public static Command Create(CommandHost host)
    {
        var token = new Option<string?>("--token")
        {
            Description = "The one-time setup token (printed at first start, and in <data>/setup-token); default VIGIE_SETUP_TOKEN",
        };
        var username = new Option<string>("--username") { Description = "The administrator's user name", Required = true };
        var displayName = new Option<string?>("--display-name") { Description = "The administrator's display name" };
        var passwordStdin = CommandHost.PasswordStdin();
        var command = new Command("setup", "Create the first administrator (only while no user exists)")
        {
            token, username, displayName, passwordStdin,
        };
        host.Handle(command, async (context, ct) =>
        {
            var setupToken = context.Value(token) ?? context.Console.Variable("VIGIE_SETUP_TOKEN")
                ?? throw CliException.Usage("no setup token: pass --token or set VIGIE_SETUP_TOKEN");
            var name = context.Value(username)!;
            var password = await context.Passwords.ReadAsync(context.Value(passwordStdin), "Password for the new administrator:", confirm: true, ct);
            using var api = context.Anonymous();
            var body = await api.PostAsync("api/v1/setup",
                new { token = setupToken, username = name, password, displayName = context.Value(displayName) }, ct);
            if (context.Json)
            {
                context.Output.RawJson(body);
                return ExitCodes.Success;
            }
            var user = WireJson.Read<UserView>(body);
            context.Output.Line($"created administrator {user.Username} (id {user.Id})");
            context.Output.Line($"next: vigie login --username {user.Username}");
            return ExitCodes.Success;
        });
        return command;
    }
}
