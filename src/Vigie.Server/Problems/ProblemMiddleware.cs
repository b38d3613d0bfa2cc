using System.Globalization;
using Vigie.Core.Common;

namespace Vigie.Server.Problems;

/// <summary>
/// Turns every error into problem+json: <see cref="ProblemException"/>s with their code, unknown exceptions
/// into a bare 500 (details only in the log), and body-less error statuses into their generic problem.
/// </summary>
internal sealed partial class ProblemMiddleware
{
    private readonly RequestDelegate _next;
    private readonly ILogger<ProblemMiddleware> _logger;
    private readonly IHostEnvironment _environment;

    public ProblemMiddleware(RequestDelegate next, ILogger<ProblemMiddleware> logger, IHostEnvironment environment)
    {
        _next = next;
        _logger = logger;
        _environment = environment;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await _next(context);
        }
        catch (ProblemException problem) when (!context.Response.HasStarted)
        {
            if (problem.RetryAfter is { } wait)
            {
                context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }
            await ProblemWriter.WriteAsync(context, problem.Status, problem.Code, problem.Title, problem.Detail, problem.Errors);
            return;
        }
        catch (BadHttpRequestException bad) when (!context.Response.HasStarted)
        {
            var (code, title) = ProblemWriter.ForStatus(bad.StatusCode);
            await ProblemWriter.WriteAsync(context, bad.StatusCode, code, title);
            return;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            LogUnhandled(ex, context.Request.Method, context.Request.Path.Value ?? "", context.TraceIdentifier);
            var (code, title) = ProblemWriter.ForStatus(500);
            await ProblemWriter.WriteAsync(context, 500, code, title, _environment.IsDevelopment() ? ex.Message : null);
            return;
        }

        var status = context.Response.StatusCode;
        if (status >= 400 && !context.Response.HasStarted && context.Response.ContentLength is null or 0
            && string.IsNullOrEmpty(context.Response.ContentType))
        {
            var (code, title) = ProblemWriter.ForStatus(status);
            await ProblemWriter.WriteAsync(context, status, code, title);
        }
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path} (trace {TraceId})")]
    private partial void LogUnhandled(Exception exception, string method, string path, string traceId);
}
