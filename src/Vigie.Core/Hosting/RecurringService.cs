using Microsoft.Extensions.Hosting;

namespace Vigie.Core.Hosting;

/// <summary>
/// A background job run every <see cref="Period"/> while <see cref="Enabled"/>; a failed round is logged and the next one
/// still runs, so one unreachable peer never stops the schedule.
/// </summary>
public abstract class RecurringService(TimeProvider clock) : BackgroundService
{
    protected abstract bool Enabled { get; }

    protected abstract TimeSpan Period { get; }

    /// <summary>Whether the first round runs as soon as the server starts rather than one period later.</summary>
    protected virtual bool RunsAtStart => true;

    protected abstract Task RunRoundAsync(CancellationToken ct);

    protected abstract void LogRoundFailed(Exception exception);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }
        using var timer = new PeriodicTimer(Period, clock);
        if (!RunsAtStart && !await timer.WaitForNextTickAsync(stoppingToken))
        {
            return;
        }
        do
        {
            try
            {
                await RunRoundAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRoundFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
