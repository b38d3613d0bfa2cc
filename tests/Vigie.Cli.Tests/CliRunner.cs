using System.Globalization;

namespace Vigie.Cli.Tests;

/// <summary>
/// Runs <c>vigie</c> in-process with its own streams and environment, and a profile in a temporary
/// directory of its own, so nothing reads or writes the real user's configuration.
/// </summary>
internal sealed class CliRunner : IDisposable
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    public CliRunner(Uri? server = null)
    {
        Directory = Path.Combine(Path.GetTempPath(), "vigie-cli-test-" + Guid.NewGuid().ToString("N"));
        ProfilePath = Path.Combine(Directory, "config", "vigie", "profile.json");
        Environment["VIGIE_PROFILE"] = ProfilePath;
        if (server is not null)
        {
            Environment["VIGIE_URL"] = server.ToString();
        }
    }

    public string Directory { get; }

    public string ProfilePath { get; }

    public Dictionary<string, string?> Environment { get; } = new(StringComparer.Ordinal);

    public Task<CliResult> RunAsync(params string[] args) => RunWithInputAsync("", args);

    public async Task<CliResult> RunWithInputAsync(string stdin, params string[] args)
    {
        using var input = new StringReader(stdin);
        return await RunWithReaderAsync(input, args);
    }

    /// <summary>Runs with a reader of the test's own as standard input (one that acts when it is read, say).</summary>
    public async Task<CliResult> RunWithReaderAsync(TextReader input, params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var console = new CliConsole(input, output, error, new Dictionary<string, string?>(Environment, StringComparer.Ordinal))
        {
            HostName = "test-host",
        };
        var exitCode = await Cli.RunAsync(args, console).WaitAsync(RunTimeout);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
