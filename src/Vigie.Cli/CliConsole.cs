using System.Collections;
using Spectre.Console;

namespace Vigie.Cli;

/// <summary>
/// What <c>vigie</c> sees of its surroundings: standard streams, environment variables, whether it may
/// prompt, the clock and the host name. Tests build one with their own streams and variables so the CLI
/// runs in-process without touching the real environment.
/// </summary>
public sealed class CliConsole
{
    public CliConsole(TextReader input, TextWriter output, TextWriter error, IReadOnlyDictionary<string, string?> environment)
    {
        In = input;
        Out = output;
        Error = error;
        Environment = environment;
    }

    public TextReader In { get; }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    public IReadOnlyDictionary<string, string?> Environment { get; }

    /// <summary>Where secrets are prompted for (on the terminal); null never prompts.</summary>
    public IAnsiConsole? Prompter { get; init; }

    /// <summary>True when standard output is a terminal: colours and its real width are used.</summary>
    public bool OutputIsTerminal { get; init; }

    /// <summary>True when standard error is a terminal: progress is drawn there as a live bar instead of one line per step.</summary>
    public bool ErrorIsTerminal { get; init; }

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public string HostName { get; init; } = System.Environment.MachineName;

    /// <summary>The value of an environment variable; empty counts as unset.</summary>
    public string? Variable(string name) =>
        Environment.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    public static CliConsole FromProcess()
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = entry.Value as string;
        }
        var interactive = !Console.IsInputRedirected && !Console.IsErrorRedirected;
        return new CliConsole(Console.In, Console.Out, Console.Error, variables)
        {
            // Prompts go to stderr so that stdout stays clean for pipes.
            Prompter = interactive
                ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error), Interactive = InteractionSupport.Yes })
                : null,
            OutputIsTerminal = !Console.IsOutputRedirected,
            ErrorIsTerminal = !Console.IsErrorRedirected,
        };
    }
}
