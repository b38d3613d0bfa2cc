using Vigie.Core.Identity;
using Vigie.Core.Vulnerabilities.Notifications;
using Vigie.Server.Auth;

namespace Vigie.Server.Endpoints;

/// <summary>The daily digest, sent now: <c>POST /api/v1/digest/send</c>.</summary>
internal static class DigestEndpoints
{
    public static void MapDigestEndpoints(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/digest/send", async (HttpContext context, DigestSender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.SendAsync(context.Actor(), ct)))
            .RequireAuthorization(Permissions.VulnerabilitiesWrite).WithTags("Vulnerabilities");
}
