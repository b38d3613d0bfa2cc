using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Vigie.Core.Audit;
using Vigie.Server.Problems;

namespace Vigie.Server.Auth;

/// <summary>Answers refused requests with problem+json and records each refusal of an authenticated caller in the audit trail.</summary>
internal sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();
    private readonly IAuditLog _audit;

    public ProblemAuthorizationResultHandler(IAuditLog audit) => _audit = audit;

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && context.FindCaller() is { } caller)
        {
            var needed = string.Join(", ", policy.Requirements.OfType<PermissionRequirement>().Select(r => r.Permission));
            var via = caller.TokenScopes is null ? "role" : "role and token scopes";
            await _audit.AppendAloneAsync(new AuditEntry(context.Actor(), AuditActions.AccessDenied,
                $"{context.Request.Method} {context.Request.Path}", AuditEntry.Denied,
                new Dictionary<string, object?> { ["required"] = needed, ["role"] = caller.Role, ["method"] = caller.AuthMethod }), context.RequestAborted);
            await ProblemWriter.WriteAsync(context, 403, "forbidden", "You are not allowed to do this.",
                $"This requires the permission '{needed}', which your {via} do not grant.");
            return;
        }
        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
