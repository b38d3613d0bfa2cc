using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Vigie.Core.Inventory.Snmp;
using Xunit;

namespace Vigie.Testing.Snmp;

/// <summary>
/// A real net-snmp agent (Debian's snmpd) on 127.0.0.1 with its own configuration, persistent directory and random
/// community and passwords, started once for the "snmpd" collection and killed at the end. With <c>CI=true</c> a
/// missing snmpd fails the tests; elsewhere they are skipped with the reason.
/// </summary>
public sealed class SnmpdFixture : IAsyncLifetime
{
    /// <summary>Overrides the snmpd binary (/usr/sbin/snmpd), e.g. to check how the tests behave without one.</summary>
    public const string SnmpdVariable = "VIGIE_TEST_SNMPD";
    public const string Location = "Vigie test lab (loopback only)";
    public const string Contact = "snmp-tests@example.invalid";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly StringBuilder _output = new();
    private Process? _snmpd;
    private DirectoryInfo? _directory;

    public static string SnmpdPath => Environment.GetEnvironmentVariable(SnmpdVariable) is { Length: > 0 } path ? path : "/usr/sbin/snmpd";

    public string? MissingReason { get; private set; }

    public IPEndPoint Endpoint { get; private set; } = new(IPAddress.Loopback, 0);

    public string Community { get; } = "c" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();

    public SnmpdUser Sha1AesUser { get; } = SnmpdUser.Create("vigsha1", SnmpAuthProtocol.Sha1, SnmpPrivProtocol.Aes128);

    public SnmpdUser Sha256AesUser { get; } = SnmpdUser.Create("vigsha256", SnmpAuthProtocol.Sha256, SnmpPrivProtocol.Aes128);

    public SnmpdUser Sha256AuthOnlyUser { get; } = SnmpdUser.Create("vigauth", SnmpAuthProtocol.Sha256, SnmpPrivProtocol.None);

    public SnmpdUser NoAuthUser { get; } = SnmpdUser.Create("vignoauth", SnmpAuthProtocol.None, SnmpPrivProtocol.None);

    public NetSnmpCli Cli { get; private set; } = null!;

    public SnmpCredentials V2c => SnmpCredentials.V2c(Community);

    public async Task InitializeAsync()
    {
        if (!File.Exists(SnmpdPath) || !File.Exists(NetSnmpCli.SnmpGetPath))
        {
            MissingReason = $"{SnmpdPath} or {NetSnmpCli.SnmpGetPath} is missing: apt-get install -y snmpd snmp";
            return;
        }
        _directory = Directory.CreateTempSubdirectory("vigie-snmpd-");
        Endpoint = new IPEndPoint(IPAddress.Loopback, FreeUdpPort());
        Cli = new NetSnmpCli(_directory.FullName, Endpoint);
        var configPath = Path.Combine(_directory.FullName, "snmpd.conf");
        await File.WriteAllTextAsync(configPath, Configuration());
        var persistent = Directory.CreateDirectory(Path.Combine(_directory.FullName, "persistent")).FullName;
        var start = new ProcessStartInfo(SnmpdPath)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "-f", "-C", "-c", configPath, "-Lf", Path.Combine(_directory.FullName, "snmpd.log"),
            "-p", Path.Combine(_directory.FullName, "snmpd.pid"), $"--persistentDir={persistent}",
        })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["SNMP_PERSISTENT_DIR"] = persistent;
        start.Environment["SNMPCONFPATH"] = _directory.FullName;
        start.Environment["MIBS"] = string.Empty;
        _snmpd = Process.Start(start) ?? throw new InvalidOperationException("snmpd did not start.");
        _snmpd.OutputDataReceived += (_, line) => Append(line.Data);
        _snmpd.ErrorDataReceived += (_, line) => Append(line.Data);
        _snmpd.BeginOutputReadLine();
        _snmpd.BeginErrorReadLine();
        await WaitUntilAnsweringAsync();
    }

    public async Task DisposeAsync()
    {
        if (_snmpd is { HasExited: false })
        {
            _snmpd.Kill(entireProcessTree: true);
            using var stop = new CancellationTokenSource(StopTimeout);
            await _snmpd.WaitForExitAsync(stop.Token);
        }
        _snmpd?.Dispose();
        _directory?.Delete(recursive: true);
    }

    /// <summary>Skips (locally) or fails (with CI=true) when snmpd or the net-snmp CLI is not installed.</summary>
    public void Require()
    {
        if (MissingReason is null)
        {
            return;
        }
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"CI=true and the real SNMP agent is required: {MissingReason}.");
        }
        Skip.If(true, MissingReason);
    }

    public SnmpClient CreateClient(SnmpCredentials credentials, SnmpClientOptions? options = null) =>
        new(Endpoint, credentials, options ?? new SnmpClientOptions { Timeout = TimeSpan.FromSeconds(2), Retries = 1 });

    private string Configuration()
    {
        var config = new StringBuilder();
        config.AppendLine($"agentaddress udp:{Endpoint}");
        config.AppendLine($"rocommunity {Community} 127.0.0.1");
        foreach (var user in new[] { Sha1AesUser, Sha256AesUser, Sha256AuthOnlyUser, NoAuthUser })
        {
            config.AppendLine(user.CreateUserLine());
            config.AppendLine($"rouser {user.Name} {user.MinimumLevel}");
        }
        config.AppendLine($"sysLocation {Location}");
        config.AppendLine($"sysContact {Contact}");
        config.AppendLine("sysServices 72");
        return config.ToString();
    }

    private async Task WaitUntilAnsweringAsync()
    {
        using var deadline = new CancellationTokenSource(StartTimeout);
        var options = new SnmpClientOptions { Timeout = TimeSpan.FromMilliseconds(200), Retries = 0 };
        await using var client = new SnmpClient(Endpoint, V2c, options);
        while (true)
        {
            if (_snmpd is { HasExited: true })
            {
                throw new InvalidOperationException($"snmpd exited with {_snmpd.ExitCode}: {Diagnostics()}");
            }
            try
            {
                await client.GetAsync(SystemOids.SysName, cancellationToken: deadline.Token);
                return;
            }
            catch (SnmpTimeoutException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"snmpd did not answer within {StartTimeout.TotalSeconds} s: {Diagnostics()}");
            }
        }
    }

    private string Diagnostics()
    {
        var log = _directory is null ? string.Empty : Path.Combine(_directory.FullName, "snmpd.log");
        var logText = File.Exists(log) ? File.ReadAllText(log) : "(no log)";
        lock (_output)
        {
            return $"{_output} {logText}";
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static int FreeUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
