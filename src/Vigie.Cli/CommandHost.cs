using System.CommandLine;

namespace Vigie.Cli;

/// <summary>
/// The global options and the console shared by every command; wires a command's handler so that it
/// receives a <see cref="CommandContext"/> for the current invocation.
/// </summary>
internal sealed class CommandHost
{
    public CommandHost(CliConsole console) => Console = console;

    public CliConsole Console { get; }

    public Option<string?> Url { get; } = new("--url")
    {
        Description = "Vigie server URL (default: VIGIE_URL, then the profile written by 'vigie login')",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Machine output: the server's JSON bodies on stdout, and problem documents on stderr",
        Recursive = true,
    };

    public void Handle(Command command, Func<CommandContext, CancellationToken, Task<int>> handler) =>
        command.SetAction((parse, ct) => handler(new CommandContext(this, parse), ct));

    public static Option<bool> PasswordStdin(string what = "the password") => new("--password-stdin")
    {
        Description = $"Read {what} from one line of standard input (else VIGIE_PASSWORD, else a prompt)",
    };
}
