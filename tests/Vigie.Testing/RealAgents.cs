using System.Diagnostics;
using System.Text;
using Xunit;

namespace Vigie.Testing;

/// <summary>
/// Runs Debian's real <c>ocsinventory-agent</c> and <c>fusioninventory-agent</c>. A <c>dpkg-query</c> wrapper put first
/// on the agents' PATH can hide one package and change another's version, so a run reports a changed package set
/// without touching the machine's packages.
/// </summary>
public sealed class RealAgents : IDisposable
{
    public const string OcsAgent = "/usr/bin/ocsinventory-agent";
    public const string FusionAgent = "/usr/bin/fusioninventory-agent";
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);
    private readonly DirectoryInfo _directory = System.IO.Directory.CreateTempSubdirectory("vigie-agents-");

    public RealAgents()
    {
        var wrapper = Path.Combine(WrapperDirectory, "dpkg-query");
        System.IO.Directory.CreateDirectory(WrapperDirectory);
        File.WriteAllText(wrapper, """
            #!/bin/sh
            /usr/bin/dpkg-query "$@" | /usr/bin/perl -ne '
              next if defined $ENV{VIGIE_PKG_DROP} && /^\Q$ENV{VIGIE_PKG_DROP}\E(?=\t|---|:)/;
              if (defined $ENV{VIGIE_PKG_BUMP} && /^\Q$ENV{VIGIE_PKG_BUMP}\E(?=\t|---|:)/) { s/\Q$ENV{VIGIE_PKG_BUMP_FROM}\E/$ENV{VIGIE_PKG_BUMP_TO}/; }
              print;'
            """.Replace("\r", "", StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public string Root => _directory.FullName;

    private string WrapperDirectory => Path.Combine(_directory.FullName, "bin");

    /// <summary>Package changes the next runs report: hide one package, give another a new version.</summary>
    public Dictionary<string, string> PackageChanges { get; } = new(StringComparer.Ordinal);

    /// <summary>Fails in CI, skips elsewhere, when the agents are not installed.</summary>
    public static void Require()
    {
        if (File.Exists(OcsAgent) && File.Exists(FusionAgent))
        {
            return;
        }
        var reason = "the real agents are not installed: apt-get install -y ocsinventory-agent fusioninventory-agent";
        if (Postgres.InCi)
        {
            throw new InvalidOperationException("CI=true and " + reason);
        }
        Skip.If(true, reason);
    }

    public Task<AgentRun> RunOcsAsync(params string[] arguments) =>
        RunAsync(OcsAgent, ["--basevardir=" + Path.Combine(Root, "ocs-var"), .. arguments]);

    public Task<AgentRun> RunFusionAsync(params string[] arguments) =>
        RunAsync(FusionAgent, ["--no-httpd", "--no-category=process", .. arguments]);

    /// <summary>Runs the OCS agent in local mode and returns the XML file it wrote.</summary>
    public async Task<string> OcsLocalXmlAsync()
    {
        var output = System.IO.Directory.CreateDirectory(Path.Combine(Root, "ocs-local-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        var run = await RunOcsAsync("--local=" + output);
        Assert.True(run.ExitCode == 0, run.ToString());
        return System.IO.Directory.GetFiles(output, "*.ocs").Single();
    }

    public async Task<AgentRun> RunAsync(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment.Clear();
        start.Environment["PATH"] = WrapperDirectory + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        start.Environment["HOME"] = Root;
        start.Environment["LANG"] = "C.UTF-8";
        foreach (var (name, value) in PackageChanges)
        {
            start.Environment[name] = value;
        }
        var output = new StringBuilder();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(RunTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish within {RunTimeout}: {output}");
        }
        lock (output)
        {
            return new AgentRun(process.ExitCode, output.ToString());
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (output)
        {
            output.AppendLine(line);
        }
    }

    public void Dispose() => _directory.Delete(recursive: true);
}

/// <summary>An agent's exit code and everything it printed.</summary>
public sealed record AgentRun(int ExitCode, string Output)
{
    public override string ToString() => $"exit {ExitCode}: {Output}";
}
