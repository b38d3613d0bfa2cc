using Vigie.Core.Identity;
using Vigie.Server.Auth;

namespace Vigie.Server.Endpoints;

/// <summary>Account administration: <c>/api/v1/users</c>.</summary>
internal static class UserEndpoints
{
    public static void MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/v1/users").RequireAuthorization(Permissions.UsersRead).WithTags("Users");
        read.MapGet("", async (UserAdminService users, CancellationToken ct, int? limit, string? cursor, string? q) =>
            TypedResults.Ok(await users.ListAsync(limit ?? 100, cursor, q, ct)));
        read.MapGet("/{id:guid}", async (Guid id, UserAdminService users, CancellationToken ct) => TypedResults.Ok(await users.GetAsync(id, ct)));

        var write = app.MapGroup("/api/v1/users").RequireAuthorization(Permissions.UsersWrite).WithTags("Users");
        write.MapPost("", async (CreateUserRequest request, HttpContext context, UserAdminService users, CancellationToken ct) =>
        {
            var user = await users.CreateAsync(context.Actor(), request, ct);
            return TypedResults.Created($"/api/v1/users/{user.Id}", user);
        });
        write.MapPost("/{id:guid}/lock", async (Guid id, HttpContext context, UserAdminService users, CancellationToken ct) =>
            TypedResults.Ok(await users.LockAsync(context.Actor(), id, ct)));
        write.MapPost("/{id:guid}/unlock", async (Guid id, HttpContext context, UserAdminService users, CancellationToken ct) =>
            TypedResults.Ok(await users.UnlockAsync(context.Actor(), id, ct)));
        write.MapPut("/{id:guid}/role", async (Guid id, SetRoleRequest request, HttpContext context, UserAdminService users, CancellationToken ct) =>
            TypedResults.Ok(await users.SetRoleAsync(context.Actor(), id, request.Role, ct)));
        write.MapPost("/{id:guid}/password", async (Guid id, ResetPasswordRequest request, HttpContext context, UserAdminService users, CancellationToken ct) =>
            TypedResults.Ok(await users.ResetPasswordAsync(context.Actor(), id, request.Password, ct)));
        write.MapDelete("/{id:guid}/mfa", async (Guid id, HttpContext context, MfaService mfa, CancellationToken ct) =>
        {
            await mfa.DisableAsync(context.Caller(), context.Source(), id, null, ct);
            return TypedResults.NoContent();
        });
    }

    internal sealed record SetRoleRequest(string? Role);

    internal sealed record ResetPasswordRequest(string? Password)
    {
        public override string ToString() => "ResetPasswordRequest([redacted])";
    }
}
