using System.Diagnostics;
using System.Text;
using Xunit;

namespace Vigie.Testing;

/// <summary>
/// Debian's real <c>keepassxc-cli</c> (package keepassxc), run in a temporary directory that also holds the test's
/// database files. Passwords go in on stdin, one per line, never on the command line.
/// Missing: the test fails when <c>CI=true</c>, and is skipped elsewhere.
/// </summary>
public sealed class KeePassXcCli : IDisposable
{
    public const string Program = "/usr/bin/keepassxc-cli";
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("vigie-keepassxc-");

    public string Root => _directory.FullName;

    public string PathOf(string fileName) => Path.Combine(Root, fileName);

    public static void Require()
    {
        if (File.Exists(Program))
        {
            return;
        }
        const string reason = "keepassxc-cli is not installed (apt-get install -y keepassxc)";
        if (Postgres.InCi)
        {
            throw new InvalidOperationException("CI=true and " + reason);
        }
        Skip.If(true, reason);
    }

    /// <summary>Runs <c>keepassxc-cli arguments...</c>, feeding <paramref name="stdin"/> as lines.</summary>
    public async Task<KeePassXcRun> RunAsync(IEnumerable<string> stdin, params string[] arguments)
    {
        var start = new ProcessStartInfo(Program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            StandardInputEncoding = new UTF8Encoding(false),
            WorkingDirectory = Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin";
        start.Environment["HOME"] = Root;
        start.Environment["LANG"] = "C.UTF-8";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        foreach (var line in stdin)
        {
            await process.StandardInput.WriteAsync(line + "\n");
        }
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(RunTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"keepassxc-cli {string.Join(' ', arguments)} did not finish within {RunTimeout}.");
        }
        return new KeePassXcRun(process.ExitCode, await output, await error);
    }

    public void Dispose() => _directory.Delete(recursive: true);
}

/// <summary>keepassxc-cli's exit code, standard output and standard error (where its prompts and errors go).</summary>
public sealed record KeePassXcRun(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}: {Output}{Error}";
}
