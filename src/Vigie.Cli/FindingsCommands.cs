using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Vigie.Core.Vulnerabilities.Findings;

namespace Vigie.Cli;

/// <summary><c>vigie findings list|fleet|evaluate|accept|reopen</c>: the vulnerabilities found on the assets and the decisions on them.</summary>
internal static class FindingsCommands
{
    internal const int DefaultLimit = 1000;
    private const string AcceptedRisk = "accepted_risk";
    private const string FalsePositive = "false_positive";

    /// <summary>Evaluating every asset after a large import can outlast the usual request timeout.</summary>
    private static readonly TimeSpan EvaluateTimeout = TimeSpan.FromMinutes(10);
    private static readonly string[] Headers = ["Id", "Asset", "CVE", "Severity", "KEV", "Software", "Installed → fixed", "Status", "Path"];

    public static Command Create(CommandHost host) => new("findings", "List the vulnerabilities found on the assets, evaluate them, accept a risk or reopen it")
    {
        List(host), FindingsFleetCommand.Create(host), Evaluate(host), Accept(host), Reopen(host),
    };

    /// <summary>The <c>--severity</c> filter, as the server spells the levels.</summary>
    internal static Option<string?> SeverityOption(string description)
    {
        var severity = new Option<string?>("--severity") { Description = description };
        severity.AcceptOnlyFromAmong("critical", "high", "medium", "low", "none");
        return severity;
    }

