using Vigie.Core.Identity;
using Vigie.Core.Inventory.Assets;
using Vigie.Server.Auth;

namespace Vigie.Server.Endpoints;

/// <summary>Assets and fleet software: <c>/api/v1/assets</c>, <c>/api/v1/software</c>.</summary>
internal static class AssetEndpoints
{
    public static void MapAssetEndpoints(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/v1").RequireAuthorization(Permissions.InventoryRead).WithTags("Inventory");
        read.MapGet("/assets", async (AssetQueries assets, CancellationToken ct, int? limit, string? cursor, string? q, string? os, string? tag,
                string? kind, string? software, string? version, int? notSeenDays) =>
            TypedResults.Ok(await assets.ListAsync(new AssetQuery(limit ?? 100, cursor, q, os, tag, kind, software, version, notSeenDays), ct)));
        read.MapGet("/assets/export.csv", async (AssetQueries assets, CancellationToken ct, string? q, string? os, string? tag, string? kind,
            string? software, string? version, int? notSeenDays) =>
        {
            var page = await assets.ListAsync(new AssetQuery(5000, null, q, os, tag, kind, software, version, notSeenDays), ct);
            return TypedResults.Text(AssetCsv.Write(page.Items), "text/csv; charset=utf-8");
        });
        read.MapGet("/assets/{id:guid}", async (Guid id, AssetQueries assets, CancellationToken ct) => TypedResults.Ok(await assets.GetAsync(id, ct)));
        read.MapGet("/assets/{id:guid}/history", async (Guid id, AssetQueries assets, CancellationToken ct, int? limit) =>
            TypedResults.Ok(await assets.HistoryAsync(id, limit ?? 500, ct)));
        read.MapGet("/software", async (AssetQueries assets, CancellationToken ct, string? name, string? version, int? limit) =>
            TypedResults.Ok(await assets.FindSoftwareAsync(name, version, limit ?? 1000, ct)));

        var write = app.MapGroup("/api/v1/assets").RequireAuthorization(Permissions.InventoryWrite).WithTags("Inventory");
        write.MapPut("/{id:guid}/tag", async (Guid id, SetTagRequest request, HttpContext context, AssetAdmin admin, CancellationToken ct) =>
        {
            await admin.SetTagAsync(context.Actor(), id, request.Tag, ct);
            return TypedResults.NoContent();
        });
        write.MapPut("/{id:guid}/blocked", async (Guid id, SetBlockedRequest request, HttpContext context, AssetAdmin admin, CancellationToken ct) =>
        {
            await admin.SetBlockedAsync(context.Actor(), id, request.Blocked, ct);
            return TypedResults.NoContent();
        });
    }

    internal sealed record SetTagRequest(string? Tag);

    internal sealed record SetBlockedRequest(bool Blocked);
}
