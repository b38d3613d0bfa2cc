using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Vigie.Testing.Snmp;

/// <summary>
/// Runs net-snmp's snmpget / snmpbulkwalk against the test agent to get the values an independent manager sees.
/// The CLI reads no system configuration and writes its persistent state under the fixture's directory.
/// </summary>
public sealed partial class NetSnmpCli
{
    public const string SnmpGetPath = "/usr/bin/snmpget";
    public const string SnmpBulkWalkPath = "/usr/bin/snmpbulkwalk";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(20);

    private readonly string _directory;
    private readonly IPEndPoint _agent;

    public NetSnmpCli(string directory, IPEndPoint agent)
    {
        _directory = directory;
        _agent = agent;
    }

    public Task<IReadOnlyList<NetSnmpValue>> GetAsync(IReadOnlyList<string> credentials, params string[] oids) =>
        RunAsync(SnmpGetPath, credentials, oids);

    public Task<IReadOnlyList<NetSnmpValue>> BulkWalkAsync(IReadOnlyList<string> credentials, string root) =>
        RunAsync(SnmpBulkWalkPath, credentials, [root]);

    public static IReadOnlyList<string> V2c(string community) => ["-v2c", "-c", community];

    /// <summary>Parses -On output; a value spread over several lines (multi-line STRING) is joined back.</summary>
    public static IReadOnlyList<NetSnmpValue> Parse(string output)
    {
        var values = new List<NetSnmpValue>();
        foreach (var line in output.Split('\n'))
        {
            var match = LinePattern().Match(line);
            if (match.Success)
            {
                values.Add(Interpret(match.Groups["oid"].Value, match.Groups["rest"].Value));
            }
            else if (values.Count > 0 && line.Length > 0)
            {
                var last = values[^1];
                values[^1] = last with { Text = last.Text + "\n" + line.TrimEnd('"') };
            }
        }
        return values;
    }

    private static NetSnmpValue Interpret(string oid, string rest)
    {
        var separator = rest.IndexOf(": ", StringComparison.Ordinal);
        if (rest == "\"\"")
        {
            return new NetSnmpValue(oid, "STRING", string.Empty);
        }
        if (separator < 0)
        {
            return new NetSnmpValue(oid, rest, rest);
        }
        var type = rest[..separator];
        var text = rest[(separator + 2)..];
        if (type == "STRING" && text.StartsWith('"'))
        {
            text = text.Trim('"');
        }
        return new NetSnmpValue(oid, type, text.TrimEnd());
    }

    private async Task<IReadOnlyList<NetSnmpValue>> RunAsync(string program, IReadOnlyList<string> credentials, IEnumerable<string> oids)
    {
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in credentials.Concat(["-On", "-Oe", "-t", "3", "-r", "1", _agent.ToString()]).Concat(oids))
        {
            start.ArgumentList.Add(argument);
        }
        var persistent = Directory.CreateDirectory(Path.Combine(_directory, "cli-persistent")).FullName;
        var emptyConfig = Directory.CreateDirectory(Path.Combine(_directory, "cli-config")).FullName;
        start.Environment["SNMP_PERSISTENT_DIR"] = persistent;
        start.Environment["SNMPCONFPATH"] = emptyConfig;
        start.Environment["MIBS"] = string.Empty;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        using var timeout = new CancellationTokenSource(CommandTimeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish within {CommandTimeout.TotalSeconds} s.");
        }
        var output = await stdout;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} exited with {process.ExitCode}: {await stderr}");
        }
        return Parse(output);
    }

    [GeneratedRegex(@"^(?<oid>\.[0-9.]+) = (?<rest>.*)$")]
    private static partial Regex LinePattern();
}
