using Vigie.Core.Identity;
using Vigie.Server.Auth;

namespace Vigie.Server.Endpoints;

/// <summary>Groups of users: <c>/api/v1/groups</c>.</summary>
internal static class GroupEndpoints
{
    public static void MapGroupEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/groups", async (GroupService groups, CancellationToken ct) => TypedResults.Ok(await groups.ListAsync(ct)))
            .RequireAuthorization(Permissions.GroupsRead).WithTags("Groups");

        var write = app.MapGroup("/api/v1/groups").RequireAuthorization(Permissions.GroupsWrite).WithTags("Groups");
        write.MapPost("", async (CreateGroupRequest request, HttpContext context, GroupService groups, CancellationToken ct) =>
        {
            var group = await groups.CreateAsync(context.Actor(), request.Name, request.Description, ct);
            return TypedResults.Created($"/api/v1/groups/{group.Id}", group);
        });
        write.MapPut("/{id:guid}/members/{userId:guid}", async (Guid id, Guid userId, HttpContext context, GroupService groups, CancellationToken ct) =>
        {
            await groups.SetMemberAsync(context.Actor(), id, userId, true, ct);
            return TypedResults.NoContent();
        });
        write.MapDelete("/{id:guid}/members/{userId:guid}", async (Guid id, Guid userId, HttpContext context, GroupService groups, CancellationToken ct) =>
        {
            await groups.SetMemberAsync(context.Actor(), id, userId, false, ct);
            return TypedResults.NoContent();
        });
    }

    internal sealed record CreateGroupRequest(string? Name, string? Description);
}
