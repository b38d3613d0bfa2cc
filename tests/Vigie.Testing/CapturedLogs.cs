using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Vigie.Testing;

/// <summary>
/// Every log line of every test server of the run (all levels, with exceptions and scopes), and every
/// secret the tests used, so a test can prove that no secret ever reached a log.
/// </summary>
public static class CapturedLogs
{
    private static readonly ConcurrentQueue<string> Lines = new();
    private static readonly ConcurrentDictionary<string, string> Secrets = new();

    public static IReadOnlyCollection<string> All => Lines.ToArray();

    public static IReadOnlyCollection<KeyValuePair<string, string>> SecretsUsed => Secrets.ToArray();

    /// <summary>Records a secret (password, token, TOTP seed, key...) that must never appear in a log line.</summary>
    public static string Secret(string kind, string value)
    {
        if (value.Length >= 6)
        {
            Secrets[value] = kind;
        }
        return value;
    }

    internal static void Add(string line) => Lines.Enqueue(line);

    internal sealed class Provider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName);

        public void Dispose()
        {
        }
    }

    private sealed class Logger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            Add($"[scope] {category}: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            Add($"{logLevel} {category}[{eventId.Id}] {formatter(state, exception)} {values} {exception}");
        }
    }
}
