using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace Vigie.Testing;

/// <summary>
/// A real SMTP server from Debian (python3-aiosmtpd) on 127.0.0.1, delivering into a Maildir the test reads back.
/// Missing: the test fails when <c>CI=true</c>, and is skipped elsewhere.
/// </summary>
public sealed class SmtpServer : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly Process _process;
    private readonly DirectoryInfo _directory;

    private SmtpServer(Process process, DirectoryInfo directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string Maildir => Path.Combine(_directory.FullName, "mail");

    public static async Task<SmtpServer> StartAsync()
    {
        var check = Process.Start(new ProcessStartInfo(Python, "-c \"import aiosmtpd\"") { RedirectStandardError = true, UseShellExecute = false });
        await check!.WaitForExitAsync();
        if (check.ExitCode != 0)
        {
            const string reason = "python3-aiosmtpd is not installed (apt-get install -y python3-aiosmtpd)";
            if (Postgres.InCi)
            {
                throw new InvalidOperationException("CI=true and " + reason);
            }
            Skip.If(true, reason);
        }
        var directory = Directory.CreateTempSubdirectory("vigie-smtp-");
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var start = new ProcessStartInfo(Python) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox", Path.Combine(directory.FullName, "mail") })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("aiosmtpd did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new SmtpServer(process, directory, port);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, deadline.Token);
                return server;
            }
            catch (SocketException)
            {
                await Task.Delay(100, deadline.Token);
            }
        }
    }

    /// <summary>The raw messages delivered so far.</summary>
    public IReadOnlyList<string> Messages()
    {
        var delivered = Path.Combine(Maildir, "new");
        return Directory.Exists(delivered) ? Directory.GetFiles(delivered).Select(File.ReadAllText).ToList() : [];
    }

    /// <summary>
    /// The readable text of a raw message: encoded-word headers and base64 or quoted-printable parts decoded, so a test
    /// can look for what the reader sees.
    /// </summary>
    public static string Decode(string raw)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine(System.Text.RegularExpressions.Regex.Replace(raw, @"=\?utf-8\?B\?([^?]+)\?=", m =>
            System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(m.Groups[1].Value)), System.Text.RegularExpressions.RegexOptions.IgnoreCase));
        foreach (System.Text.RegularExpressions.Match part in System.Text.RegularExpressions.Regex.Matches(raw,
            @"Content-Transfer-Encoding: (base64|quoted-printable)\r?\n(?:[^\r\n]+\r?\n)*\r?\n(.*?)(?=\r?\n--|\z)",
            System.Text.RegularExpressions.RegexOptions.Singleline | System.Text.RegularExpressions.RegexOptions.IgnoreCase))
        {
            var body = part.Groups[2].Value;
            text.AppendLine(part.Groups[1].Value.Equals("base64", StringComparison.OrdinalIgnoreCase)
                ? System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(body.Where(c => !char.IsWhiteSpace(c)))))
                : QuotedPrintable(body));
        }
        return text.ToString();
    }

    private static string QuotedPrintable(string body)
    {
        var joined = System.Text.RegularExpressions.Regex.Replace(body, "=\r?\n", "");
        var bytes = new List<byte>();
        for (var i = 0; i < joined.Length; i++)
        {
            if (joined[i] == '=' && i + 2 < joined.Length && Uri.IsHexDigit(joined[i + 1]) && Uri.IsHexDigit(joined[i + 2]))
            {
                bytes.Add(Convert.ToByte(joined.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(joined[i].ToString()));
            }
        }
        return System.Text.Encoding.UTF8.GetString(bytes.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        _directory.Delete(recursive: true);
    }
}
