using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace Vigie.Cli;

/// <summary>
/// The <c>vigie</c> command line: builds the command tree, runs one invocation and turns every failure into
/// a message on stderr and an exit code (see <see cref="ExitCodes"/>), never a stack trace.
/// </summary>
public static class Cli
{
    public static Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr,
        IReadOnlyDictionary<string, string?> environment, CancellationToken ct = default) =>
        RunAsync(args, new CliConsole(stdin, stdout, stderr, environment), ct);

    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken ct = default)
    {
        var host = new CommandHost(console);
        var root = BuildCommands(host);
        // No @response-file expansion: "@name" is a legitimate user name.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Action is ParseErrorAction)
        {
            foreach (var error in parse.Errors)
            {
                await console.Error.WriteLineAsync($"error: {error.Message}");
            }
            await console.Error.WriteLineAsync($"see '{CommandPath(parse)} --help'");
            return ExitCodes.Usage;
        }
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                Output = console.Out,
                Error = console.Error,
                EnableDefaultExceptionHandler = false,
            }, ct);
        }
        catch (CliException failure)
        {
            await ReportAsync(console, failure, parse.GetValue(host.Json));
            return failure.ExitCode;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await console.Error.WriteLineAsync("error: cancelled");
            return ExitCodes.Cancelled;
        }
        catch (Exception unexpected) when (unexpected is not OutOfMemoryException)
        {
            await console.Error.WriteLineAsync($"error: unexpected failure ({unexpected.GetType().Name}): {unexpected.Message}");
            return ExitCodes.Failure;
        }
    }

    internal static RootCommand BuildCommands(CommandHost host)
    {
        var root = new RootCommand("Vigie command-line tool: set up, sign in, manage users, tokens and the audit trail, browse the inventory, manage SNMP devices, import and look up CVEs, review vulnerability findings, migrate the database.")
        {
            host.Url,
            host.Json,
            SetupCommand.Create(host),
            LoginCommands.CreateLogin(host),
            LoginCommands.CreateLogout(host),
            LoginCommands.CreatePassword(host),
            UserCommands.Create(host),
            TokenCommands.Create(host),
            AuditCommands.Create(host),
            AssetCommands.Create(host),
            SoftwareCommands.Create(host),
            SnmpCommands.Create(host),
            CveCommands.Create(host),
            FindingsCommands.Create(host),
            DigestCommands.Create(host),
            // Until the vault command group lands: then VaultImportCommand.Create(host) joins its children.
            new Command("vault", "The password vault") { VaultImportCommand.Create(host) },
            TranslationCommands.Create(host),
            DbCommands.Create(host),
        };
        return root;
    }

    /// <summary>Writes a failure to stderr as <c>error: ...</c>, its details and, with <c>--json</c>, the problem document.</summary>
    internal static async Task ReportAsync(CliConsole console, CliException failure, bool json)
    {
        await console.Error.WriteLineAsync($"error: {failure.Message}");
        foreach (var line in failure.Details)
        {
            await console.Error.WriteLineAsync($"  {line}");
        }
        if (json && failure.ProblemJson is { } problem)
        {
            await console.Error.WriteLineAsync(problem.Trim());
        }
    }

    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (SymbolResult? result = parse.CommandResult;
             result is CommandResult command && command.Command is not RootCommand;
             result = command.Parent)
        {
            names.Insert(0, command.Command.Name);
        }
        names.Insert(0, "vigie");
        return string.Join(' ', names);
    }
}
