using System.Globalization;
using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vigie.Core.Audit;
using Vigie.Core.Storage;

namespace Vigie.Core.Vulnerabilities.Notifications;

/// <summary>Sends the digest once a day at the configured time (off unless <c>Notifications:DigestEnabled</c>).</summary>
public sealed partial class DigestService : BackgroundService
{
    private static readonly AuditActor Scheduler = new(null, "scheduler:digest", "local");
    private readonly DigestSender _sender;
    private readonly IDbConnectionFactory _connections;
    private readonly NotificationOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<DigestService> _logger;

    public DigestService(DigestSender sender, IDbConnectionFactory connections, IOptions<NotificationOptions> options, TimeProvider clock,
        ILogger<DigestService> logger)
    {
        _sender = sender;
        _connections = connections;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.DigestEnabled)
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), _clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogDigestFailed(ex);
            }
        }
    }

    /// <summary>Sends today's digest if its time has come and it has not been sent yet; true when sent.</summary>
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
