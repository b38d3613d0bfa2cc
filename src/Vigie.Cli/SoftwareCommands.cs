using System.CommandLine;
using System.Globalization;
using Vigie.Core.Inventory.Assets;

namespace Vigie.Cli;

/// <summary><c>vigie software find</c>: where a program is installed across the fleet.</summary>
internal static class SoftwareCommands
{
    private const int DefaultLimit = 1000;
    private static readonly string[] Headers = ["Asset", "Name", "Version", "Architecture", "Publisher", "Package"];

    public static Command Create(CommandHost host) => new("software", "Search the software installed across the fleet") { Find(host) };

    private static Command Find(CommandHost host)
    {
        var name = new Argument<string>("name") { Description = "The program's name (exact, case-insensitive; '*' matches anything)" };
        var version = new Option<string?>("--version")
        {
            Description = "Only installations whose version matches, e.g. '<3.0.11' (operators <, <=, >, >=, =, !=)",
        };
        var limit = UserCommands.LimitOption($"At most this many installations (default {DefaultLimit})");
        var command = new Command("find", "List the assets where a program is installed, with its versions") { name, version, limit };
        host.Handle(command, async (context, ct) =>
        {
            var take = context.Value(limit) ?? DefaultLimit;
            using var api = context.Authenticated();
            var body = await api.GetAsync(QueryString.Append("api/v1/software", ("name", context.Value(name)), ("version", context.Value(version)),
                ("limit", take.ToString(CultureInfo.InvariantCulture))), ct);
            if (context.Json)
            {
                context.Output.RawJson(body);
                return ExitCodes.Success;
            }
            var found = WireJson.Read<List<SoftwareInstallation>>(body);
            context.Output.Table(Headers, found.Select(s => (IReadOnlyList<string>)
                [s.AssetName, s.Name, s.Version ?? "", s.Architecture ?? "", s.Publisher ?? "", s.PackageName ?? ""]));
            if (found.Count >= take)
            {
                context.Output.Note("(more installations may exist: raise --limit)");
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