    private static Command List(CommandHost host)
    {
        var asset = new Option<string?>("--asset") { Description = "Only this asset's findings (name or id)" };
        var cve = new Option<string?>("--cve") { Description = "Only findings of this CVE, e.g. CVE-2024-3094" };
        var severity = SeverityOption("Only findings of this severity");
        var kev = new Option<bool>("--kev") { Description = "Only CVEs in CISA's Known Exploited Vulnerabilities catalogue" };
        var status = new Option<string?>("--status") { Description = "open (default), resolved or all" };
        status.AcceptOnlyFromAmong("open", "resolved", "all");
        var disposition = new Option<string?>("--disposition")
        {
            Description = "none (default: hide accepted risks and false positives still in force), decided (only those) or any",
        };
        disposition.AcceptOnlyFromAmong("none", "decided", "any");
        var limit = UserCommands.LimitOption($"At most this many findings (default {DefaultLimit})");
        var command = new Command("list", "List findings, the most severe first") { asset, cve, severity, kev, status, disposition, limit };
        host.Handle(command, async (context, ct) =>
        {
            var take = context.Value(limit) ?? DefaultLimit;
            using var api = context.Authenticated();
            Guid? assetId = context.Value(asset) is { } nameOrId ? await AssetLookup.ResolveAsync(api, nameOrId, ct) : null;
            var body = await api.GetAsync(QueryString.Append("api/v1/findings",
                ("asset", assetId?.ToString()), ("cve", context.Value(cve)?.Trim().ToUpperInvariant()), ("severity", context.Value(severity)),
                ("kev", context.Value(kev) ? "true" : null), ("status", context.Value(status)), ("disposition", context.Value(disposition)),
                ("limit", take.ToString(CultureInfo.InvariantCulture))), ct);
            if (context.Json)
            {
                context.Output.RawJson(body);
                return ExitCodes.Success;
            }
            var now = context.Console.Clock.GetUtcNow();
            var found = WireJson.Read<List<FindingView>>(body);
            context.Output.Table(Headers, found.Select(f => (IReadOnlyList<string>)
            [
                f.Id.ToString(), f.AssetName, f.CveId, Severity(f.Severity, f.CvssScore), Output.YesNo(f.Kev), f.Software,
                $"{f.InstalledVersion ?? "?"} → {f.FixedVersion ?? "(no fix)"}", Status(f, now), f.Path,
            ]));
            if (found.Count >= take)
            {
                context.Output.Note("(more findings may exist: raise --limit)");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Evaluate(CommandHost host)
    {
        var asset = new Option<string?>("--asset") { Description = "Only this asset (name or id); default: every asset" };
        var command = new Command("evaluate", "Match the assets' software against the knowledge base now (it also runs after each inventory)") { asset };
        host.Handle(command, async (context, ct) =>
        {
            using var api = context.Authenticated();
            var name = context.Value(asset);
            Guid? assetId = name is null ? null : await AssetLookup.ResolveAsync(api, name, ct);
            var body = await api.PostAsync("api/v1/findings/evaluate", new { assetId }, EvaluateTimeout, ct);
            if (context.Json)
            {
                context.Output.RawJson(body);
                return ExitCodes.Success;
            }
            if (assetId is not null)
            {
                var result = WireJson.Read<FindingsEvaluator.EvaluationResult>(body);
                context.Output.Line($"{name!.Trim()}: {result.Open} open ({result.Opened} newly opened, {result.Resolved} resolved)");
            }
            else
            {
                var fleet = WireJson.Read<FindingsEvaluator.FleetResult>(body);
                context.Output.Line($"{fleet.Assets} assets, {fleet.CatalogueEntries} distinct programs ({fleet.AffectedEntries} affected, on {fleet.Installations} installations): "
                    + $"{fleet.Open} open findings ({fleet.Opened} newly opened, {fleet.Resolved} resolved) in {fleet.ElapsedMs / 1000.0:0.0} s");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Accept(CommandHost host)
    {
        var id = new Argument<Guid>("finding-id") { Description = "The finding's id (see 'vigie findings list')" };
        var reason = new Option<string>("--reason") { Description = "Why the risk is accepted (kept in the audit trail)", Required = true };
        var until = new Option<DateTimeOffset>("--until")
        {
            Description = "When the decision lapses and the finding is listed again: an ISO 8601 date or time (UTC unless an offset is given), at most a year away",
            Required = true,
            CustomParser = ParseTime,
        };
        var falsePositive = new Option<bool>("--false-positive") { Description = "The finding is wrong (not an accepted risk)" };
        var command = new Command("accept", "Accept a finding's risk (or mark it a false positive) until a date: it is hidden from the default list until then")
        {
            id, reason, until, falsePositive,
        };
        host.Handle(command, async (context, ct) =>
        {
            using var api = context.Authenticated();
            var findingId = context.Value(id);
            var kind = context.Value(falsePositive) ? FalsePositive : AcceptedRisk;
            var expiresAt = context.Value(until);
            await api.PutAsync($"api/v1/findings/{findingId}/disposition", new { kind, reason = context.Value(reason), expiresAt }, ct);
            if (context.Json)
            {
                context.Output.RawJson(JsonSerializer.Serialize(new { id = findingId, disposition = kind, expiresAt }, WireJson.Options));
                return ExitCodes.Success;
            }
            var what = kind == FalsePositive ? "marked as a false positive" : "risk accepted";
            context.Output.Line($"finding {findingId}: {what} until {Output.Time(expiresAt)}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Reopen(CommandHost host)
    {
        var id = new Argument<Guid>("finding-id") { Description = "The finding's id (see 'vigie findings list --disposition decided')" };
        var command = new Command("reopen", "Withdraw the decision on a finding: it is listed again") { id };
        host.Handle(command, async (context, ct) =>
        {
            using var api = context.Authenticated();
            var findingId = context.Value(id);
            await api.DeleteAsync($"api/v1/findings/{findingId}/disposition", ct);
            if (context.Json)
            {
                context.Output.RawJson(JsonSerializer.Serialize(new { id = findingId, disposition = (string?)null }, WireJson.Options));
                return ExitCodes.Success;
            }
            context.Output.Line($"finding {findingId}: decision withdrawn, listed again");
            return ExitCodes.Success;
        });
        return command;
    }

    internal static DateTimeOffset ParseTime(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }
        result.AddError($"--until: '{text}' is not a date or time (e.g. 2026-12-31 or 2026-12-31T18:00:00Z)");
        return default;
    }

    /// <summary><c>HIGH 7.5</c>, the severity alone when no source scored the CVE, <c>-</c> when nothing is known.</summary>
    internal static string Severity(string? severity, double? cvssScore) => cvssScore is { } score
        ? string.Create(CultureInfo.InvariantCulture, $"{severity ?? "?"} {score:0.0}")
        : severity ?? "-";

    /// <summary>The status, and the decision on it while that decision is in force.</summary>
    private static string Status(FindingView f, DateTimeOffset now) =>
        f.Disposition is { } decided && f.DispositionExpiresAt > now
            ? $"{f.Status}, {decided.Replace('_', ' ')} until {Output.Time(f.DispositionExpiresAt)}"
            : f.Status;
}
