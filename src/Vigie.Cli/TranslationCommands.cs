using System.CommandLine;

namespace Vigie.Cli;

/// <summary>
/// <c>vigie translations show|set</c>: the table that names installed programs as CPE products. Show it to a file, edit,
/// set it back; the server checks the whole table and keeps the old one when anything in it is wrong.
/// </summary>
internal static class TranslationCommands
{
    private const long MaxTableBytes = 8 * 1024 * 1024;

    public static Command Create(CommandHost host)
    {
        var show = new Command("show", "Print the translation table as JSON (redirect it to a file to edit it)");
        host.Handle(show, async (context, ct) =>
        {
            using var api = context.Authenticated();
            context.Output.RawJson(await api.GetAsync("api/v1/translations", ct));
            return ExitCodes.Success;
        });

        var file = new Argument<string>("file") { Description = "The whole table as JSON, in the form 'translations show' prints" };
        var set = new Command("set", "Replace the translation table (administrators); the fleet is then re-evaluated in the background") { file };
        host.Handle(set, async (context, ct) =>
        {
            var path = context.Value(file)!;
            var json = await ReadAsync(path, ct);
            using var api = context.Authenticated();
            var body = await api.PutJsonTextAsync("api/v1/translations", json, ct);
            if (context.Json)
            {
                context.Output.RawJson(body);
                return ExitCodes.Success;
            }
            context.Output.Line($"translation table replaced: {WireJson.Read<Saved>(body).Rules} rules");
            return ExitCodes.Success;
        });

        return new Command("translations", "The table translating installed programs to CPE products") { show, set };
    }

    private static async Task<string> ReadAsync(string path, CancellationToken ct)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw CliException.Usage($"{path}: no such file");
        }
        if (info.Length > MaxTableBytes)
        {
            throw CliException.Usage($"{path}: larger than {MaxTableBytes / (1024 * 1024)} MiB, not a translation table");
        }
        try
        {
            return await File.ReadAllTextAsync(path, ct);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"{path}: cannot be read ({ex.GetType().Name})");
        }
    }

    private sealed record Saved(int Rules);
}
