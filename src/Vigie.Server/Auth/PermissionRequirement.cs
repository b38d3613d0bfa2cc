using Microsoft.AspNetCore.Authorization;

namespace Vigie.Server.Auth;

/// <summary>An endpoint's need for one permission, checked against the caller's role and token scopes.</summary>
internal sealed record PermissionRequirement(string Permission) : IAuthorizationRequirement;

internal sealed class PermissionHandler : AuthorizationHandler<PermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (context.Resource is HttpContext http && http.FindCaller() is { } caller && caller.Has(requirement.Permission))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
