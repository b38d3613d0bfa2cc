using System.Globalization;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vigie.Core.Audit;
using Vigie.Core.Hosting;
using Vigie.Core.Storage;

namespace Vigie.Core.Vulnerabilities.Notifications;

/// <summary>Sends the digest once a day at the configured time (off unless <c>Notifications:DigestEnabled</c>).</summary>
public sealed partial class DigestService : RecurringService
{
    private static readonly AuditActor Scheduler = new(null, "scheduler:digest", "local");
    private readonly DigestSender _sender;
    private readonly IDbConnectionFactory _connections;
    private readonly NotificationOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<DigestService> _logger;

    public DigestService(DigestSender sender, IDbConnectionFactory connections, IOptions<NotificationOptions> options, TimeProvider clock,
        ILogger<DigestService> logger)
        : base(clock)
    {
        _sender = sender;
        _connections = connections;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
    }

    protected override bool Enabled => _options.DigestEnabled;

    protected override TimeSpan Period => TimeSpan.FromMinutes(1);

    protected override bool RunsAtStart => false;

    protected override Task RunRoundAsync(CancellationToken ct) => RunOnceAsync(ct);

    protected override void LogRoundFailed(Exception exception) => LogDigestFailed(exception);

    internal async Task<bool> RunOnceAsync(CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        var time = TimeOnly.ParseExact(_options.DigestTimeUtc, "HH:mm", CultureInfo.InvariantCulture);
        var due = new DateTimeOffset(DateOnly.FromDateTime(now.UtcDateTime), time, TimeSpan.Zero);
        if (now < due)
        {
            return false;
        }
        await using (var c = await _connections.OpenAsync(ct))
        {
            var sent = await c.ExecuteScalarAsync<int>(new CommandDefinition(
                "SELECT COUNT(*) FROM vuln_notifications WHERE kind = 'digest' AND sent_at >= @Due", new { Due = due }, cancellationToken: ct));
            if (sent > 0)
            {
                return false;
            }
        }
        await _sender.SendAsync(Scheduler, ct);
        return true;
    }

    [LoggerMessage(EventId = 4202, Level = LogLevel.Error, Message = "Daily digest failed")]
    private partial void LogDigestFailed(Exception exception);
}
