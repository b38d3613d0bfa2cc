using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vigie.Server.Problems;

/// <summary>Writes RFC 7807 problem+json bodies with Vigie's stable <c>code</c> member.</summary>
internal static class ProblemWriter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static Task WriteAsync(HttpContext context, int status, string code, string title, string? detail = null,
        IReadOnlyDictionary<string, string[]>? errors = null)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json";
        context.Response.Headers.CacheControl = "no-store";
        var body = new ProblemBody(
            Type: $"https://vigie.local/problems/{code.Replace('_', '-')}",
            Title: title,
            Status: status,
            Detail: detail,
            Instance: context.Request.Path.Value,
            Code: code,
            Errors: errors,
            TraceId: context.TraceIdentifier);
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Json), context.RequestAborted);
    }

    public static (string Code, string Title) ForStatus(int status) => status switch
    {
        400 => ("invalid_request", "The request is malformed: check the JSON body and the parameters."),
        401 => ("unauthenticated", "Authentication is required."),
        403 => ("forbidden", "You are not allowed to do this."),
        404 => ("not_found", "No such resource."),
        405 => ("method_not_allowed", "This method is not allowed on this resource."),
        406 => ("not_acceptable", "The requested representation is not available."),
        408 => ("request_timeout", "The request took too long."),
        409 => ("conflict", "The request conflicts with the current state."),
        411 => ("length_required", "A Content-Length is required."),
        413 => ("payload_too_large", "The request body is too large."),
        415 => ("unsupported_media_type", "The request body must be application/json."),
        429 => ("too_many_requests", "Too many requests; try again later."),
        503 => ("service_unavailable", "The service is not available right now."),
        _ when status >= 500 => ("internal_error", "An internal error occurred; it has been logged."),
        _ => ("error", "The request failed."),
    };

    private sealed record ProblemBody(
        string Type,
        string Title,
        int Status,
        string? Detail,
        string? Instance,
        string Code,
        IReadOnlyDictionary<string, string[]>? Errors,
        string TraceId);
}
