using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Vigie.Cli;

/// <summary>
/// Where results go: plain lines and Spectre tables for people, raw JSON with <c>--json</c>; warnings
/// and errors on stderr. Values are written as text, never parsed as Spectre markup.
/// </summary>
internal sealed class Output
{
    private const int PipeWidth = 200;
    private readonly CliConsole _console;
    private readonly IAnsiConsole _ansi;

    public Output(CliConsole console, bool json)
    {
        _console = console;
        Json = json;
        _ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(console.Out),
            Ansi = console.OutputIsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = console.OutputIsTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!console.OutputIsTerminal)
        {
            // Piped output is not cut at the 80 columns Spectre assumes without a terminal.
            _ansi.Profile.Width = PipeWidth;
        }
    }

    public bool Json { get; }

    public void Line(string text) => _console.Out.WriteLine(text);

    public void Warn(string text) => _console.Error.WriteLine($"warning: {text}");

    public void Note(string text) => _console.Error.WriteLine(text);

    /// <summary>A JSON body as the server sent it, on one line of its own.</summary>
    public void RawJson(string body) => _console.Out.WriteLine(body.Trim());

    /// <summary>A document that is not JSON (a CSV export) exactly as the server sent it.</summary>
    public void Raw(string text) => _console.Out.Write(text);

    /// <summary>
    /// <c>label: value</c> lines with the values aligned, a value of several lines indented under its first; fields
    /// without a value are left out.
    /// </summary>
    public void Fields(IEnumerable<(string Label, string? Value)> fields)
    {
        var present = fields.Where(f => !string.IsNullOrEmpty(f.Value)).ToList();
        var width = present.Count == 0 ? 0 : present.Max(f => f.Label.Length) + 2;
        var indent = Environment.NewLine + new string(' ', width);
        foreach (var (label, value) in present)
        {
            var lines = value!.ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim());
            Line((label + ":").PadRight(width) + string.Join(indent, lines));
        }
    }

    public void Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(new Text(header)));
        }
        var count = 0;
        foreach (var row in rows)
        {
            table.AddRow(row.Select(cell => (IRenderable)new Text(cell)).ToArray());
            count++;
        }
        if (count == 0)
        {
            Line("(none)");
            return;
        }
        _ansi.Write(table);
    }

    public static string Time(DateTimeOffset? value) =>
        value is { } v ? v.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-";

    public static string YesNo(bool value) => value ? "yes" : "no";

    /// <summary>A file size for people: <c>9.2 KiB</c>, <c>1.4 GiB</c>.</summary>
    public static string Size(long bytes)
    {
        string[] units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} {units[0]}")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }
}
