using Spectre.Console;

namespace Vigie.Cli;

/// <summary>
/// Reads secrets without ever taking them as a command-line value (visible in <c>ps</c> and shell history):
/// one line of stdin with <c>--password-stdin</c>, else <c>VIGIE_PASSWORD</c>, else a hidden prompt.
/// </summary>
internal sealed class PasswordInput
{
    public const string Variable = "VIGIE_PASSWORD";
    private readonly CliConsole _console;

    public PasswordInput(CliConsole console) => _console = console;

    public async Task<string> ReadAsync(bool fromStdin, string prompt, bool confirm, CancellationToken ct)
    {
        if (fromStdin)
        {
            return await ReadLineAsync("password", ct);
        }
        if (_console.Variable(Variable) is { } fromEnvironment)
        {
            return fromEnvironment;
        }
        return await PromptAsync(prompt, confirm, ct);
    }

    /// <summary>
    /// A secret other than an account password (an SNMP community, say): the next line of stdin when
    /// <paramref name="fromStdin"/>, else the environment <paramref name="variable"/>, else a hidden prompt.
    /// </summary>
    public async Task<string> ReadSecretAsync(bool fromStdin, string what, string variable, string stdinOption, CancellationToken ct)
    {
        if (fromStdin)
        {
            return await ReadLineAsync(what, ct);
        }
        if (_console.Variable(variable) is { } fromEnvironment)
        {
            return fromEnvironment;
        }
        var prompter = _console.Prompter ?? throw CliException.Usage($"no {what} given: use {stdinOption} or set {variable}");
        var value = await Ask($"{char.ToUpperInvariant(what[0])}{what[1..]}:").ShowAsync(prompter, ct);
        return string.IsNullOrEmpty(value) ? throw CliException.Usage($"the {what} is empty") : value;
    }

    /// <summary>The next line of stdin, which must hold a non-empty secret.</summary>
    public async Task<string> ReadLineAsync(string what, CancellationToken ct)
    {
        var line = await _console.In.ReadLineAsync(ct);
        if (string.IsNullOrEmpty(line))
        {
            throw CliException.Usage($"expected the {what} on a line of standard input");
        }
        return line;
    }

    public Task<string> PromptAsync(string prompt, bool confirm, CancellationToken ct) => PromptAsync(prompt, confirm, allowEmpty: false, ct);

    /// <summary>A hidden prompt; with <paramref name="allowEmpty"/> an empty answer (meaning "no change") is returned as it is.</summary>
    public async Task<string> PromptAsync(string prompt, bool confirm, bool allowEmpty, CancellationToken ct)
    {
        var prompter = _console.Prompter
            ?? throw CliException.Usage($"no password given: use --password-stdin or set {Variable}");
        var value = await Ask(prompt, allowEmpty).ShowAsync(prompter, ct);
        if (confirm && value.Length > 0 && await Ask("Repeat it:", allowEmpty).ShowAsync(prompter, ct) != value)
        {
            throw CliException.Usage("the two passwords differ");
        }
        return value;
    }

    public bool CanPrompt => _console.Prompter is not null;

    private static TextPrompt<string> Ask(string prompt, bool allowEmpty = false)
    {
        var ask = new TextPrompt<string>(Markup.Escape(prompt)).Secret();
        return allowEmpty ? ask.AllowEmpty() : ask;
    }
}
