using Vigie.Core.Identity;
using Vigie.Core.Vulnerabilities.Findings;
using Vigie.Server.Auth;

namespace Vigie.Server.Endpoints;

/// <summary>
/// Vulnerability findings: <c>/api/v1/findings</c> (per asset, per CVE), the fleet views <c>by-cve</c> and <c>by-asset</c>,
/// and on-demand evaluation.
/// </summary>
internal static class FindingEndpoints
{
    private const int DefaultLimit = 1000;

    public static void MapFindingEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/findings", async (FindingQueries findings, CancellationToken ct, Guid? asset, string? cve, string? severity,
                bool? kev, string? status, string? disposition, int? limit) =>
            {
                bool? disposed = disposition switch
                {
                    null or "none" => false,
                    "any" => null,
                    "decided" => true,
                    _ => throw Vigie.Core.Common.ProblemException.Validation("disposition", "must be none, decided or any"),
                };
                return TypedResults.Ok(await findings.ListAsync(asset, cve, severity, kev, status, limit ?? DefaultLimit, ct, disposed));
            })
            .RequireAuthorization(Permissions.VulnerabilitiesRead).WithTags("Vulnerabilities");
        app.MapGet("/api/v1/findings/by-cve", async (FleetExposure fleet, TimeProvider clock, CancellationToken ct, string? severity, bool? kev, int? limit) =>
                TypedResults.Ok(await fleet.ByCveAsync(severity, kev, limit ?? DefaultLimit, clock.GetUtcNow(), ct)))
            .RequireAuthorization(Permissions.VulnerabilitiesRead).WithTags("Vulnerabilities");
        app.MapGet("/api/v1/findings/by-asset", async (FleetExposure fleet, TimeProvider clock, CancellationToken ct, string? severity, bool? kev, int? limit) =>
                TypedResults.Ok(await fleet.ByAssetAsync(severity, kev, limit ?? DefaultLimit, clock.GetUtcNow(), ct)))
            .RequireAuthorization(Permissions.VulnerabilitiesRead).WithTags("Vulnerabilities");
        app.MapGet("/api/v1/findings/evaluation", (FindingsQueue queue) => TypedResults.Ok(queue.Current()))
            .RequireAuthorization(Permissions.VulnerabilitiesRead).WithTags("Vulnerabilities");
        var write = app.MapGroup("/api/v1/findings").RequireAuthorization(Permissions.VulnerabilitiesWrite).WithTags("Vulnerabilities");
        write.MapPost("/evaluate", EvaluateAsync);
        write.MapPut("/{id:guid}/disposition", async (Guid id, SetDispositionRequest request, HttpContext context, FindingDispositions dispositions,
            CancellationToken ct) =>
        {
            await dispositions.SetAsync(context.Actor(), id, request, ct);
            return TypedResults.NoContent();
        });
        write.MapDelete("/{id:guid}/disposition", async (Guid id, HttpContext context, FindingDispositions dispositions, CancellationToken ct) =>
        {
            await dispositions.ClearAsync(context.Actor(), id, ct);
            return TypedResults.NoContent();
        });
    }

    /// <summary>
    /// Evaluates one asset now, or the whole fleet when none is given (every CVE: after a change of translation rules,
    /// say); answers with what changed.
    /// </summary>
    private static async Task<IResult> EvaluateAsync(EvaluateRequest request, HttpContext context, FindingsEvaluator evaluator, CancellationToken ct) =>
        request.AssetId is { } id
            ? TypedResults.Ok(await evaluator.EvaluateAsync(id, context.Actor(), ct))
            : TypedResults.Ok(await evaluator.EvaluateFleetAsync(EvaluationScope.All, context.Actor(), ct));

    internal sealed record EvaluateRequest(Guid? AssetId);
}
