using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Vigie.Core.Identity;

/// <summary>
/// Per-source-address throttling of failed logins: past the allowed failures within the window, further
/// attempts from that address are refused before any password is checked.
/// </summary>
public sealed class LoginThrottle
{
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);
    private readonly IdentityOptions _options;
    private readonly TimeProvider _clock;

    public LoginThrottle(IOptions<IdentityOptions> options, TimeProvider clock)
    {
        _options = options.Value;
        _clock = clock;
    }

    /// <summary>Null when the address may try; otherwise how long it must wait.</summary>
    public TimeSpan? RetryAfter(string source)
    {
        if (!_failures.TryGetValue(source, out var queue))
        {
            return null;
        }
        lock (queue)
        {
            var now = _clock.GetUtcNow();
            var window = TimeSpan.FromSeconds(_options.ThrottleWindowSeconds);
            while (queue.Count > 0 && queue.Peek() + window <= now)
            {
                queue.Dequeue();
            }
            if (queue.Count < _options.ThrottleMaxFailures)
            {
                return null;
            }
            return queue.Peek() + window - now;
        }
    }

    public void RecordFailure(string source)
    {
        var queue = _failures.GetOrAdd(source, _ => new Queue<DateTimeOffset>());
        lock (queue)
        {
            queue.Enqueue(_clock.GetUtcNow());
            while (queue.Count > _options.ThrottleMaxFailures)
            {
                queue.Dequeue();
            }
        }
        if (_failures.Count > 100_000)
        {
            _failures.Clear();
        }
    }
}
