using System.Text.Json;

namespace Vigie.Cli.Tests;

/// <summary>What one <c>vigie</c> invocation produced.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public JsonElement Json => JsonDocument.Parse(Stdout).RootElement;

    /// <summary>Asserts the exit code, showing both streams when it differs.</summary>
    public CliResult Expect(int exitCode)
    {
        Assert.True(ExitCode == exitCode, $"expected exit code {exitCode}, got {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        return this;
    }

    public CliResult ExpectSuccess() => Expect(0);
}
