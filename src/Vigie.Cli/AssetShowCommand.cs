using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Vigie.Core.Inventory.Assets;

namespace Vigie.Cli;

/// <summary><c>vigie asset show</c>: one asset with its hardware, agents and software, and with <c>--history</c> its recorded changes.</summary>
internal static class AssetShowCommand
{
    private const int DefaultHistoryLimit = 50;

    public static Command Create(CommandHost host)
    {
        var asset = new Argument<string>("asset") { Description = "Asset name or id" };
        var history = new Option<bool>("--history") { Description = "Also show the asset's recorded changes, newest first" };
        var historyLimit = UserCommands.LimitOption($"With --history: at most this many changes (default {DefaultHistoryLimit})", "--history-limit");
        var command = new Command("show", "Show an asset: hardware, addresses, agents, software") { asset, history, historyLimit };
        host.Handle(command, async (context, ct) =>
        {
            using var api = context.Authenticated();
            var id = await AssetLookup.ResolveAsync(api, context.Value(asset)!, ct);
            var body = await api.GetAsync($"api/v1/assets/{id}", ct);
            string? changes = null;
            if (context.Value(history))
            {
                var limit = (context.Value(historyLimit) ?? DefaultHistoryLimit).ToString(CultureInfo.InvariantCulture);
                changes = await api.GetAsync(QueryString.Append($"api/v1/assets/{id}/history", ("limit", limit)), ct);
            }
            if (context.Json)
            {
                context.Output.RawJson(changes is null ? body : WithHistory(body, changes));
                return ExitCodes.Success;
            }
            Print(context.Output, WireJson.Read<AssetDetail>(body));
            if (changes is not null)
            {
                context.Output.Line("");
                context.Output.Line("History:");
                context.Output.Table(["Time", "Change", "Subject", "Old", "New"], WireJson.Read<List<HistoryEntry>>(changes)
                    .Select(h => (IReadOnlyList<string>)[Output.Time(h.OccurredAt), h.Change, h.Subject, h.OldValue ?? "", h.NewValue ?? ""]));
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Print(Output output, AssetDetail detail)
    {
        var a = detail.Asset;
        List<(string Label, string? Value)> fields =
        [
            ("Name", a.Name), ("Id", a.Id.ToString()), ("Kind", a.Kind), ("Source", a.Source),
            ("OS", a.OsFullName ?? Join(a.OsName, a.OsVersion)), ("Kernel", a.Kernel), ("Architecture", a.Architecture),
            ("Hardware", Join(a.Manufacturer, a.Model)), ("Serial", a.Serial), ("Firmware", a.Firmware),
            ("IP", a.IpAddress), ("MACs", string.Join(' ', detail.Macs)), ("Tag", AssetCommands.TagText(a)), ("Blocked", Output.YesNo(a.Blocked)),
            ("First seen", Output.Time(a.FirstSeen)), ("Last seen", Output.Time(a.LastSeen)), ("Last inventory", Output.Time(a.LastInventory)),
        ];
        var shown = fields.Select(f => f.Value).Concat([a.Name, a.OsName, a.OsFullName, a.Manufacturer, a.Model])
            .OfType<string>().ToHashSet(StringComparer.Ordinal);
        fields.AddRange(DetailFields(detail.Details).Where(f => !shown.Contains(f.Value ?? "")));
        output.Fields(fields);
        output.Line("");
        output.Line("Agents:");
        output.Table(["Device id", "Agent", "First seen", "Last seen"], detail.Agents.Select(g => (IReadOnlyList<string>)
            [g.DeviceId, g.Agent, Output.Time(g.FirstSeen), Output.Time(g.LastSeen)]));
        output.Line("");
        output.Line($"Software ({detail.Software.Count}):");
        output.Table(["Name", "Version", "Architecture", "Publisher", "Installed"], detail.Software.Select(s => (IReadOnlyList<string>)
            [s.Name, s.Version ?? "", s.Architecture ?? "", s.Publisher ?? "", s.InstallDate ?? ""]));
    }

    /// <summary>
    /// The free-form hardware details as fields: the scalars of each section on their own, each element of a list on a
    /// line of <c>name=value</c> pairs. Their shape depends on the source (agent or SNMP), so no particular name is assumed.
    /// </summary>
    private static IEnumerable<(string Label, string? Value)> DetailFields(JsonElement details)
    {
        if (details.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }
        foreach (var section in details.EnumerateObject())
        {
            switch (section.Value.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var member in section.Value.EnumerateObject())
                    {
                        yield return (Label(member.Name), Scalar(member.Value));
                    }
                    break;
                case JsonValueKind.Array:
                    foreach (var element in section.Value.EnumerateArray())
                    {
                        yield return (Label(section.Name), element.ValueKind == JsonValueKind.Object ? Pairs(element) : Scalar(element));
                    }
                    break;
                default:
                    yield return (Label(section.Name), Scalar(section.Value));
                    break;
            }
        }
    }

    private static string? Pairs(JsonElement value)
    {
        var pairs = value.EnumerateObject()
            .Where(p => p.Value.ValueKind is not (JsonValueKind.False or JsonValueKind.Null) && Scalar(p.Value) is { Length: > 0 })
            .Select(p => $"{p.Name}={Scalar(p.Value)}").ToArray();
        return pairs.Length == 0 ? null : string.Join(' ', pairs);
    }

    private static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => null,
    };

    /// <summary><c>memoryMb</c> as "Memory mb", <c>os_version</c> as "Os version".</summary>
    private static string Label(string name)
    {
        var words = new StringBuilder();
        foreach (var c in name)
        {
            if (c is '_' or '-')
            {
                words.Append(' ');
            }
            else if (char.IsUpper(c) && words.Length > 0)
            {
                words.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                words.Append(words.Length == 0 ? char.ToUpperInvariant(c) : c);
            }
        }
        return words.ToString();
    }

    private static string? Join(params string?[] parts)
    {
        var present = parts.Where(p => !string.IsNullOrWhiteSpace(p)).ToArray();
        return present.Length == 0 ? null : string.Join(' ', present);
    }

    /// <summary>The asset document with a <c>history</c> array added, the server's values untouched.</summary>
    private static string WithHistory(string body, string history)
    {
        try
        {
            using var detail = JsonDocument.Parse(body);
            using var changes = JsonDocument.Parse(history);
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream))
            {
                writer.WriteStartObject();
                foreach (var property in detail.RootElement.EnumerateObject())
                {
                    property.WriteTo(writer);
                }
                writer.WritePropertyName("history");
                changes.RootElement.WriteTo(writer);
                writer.WriteEndObject();
            }
            return Encoding.UTF8.GetString(stream.ToArray());
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            throw new CliException(ExitCodes.Failure, "the server's answer is not the expected asset JSON");
        }
    }
}
