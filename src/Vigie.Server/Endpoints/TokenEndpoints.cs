using Vigie.Core.Identity;
using Vigie.Server.Auth;

namespace Vigie.Server.Endpoints;

/// <summary>API tokens: <c>/api/v1/tokens</c>. Everyone manages their own; administrators those of API users.</summary>
internal static class TokenEndpoints
{
    public static void MapTokenEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/tokens").RequireAuthorization(Permissions.TokensSelf).WithTags("Tokens");
        group.MapGet("", async (HttpContext context, TokenService tokens, CancellationToken ct, bool? all) =>
            TypedResults.Ok(await tokens.ListAsync(context.Caller(), all ?? false, ct)));
        group.MapPost("", async (CreateTokenRequest request, HttpContext context, TokenService tokens, CancellationToken ct) =>
        {
            var created = await tokens.CreateAsync(context.Caller(), context.Source(), request, ct);
            context.Response.Headers.CacheControl = "no-store";
            return TypedResults.Created($"/api/v1/tokens/{created.Token.Id}", created);
        });
        group.MapDelete("/{id:guid}", async (Guid id, HttpContext context, TokenService tokens, CancellationToken ct) =>
            TypedResults.Ok(await tokens.RevokeAsync(context.Caller(), context.Source(), id, ct)));
    }
}
