using System.CommandLine;
using System.Text;
using System.Text.Json;
using Vigie.Core.Inventory.Assets;

namespace Vigie.Cli;

/// <summary><c>vigie asset list|search|show|export|tag|block|unblock</c>.</summary>
internal static class AssetCommands
{
    /// <summary>The server's export stops at this many assets.</summary>
    private const int ExportCap = 5000;
    private static readonly string[] Headers = ["Name", "Kind", "OS", "IP", "Tag", "Last seen"];

    public static Command Create(CommandHost host) => new("asset", "Browse the inventoried computers and network devices, tag and block them")
    {
        List(host), Search(host), AssetShowCommand.Create(host), Export(host), Tag(host),
        SetBlocked(host, "block", blocked: true, "Block an asset: its agent is told to stop and its inventories are refused"),
        SetBlocked(host, "unblock", blocked: false, "Accept an asset's inventories again"),
    };

    private static Command List(CommandHost host)
    {
        var search = new Option<string?>("--search") { Description = "Only assets whose name, IP address or serial number contains this text" };
        var limit = UserCommands.LimitOption("At most this many assets (default: all)");
        var filters = new AssetFilters();
        var command = new Command("list", "List assets by name") { search, limit };
        filters.AddTo(command);
        host.Handle(command, (context, ct) => ListAsync(context, filters.Query(context, context.Value(search)), context.Value(limit), ct));
        return command;
    }

    private static Command Search(CommandHost host)
    {
        var text = new Argument<string>("text") { Description = "Text in the name, IP address or serial number" };
        var limit = UserCommands.LimitOption("At most this many assets (default: all)");
        var filters = new AssetFilters();
        var command = new Command("search", "List the assets whose name, IP address or serial number contains a text") { text, limit };
        filters.AddTo(command);
        host.Handle(command, (context, ct) => ListAsync(context, filters.Query(context, context.Value(text)), context.Value(limit), ct));
        return command;
    }

    private static async Task<int> ListAsync(CommandContext context, (string Name, string? Value)[] query, int? limit, CancellationToken ct)
    {
        using var api = context.Authenticated();
        var listing = await Listing.CollectAsync(api, QueryString.Append("api/v1/assets", query), limit, ct);
        if (context.Json)
        {
            context.Output.RawJson(listing.ToJson());
            return ExitCodes.Success;
        }
        context.Output.Table(Headers, listing.Items.Select(WireJson.Read<AssetSummary>).Select(a => (IReadOnlyList<string>)
        [
            a.Name, a.Kind, a.OsFullName ?? a.OsName ?? "-", a.IpAddress ?? "-", TagText(a), Output.Time(a.LastSeen),
        ]));
        if (listing.NextCursor is not null)
        {
            context.Output.Note("(more assets exist: raise --limit)");
        }
        return ExitCodes.Success;
    }

    private static Command Export(CommandHost host)
    {
        var search = new Option<string?>("--search") { Description = "Only assets whose name, IP address or serial number contains this text" };
        var output = new Option<string?>("--output", "-o") { Description = "Write the CSV to this file (default: standard output)" };
        var filters = new AssetFilters();
        var command = new Command("export", $"Export assets as CSV (at most {ExportCap}; the filters are those of 'asset list')") { search, output };
        filters.AddTo(command);
        host.Handle(command, async (context, ct) =>
        {
            using var api = context.Authenticated();
            var (csv, mediaType) = await api.DownloadAsync(
                QueryString.Append("api/v1/assets/export.csv", filters.Query(context, context.Value(search))), "text/csv", ct);
            if (!string.Equals(mediaType, "text/csv", StringComparison.OrdinalIgnoreCase))
            {
                throw new CliException(ExitCodes.Failure, $"the server's answer is not CSV ({mediaType ?? "no content type"})");
            }
            var assets = Math.Max(0, CountRecords(csv) - 1);
            if (context.Value(output) is not { } path)
            {
                context.Output.Raw(csv);
            }
            else
            {
                await WriteAsync(path, csv, ct);
                if (context.Json)
                {
                    context.Output.RawJson(JsonSerializer.Serialize(new { output = Path.GetFullPath(path), assets }, WireJson.Options));
                }
                else
                {
                    context.Output.Line($"wrote {assets} assets to {path}");
                }
            }
            if (assets >= ExportCap)
            {
                context.Output.Warn($"the export stops at {ExportCap} assets: narrow it with the filters");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Tag(CommandHost host)
    {
        var asset = new Argument<string>("asset") { Description = "Asset name or id" };
        var tag = new Argument<string>("tag") { Description = "The TAG, sent to the asset's agent in the answer to its next inventory" };
        var command = new Command("tag", "Set the TAG of an agent's asset (the agent adopts it at its next inventory)") { asset, tag };
        host.Handle(command, async (context, ct) =>
        {
            using var api = context.Authenticated();
            var id = await AssetLookup.ResolveAsync(api, context.Value(asset)!, ct);
            var value = context.Value(tag)!.Trim();
            await api.PutAsync($"api/v1/assets/{id}/tag", new { tag = value }, ct);
            if (context.Json)
            {
                context.Output.RawJson(JsonSerializer.Serialize(new { id, pendingTag = value }, WireJson.Options));
                return ExitCodes.Success;
            }
            context.Output.Line($"{context.Value(asset)}: TAG '{value}' is pending until its agent's next inventory");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command SetBlocked(CommandHost host, string verb, bool blocked, string description)
    {
        var asset = new Argument<string>("asset") { Description = "Asset name or id" };
        var command = new Command(verb, description) { asset };
        host.Handle(command, async (context, ct) =>
        {
            using var api = context.Authenticated();
            var id = await AssetLookup.ResolveAsync(api, context.Value(asset)!, ct);
            await api.PutAsync($"api/v1/assets/{id}/blocked", new { blocked }, ct);
            if (context.Json)
            {
                context.Output.RawJson(JsonSerializer.Serialize(new { id, blocked }, WireJson.Options));
                return ExitCodes.Success;
            }
            context.Output.Line($"{verb}ed {context.Value(asset)}");
            return ExitCodes.Success;
        });
        return command;
    }

    internal static string TagText(AssetSummary a) =>
        a.PendingTag is { } pending && pending != a.Tag ? $"{a.Tag ?? "-"} (pending: {pending})" : a.Tag ?? "-";

    /// <summary>CSV records, not lines: a quoted cell may hold a line break.</summary>
    private static int CountRecords(string csv)
    {
        var records = 0;
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            if (csv[i] == '"')
            {
                quoted = !quoted;
            }
            else if (csv[i] == '\n' && !quoted)
            {
                records++;
            }
        }
        return csv.Length > 0 && csv[^1] != '\n' ? records + 1 : records;
    }

    private static async Task WriteAsync(string path, string csv, CancellationToken ct)
    {
        try
        {
            await File.WriteAllTextAsync(path, csv, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), ct);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Failure, $"cannot write {path}: {ex.Message}");
        }
    }
}
