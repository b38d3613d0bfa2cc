using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Xunit;

namespace Vigie.Testing;

/// <summary>
/// A real SMTP server from Debian (python3-aiosmtpd) on 127.0.0.1, delivering into a Maildir the test reads back; plain, or
/// requiring STARTTLS and AUTH (<see cref="SmtpSecurity"/>). Each message says in <c>X-Test-Tls</c> / <c>X-Test-Auth</c> how its
/// session was protected, and <see cref="Events"/> lists the AUTH attempts.
/// Missing: the test fails when <c>CI=true</c>, and is skipped elsewhere.
/// </summary>
public sealed class SmtpServer : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";

    // The aiosmtpd command line has no authenticator, hence this small script around its Controller.
    private const string Script = """
        import os, ssl, sys
        from aiosmtpd.controller import Controller
        from aiosmtpd.handlers import Mailbox
        from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword, syntax

        port, directory, secure = int(sys.argv[1]), sys.argv[2], sys.argv[3] == "secure"
        events = open(os.path.join(directory, "events.log"), "a", buffering=1)

        class Recorder(Mailbox):
            def prepare_message(self, session, envelope):
                message = super().prepare_message(session, envelope)
                message["X-Test-Tls"] = session.ssl["ssl_object"].version() if session.ssl else "none"
                message["X-Test-Auth"] = session.auth_data.login.decode() if session.authenticated else "none"
                return message

        def authenticate(server, session, envelope, mechanism, data):
            login = data.login.decode() if isinstance(data, LoginPassword) else "?"
            ok = isinstance(data, LoginPassword) and data.login == user and data.password == password
            events.write(f"auth {'ok' if ok else 'failed'} {mechanism} {login} tls={'yes' if session.ssl else 'no'}\n")
            return AuthResult(success=ok, handled=False, auth_data=data)

        class CaseInsensitiveAuth(SMTP):
            # SASL mechanism names are case-insensitive (RFC 4954 section 8) and .NET sends "AUTH login";
            # aiosmtpd 1.4 matches them exactly (aio-libs/aiosmtpd#542).
            @syntax("AUTH <mechanism>")
            async def smtp_AUTH(self, arg):
                mechanism, _, rest = (arg or "").partition(" ")
                return await super().smtp_AUTH(f"{mechanism.upper()} {rest}".strip())

        class Server(Controller):
            def factory(self):
                return CaseInsensitiveAuth(self.handler, **self.SMTP_kwargs)

        settings = {}
        if secure:
            user, password = os.environ["TEST_SMTP_USER"].encode(), os.environ["TEST_SMTP_PASSWORD"].encode()
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(os.path.join(directory, "server.pem"), os.path.join(directory, "server.key"))
            settings = dict(tls_context=context, require_starttls=True, authenticator=authenticate, auth_required=True, auth_require_tls=True)
        controller = Server(Recorder(os.path.join(directory, "mail")), hostname="127.0.0.1", port=port, server_hostname="localhost",
                            ready_timeout=30, **settings)
        controller.start()
        print("ready", flush=True)
        sys.stdin.read()
        controller.stop()
        """;

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

    public static async Task<SmtpServer> StartAsync(SmtpSecurity? security = null)
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
        var start = new ProcessStartInfo(Python)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (security is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "server.pem"), security.Certificate.ExportCertificatePem() + "\n");
            using var key = security.Certificate.GetRSAPrivateKey() ?? throw new ArgumentException("the certificate has no RSA private key", nameof(security));
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "server.key"), key.ExportPkcs8PrivateKeyPem() + "\n");
            start.Environment["TEST_SMTP_USER"] = security.Username;
            start.Environment["TEST_SMTP_PASSWORD"] = security.Password;
        }
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        foreach (var argument in new[] { "-c", Script, port.ToString(CultureInfo.InvariantCulture), directory.FullName, security is null ? "plain" : "secure" })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("aiosmtpd did not start");
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data == "ready")
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) => errors.Enqueue(e.Data ?? "");
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("aiosmtpd stopped: " + string.Join('\n', errors)));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new SmtpServer(process, directory, port);
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(45));
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>What the server recorded besides messages: one line per AUTH attempt (<c>auth ok|failed MECHANISM login tls=yes|no</c>).</summary>
    public IReadOnlyList<string> Events()
    {
        var log = Path.Combine(_directory.FullName, "events.log");
        return File.Exists(log) ? File.ReadAllLines(log) : [];
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
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
        _directory.Delete(recursive: true);
    }
}
