using Vigie.Core.Audit;
using Vigie.Core.Identity;

namespace Vigie.Server.Endpoints;

/// <summary>The audit trail: <c>/api/v1/audit/events</c> (filtered pages) and <c>/api/v1/audit/verify</c> (chain check).</summary>
internal static class AuditEndpoints
{
    public static void MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/audit").RequireAuthorization(Permissions.AuditRead).WithTags("Audit");
        group.MapGet("/events", async (AuditReader reader, CancellationToken ct, int? limit, string? cursor, string? actor, string? action,
            DateTimeOffset? from, DateTimeOffset? to) =>
        {
            int? code = int.TryParse(action, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
            var page = await reader.ListAsync(new AuditQuery(limit ?? 50, cursor, actor, code, code is null ? action : null, from, to), ct);
            return TypedResults.Ok(page);
        });
        group.MapGet("/verify", async (AuditReader reader, CancellationToken ct) => TypedResults.Ok(await reader.VerifyAsync(ct)));
    }
}
