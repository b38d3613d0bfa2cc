using Vigie.Core.Identity;
using Vigie.Core.Inventory;
using Vigie.Core.Vulnerabilities.Findings;
using Vigie.Server.Auth;

namespace Vigie.Server.Endpoints;

/// <summary>Vulnerability findings: <c>/api/v1/findings</c> (per asset, per CVE) and on-demand evaluation.</summary>
internal static class FindingEndpoints
{
    public static void MapFindingEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/findings", async (FindingQueries findings, TimeProvider clock, CancellationToken ct, Guid? asset, string? cve, string? severity,
                bool? kev, string? status, string? disposition, int? limit) =>
            {
                bool? disposed = disposition switch
                {
                    null or "none" => false,
                    "any" => null,
                    "decided" => true,
                    _ => throw Vigie.Core.Common.ProblemException.Validation("disposition", "must be none, decided or any"),
                };
                return TypedResults.Ok(await findings.ListAsync(asset, cve, severity, kev, status, limit ?? 1000, ct, disposed, clock.GetUtcNow()));
            })
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

    /// <summary>Evaluates one asset now, or every asset when none is given (after a knowledge-base import, say).</summary>
    private static async Task<IResult> EvaluateAsync(EvaluateRequest request, HttpContext context, FindingsEvaluator evaluator, IAssetSoftwareReader assets,
        CancellationToken ct)
    {
        var ids = request.AssetId is { } id ? [id] : await assets.AssetIdsAsync(ct);
        var results = new List<FindingsEvaluator.EvaluationResult>();
        foreach (var assetId in ids)
        {
            results.Add(await evaluator.EvaluateAsync(assetId, context.Actor(), ct));
        }
        return TypedResults.Ok(results);
    }

    internal sealed record EvaluateRequest(Guid? AssetId);
}
