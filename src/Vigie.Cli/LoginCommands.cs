using System.CommandLine;
using System.Text.Json;

namespace Vigie.Cli;

/// <summary><c>vigie login</c>, <c>vigie logout</c> and <c>vigie password change</c>.</summary>
internal static class LoginCommands
{
    private const int MaxTokenName = 100;

    public static Command CreateLogin(CommandHost host)
    {
        var username = new Option<string?>("--username") { Description = "User name (default: the profile's)" };
        var totp = new Option<string?>("--totp") { Description = "One-time code from the authenticator app, when MFA is enabled" };
        var passwordStdin = CommandHost.PasswordStdin();
        var command = new Command("login", "Sign in and save a bearer token in the profile") { username, totp, passwordStdin };
        host.Handle(command, async (context, ct) =>
        {
            var name = context.Value(username) ?? context.Profile?.Username
                ?? throw CliException.Usage("no user name: pass --username");
            var url = context.ResolveUrl();
            if (ServerUrl.IsPlainHttpToOtherHost(url))
            {
                context.Output.Warn($"{ServerUrl.Display(url)} is plain HTTP: the password and token cross the network unencrypted");
            }
            var password = await context.Passwords.ReadAsync(context.Value(passwordStdin), $"Password for {name}:", confirm: false, ct);
            using var api = new ApiClient(url, null);
            var body = await LoginAsync(context, api, name, password, context.Value(totp), ct);
            var login = WireJson.Read<LoginResponse>(body);
            if (login.Token is null)
            {
                throw new CliException(ExitCodes.Failure, "the server did not issue a token");
            }
            context.ProfileFile.Save(new Profile(ServerUrl.Display(url), login.Token, login.ExpiresAt, login.User.Username));
            if (context.Json)
            {
                // The token itself stays in the profile: it is not echoed to stdout.
                context.Output.RawJson(JsonSerializer.Serialize(new
                {
                    username = login.User.Username,
                    role = login.User.Role,
                    expiresAt = login.ExpiresAt,
                    tokenId = login.TokenId,
                    passwordChangeRequired = login.PasswordChangeRequired,
                    profile = context.ProfileFile.Path,
                }, WireJson.Options));
            }
            else
            {
                context.Output.Line($"logged in as {login.User.Username} until {Output.Time(login.ExpiresAt)}");
            }
            if (login.PasswordChangeRequired)
            {
                context.Output.Warn("the password must be changed before anything else: run 'vigie password change'");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command CreateLogout(CommandHost host)
    {
        var command = new Command("logout", "Revoke the saved token and remove it from the profile");
        host.Handle(command, async (context, ct) =>
        {
            var url = context.ResolveUrl();
            var token = context.Token(url) ?? throw new CliException(ExitCodes.Unauthenticated, "not logged in");
            var fromProfile = context.Console.Variable("VIGIE_TOKEN") is null;
            var alreadyInvalid = false;
            using (var api = new ApiClient(url, token))
            {
                try
                {
                    await api.PostAsync("api/v1/auth/logout", null, ct);
                }
                catch (CliException failure) when (failure.ExitCode == ExitCodes.Unauthenticated && fromProfile)
                {
                    alreadyInvalid = true;
                }
            }
            if (fromProfile && context.Profile is { } profile)
            {
                context.ProfileFile.Save(profile with { Token = null, ExpiresAt = null });
            }
            if (context.Json)
            {
                context.Output.RawJson($$"""{"loggedOut":true,"tokenWasValid":{{(alreadyInvalid ? "false" : "true")}}}""");
            }
            else
            {
                context.Output.Line(alreadyInvalid ? "the saved token was no longer valid; removed it from the profile" : "logged out");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command CreatePassword(CommandHost host)
    {
        var passwordStdin = new Option<bool>("--password-stdin")
        {
            Description = "Read the current and the new password from two lines of standard input (the default without a terminal)",
        };
        var change = new Command("change", "Change your own password") { passwordStdin };
        host.Handle(change, async (context, ct) =>
        {
            string current;
            string next;
            if (context.Value(passwordStdin) || !context.Passwords.CanPrompt)
            {
                current = await context.Passwords.ReadLineAsync("current password", ct);
                next = await context.Passwords.ReadLineAsync("new password", ct);
            }
            else
            {
                current = await context.Passwords.PromptAsync("Current password:", confirm: false, ct);
                next = await context.Passwords.PromptAsync("New password:", confirm: true, ct);
            }
            using var api = context.Authenticated();
            await api.PostAsync("api/v1/auth/password", new { currentPassword = current, newPassword = next }, ct);
            if (context.Json)
            {
                context.Output.RawJson("""{"passwordChanged":true}""");
            }
            else
            {
                context.Output.Line("password changed");
            }
            return ExitCodes.Success;
        });
        return new Command("password", "Manage your password") { change };
    }

    private static async Task<string> LoginAsync(CommandContext context, ApiClient api, string username, string password, string? totp,
        CancellationToken ct)
    {
        var tokenName = $"cli@{context.Console.HostName}";
        tokenName = tokenName.Length <= MaxTokenName ? tokenName : tokenName[..MaxTokenName];
        try
        {
            return await api.PostAsync("api/v1/auth/login", new { username, password, totp, mode = "token", tokenName }, ct);
        }
        catch (CliException failure) when (failure.Code == "mfa_required" && totp is null && context.Passwords.CanPrompt)
        {
            var code = await context.Passwords.PromptAsync("One-time code:", confirm: false, ct);
            return await api.PostAsync("api/v1/auth/login", new { username, password, totp = code, mode = "token", tokenName }, ct);
        }
    }
}
