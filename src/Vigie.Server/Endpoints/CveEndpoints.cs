using Vigie.Core.Common;
using Vigie.Core.Identity;
using Vigie.Core.Vulnerabilities.KnowledgeBase;
using Vigie.Server.Auth;

namespace Vigie.Server.Endpoints;

/// <summary>The CVE knowledge base: <c>/api/v1/cves/{id}</c> and file imports for air-gapped sites.</summary>
internal static class CveEndpoints
{
    /// <summary>Largest import file accepted through the API (NVD yearly feeds are tens of MB compressed).</summary>
    private const long MaxImportBytes = 1024L * 1024 * 1024;

    public static void MapCveEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/cves/{id}", async (string id, CveQueries queries, CancellationToken ct) => TypedResults.Ok(await queries.GetAsync(id, ct)))
            .RequireAuthorization(Permissions.VulnerabilitiesRead).WithTags("Vulnerabilities");
        app.MapPost("/api/v1/cves/imports", ImportAsync).RequireAuthorization(Permissions.VulnerabilitiesWrite).WithTags("Vulnerabilities");
        app.MapPost("/api/v1/cves/sync", async (HttpContext context, Vigie.Core.Vulnerabilities.KnowledgeBase.Sync.CveSync sync, CancellationToken ct) =>
                TypedResults.Ok(await sync.RunAsync(context.Actor(), ct)))
            .RequireAuthorization(Permissions.VulnerabilitiesWrite).WithTags("Vulnerabilities");
    }

    /// <summary>The raw file is the body (gzip or JSON/JSONL); it is spooled to a private temporary file, then imported.</summary>
    private static async Task<IResult> ImportAsync(HttpContext context, CveImporter importer, string? fileName, CancellationToken ct)
    {
        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxImportBytes;
        }
        var name = string.IsNullOrWhiteSpace(fileName) ? "upload" : Path.GetFileName(fileName.Trim());
        if (name.Length > 200)
        {
            throw ProblemException.Validation("fileName", "must be at most 200 characters");
        }
        await using var file = SecureFiles.CreatePrivateTemporary("vigie-cve-import-");
        await context.Request.Body.CopyToAsync(file, ct);
        if (file.Length == 0)
        {
            throw new ProblemException(400, "empty_file", "The request body is empty: send the file as the body.");
        }
        file.Position = 0;
        var report = await importer.ImportAsync(file, name, context.Actor(), null, ct);
        return TypedResults.Ok(report);
    }
}
