using System.CommandLine;
using Vigie.Core.Identity;

namespace Vigie.Cli;

/// <summary><c>vigie token create|list|revoke</c>.</summary>
internal static class TokenCommands
{
    private static readonly string[] Headers = ["Id", "Name", "Owner", "Scopes", "Created", "Expires", "Last used", "Status"];

    public static Command Create(CommandHost host) => new("token", "Manage API tokens") { CreateToken(host), List(host), Revoke(host) };

    private static Command CreateToken(CommandHost host)
    {
        var name = new Option<string>("--name") { Description = "What the token is for", Required = true };
        var scopes = new Option<string[]>("--scope")
        {
            Description = "A permission the token carries (repeatable; '*' is everything the owner's role grants)",
            DefaultValueFactory = _ => ["*"],
        };
        var days = new Option<int?>("--days") { Description = "Lifetime in days (default: the server's)" };
        var user = new Option<string?>("--user") { Description = "The API user (name or id) the token is for (default: yourself)" };
        var command = new Command("create", "Create a token; its secret is shown once") { name, scopes, days, user };
        host.Handle(command, async (context, ct) =>
        {
            using var api = context.Authenticated();
            Guid? userId = context.Value(user) is { } owner ? await UserLookup.ResolveAsync(api, owner, ct) : null;
            var body = await api.PostAsync("api/v1/tokens", new
            {
                name = context.Value(name),
                scopes = context.Value(scopes),
                expiresInDays = context.Value(days),
                userId,
            }, ct);
            if (context.Json)
            {
                context.Output.RawJson(body);
                return ExitCodes.Success;
            }
            var created = WireJson.Read<CreatedToken>(body);
            var token = created.Token;
            context.Output.Line($"created token '{token.Name}' for {token.Owner} " +
                $"(id {token.Id}, scopes {string.Join(' ', token.Scopes)}, expires {Output.Time(token.ExpiresAt)})");
            context.Output.Line(created.Secret);
            context.Output.Warn("this is the only time the secret is shown: store it now");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command List(CommandHost host)
    {
        var all = new Option<bool>("--all") { Description = "Every user's tokens (needs tokens.read), not only yours" };
        var command = new Command("list", "List tokens (never their secrets)") { all };
        host.Handle(command, async (context, ct) =>
        {
            using var api = context.Authenticated();
            var body = await api.GetAsync(context.Value(all) ? "api/v1/tokens?all=true" : "api/v1/tokens", ct);
            if (context.Json)
            {
                context.Output.RawJson(body);
                return ExitCodes.Success;
            }
            var now = context.Console.Clock.GetUtcNow();
            context.Output.Table(Headers, WireJson.Read<List<TokenView>>(body).Select(t => (IReadOnlyList<string>)
            [
                t.Id.ToString(), t.Name, t.Owner, string.Join(' ', t.Scopes), Output.Time(t.CreatedAt), Output.Time(t.ExpiresAt),
                Output.Time(t.LastUsedAt), Status(t, now),
            ]));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Revoke(CommandHost host)
    {
        var id = new Argument<Guid>("id") { Description = "The token's id (see 'vigie token list')" };
        var command = new Command("revoke", "Revoke a token; it stops working at once") { id };
        host.Handle(command, async (context, ct) =>
        {
            using var api = context.Authenticated();
            var body = await api.DeleteAsync($"api/v1/tokens/{context.Value(id)}", ct);
            if (context.Json)
            {
                context.Output.RawJson(body);
                return ExitCodes.Success;
            }
            var token = WireJson.Read<TokenView>(body);
            context.Output.Line($"revoked token '{token.Name}' of {token.Owner} ({token.Id})");
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Status(TokenView token, DateTimeOffset now) =>
        token.RevokedAt is not null ? "revoked" : token.ExpiresAt <= now ? "expired" : "active";
}
