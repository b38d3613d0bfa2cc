using Spectre.Console;

namespace Vigie.Cli;

/// <summary>
/// Shows an upload's progress on stderr, so that stdout keeps only results: a live Spectre bar of the bytes sent when
/// stderr is a terminal, else one line once the whole file has been sent.
/// </summary>
internal static class UploadProgress
{
    private const int BarWidth = 20;

    // The bar, percentage, sizes, speed, spinner and " (importing)" beside the file name, with their separators.
    private const int OtherColumnsWidth = BarWidth + 46;
    private const int ShortestName = 12;

    /// <summary>Runs <paramref name="upload"/>, which reports the number of bytes sent so far through the action it is given.</summary>
    public static Task<T> ShowAsync<T>(CliConsole console, string name, long length, Func<Action<long>, Task<T>> upload)
    {
        if (!console.ErrorIsTerminal)
        {
            var reported = 0;
            return upload(sent =>
            {
                if (sent >= length && Interlocked.Exchange(ref reported, 1) == 0)
                {
                    console.Error.WriteLine($"{name}: uploaded {Output.Size(length)}, importing");
                }
            });
        }
        var terminal = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(console.Error),
            Interactive = InteractionSupport.Yes,
        });
        return terminal.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn { Width = BarWidth }, new PercentageColumn(), new DownloadedColumn(),
                new TransferSpeedColumn(), new SpinnerColumn())
            .StartAsync(progress =>
            {
                // Descriptions are Spectre markup: a file name with brackets must not be read as markup.
                var label = Markup.Escape(Shorten(name, terminal.Profile.Width - OtherColumnsWidth));
                var task = progress.AddTask(label, maxValue: Math.Max(length, 1));
                return upload(sent =>
                {
                    task.Value = sent;
                    if (sent >= length)
                    {
                        task.Description = $"{label} [grey](importing)[/]";
                    }
                });
            });
    }

    /// <summary>A long file name cut in its middle, so that its start and its extension stay visible.</summary>
    private static string Shorten(string name, int room)
    {
        var width = Math.Max(room, ShortestName);
        if (name.Length <= width)
        {
            return name;
        }
        var tail = (width - 1) / 2;
        return string.Concat(name.AsSpan(0, width - 1 - tail), "…", name.AsSpan(name.Length - tail));
    }
}
