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
        app.MapGet("/api/v1/findings", async (FindingQueries findings, CancellationToken ct, Guid? asset, string? cve, string? severity, bool? kev,
                string? status, int? limit) => TypedResults.Ok(await findings.ListAsync(asset, cve, severity, kev, status, limit ?? 1000, ct)))
            .RequireAuthorization(Permissions.VulnerabilitiesRead).WithTags("Vulnerabilities");
        app.MapPost("/api/v1/findings/evaluate", EvaluateAsync).RequireAuthorization(Permissions.VulnerabilitiesWrite).WithTags("Vulnerabilities");
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
