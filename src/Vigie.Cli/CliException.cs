namespace Vigie.Cli;

/// <summary>
/// A failure reported to the user as <c>error: message</c>, optional indented detail lines and, with
/// <c>--json</c>, the server's problem document; the process then exits with <see cref="ExitCode"/>.
/// Messages never carry a password or a token.
/// </summary>
internal sealed class CliException : Exception
{
    public CliException(int exitCode, string message, IReadOnlyList<string>? details = null, string? problemJson = null)
        : base(message)
    {
        ExitCode = exitCode;
        Details = details ?? [];
        ProblemJson = problemJson;
    }

    public int ExitCode { get; }

    public IReadOnlyList<string> Details { get; }

    public string? ProblemJson { get; }

    /// <summary>The server's stable problem code, when the failure is a problem answer.</summary>
    public string? Code { get; init; }

    public static CliException Usage(string message) => new(ExitCodes.Usage, message);
}
