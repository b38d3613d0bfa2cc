using System.CommandLine;
using System.Globalization;
using Vigie.Core.Audit;

namespace Vigie.Cli;

/// <summary><c>vigie audit list|verify</c>.</summary>
internal static class AuditCommands
{
    private const int DefaultLimit = 50;
    private static readonly string[] Headers = ["Seq", "Time", "Actor", "Source", "Action", "Target", "Outcome", "Details"];

    public static Command Create(CommandHost host) => new("audit", "Read and verify the audit trail") { List(host), Verify(host) };

    private static Command List(CommandHost host)
    {
        var actor = new Option<string?>("--actor") { Description = "Only events by this user name" };
        var action = new Option<string?>("--action") { Description = "Only this action: a code (1010) or a name (identity.login.succeeded)" };
        var from = TimeOption("--from", "Only events at or after this time (ISO 8601; UTC unless an offset is given)");
        var to = TimeOption("--to", "Only events before this time");
        var limit = UserCommands.LimitOption($"At most this many events, newest first (default {DefaultLimit})");
        var command = new Command("list", "List audit events, newest first") { actor, action, from, to, limit };
        host.Handle(command, async (context, ct) =>
        {
            var path = QueryString.Append("api/v1/audit/events",
                ("actor", context.Value(actor)), ("action", context.Value(action)),
                ("from", Iso(context.Value(from))), ("to", Iso(context.Value(to))));
            using var api = context.Authenticated();
            var listing = await Listing.CollectAsync(api, path, context.Value(limit) ?? DefaultLimit, ct);
            if (context.Json)
            {
                context.Output.RawJson(listing.ToJson());
                return ExitCodes.Success;
            }
            context.Output.Table(Headers, listing.Items.Select(WireJson.Read<AuditEvent>).Select(e => (IReadOnlyList<string>)
            [
                e.Seq.ToString(CultureInfo.InvariantCulture), Output.Time(e.OccurredAt), e.ActorName, e.Source,
                $"{e.Action} {e.ActionName}", e.Target, e.Outcome, e.Details == "{}" ? "" : e.Details,
            ]));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Verify(CommandHost host)
    {
        var command = new Command("verify", $"Check the audit chain; exit code {ExitCodes.AuditChainBroken} when it is broken");
        host.Handle(command, async (context, ct) =>
        {
            using var api = context.Authenticated();
            var body = await api.GetAsync("api/v1/audit/verify", ct);
            var result = WireJson.Read<AuditChainResult>(body);
            if (context.Json)
            {
                context.Output.RawJson(body);
            }
            else if (result.Valid)
            {
                context.Output.Line(result.LastSeq is { } last
                    ? $"audit chain intact: {result.Checked} events checked, last #{last}"
                    : "audit chain intact: no events yet");
            }
            else
            {
                context.Output.Line($"audit chain BROKEN at row #{result.FirstBrokenSeq}: {result.Reason}");
                context.Output.Line($"{result.Checked} events before it are intact");
            }
            return result.Valid ? ExitCodes.Success : ExitCodes.AuditChainBroken;
        });
        return command;
    }

    private static Option<DateTimeOffset?> TimeOption(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
            {
                return value;
            }
            result.AddError($"{name}: '{text}' is not an ISO 8601 date or time");
            return null;
        },
    };

    private static string? Iso(DateTimeOffset? value) => value?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
}
