using Vigie.Core.Storage;
using Vigie.Server.Problems;

namespace Vigie.Server.Endpoints;

/// <summary><c>/health/live</c> (the process answers) and <c>/health/ready</c> (database reachable and migrated).</summary>
internal static partial class HealthEndpoints
{
    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health/live", () => TypedResults.Ok(new HealthResponse("live", null, null))).AllowAnonymous();
        app.MapGet("/health/ready", ReadyAsync).AllowAnonymous();
    }

    private static async Task ReadyAsync(HttpContext context, Migrator migrator, IDbConnectionFactory connections, ILoggerFactory loggers)
    {
        try
        {
            var pending = await migrator.PendingAsync(context.RequestAborted);
            if (pending.Count > 0)
            {
                await ProblemWriter.WriteAsync(context, 503, "database_not_migrated", "The database schema is not up to date.",
                    $"{pending.Count} migration(s) pending.");
                return;
            }
            await context.Response.WriteAsJsonAsync(new HealthResponse("ready", connections.Dialect.Provider.ToString(),
                connections.Dialect.Provider == DatabaseProvider.Sqlite ? SqliteEngine.Describe() : null), context.RequestAborted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogNotReady(loggers.CreateLogger("Vigie.Health"), ex);
            await ProblemWriter.WriteAsync(context, 503, "database_unavailable", "The database cannot be reached.");
        }
    }

    private sealed record HealthResponse(string Status, string? Database, string? Engine);

    [LoggerMessage(EventId = 9101, Level = LogLevel.Warning, Message = "Readiness check failed")]
    private static partial void LogNotReady(ILogger logger, Exception exception);
}
