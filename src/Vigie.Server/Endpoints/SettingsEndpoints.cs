using Vigie.Core.Identity;
using Vigie.Server.Auth;

namespace Vigie.Server.Endpoints;

/// <summary>Security settings: which roles must use MFA, and the password policy in force (read-only, from configuration).</summary>
internal static class SettingsEndpoints
{
    public static void MapSettingsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/settings/mfa", async (MfaService mfa, CancellationToken ct) => TypedResults.Ok(await mfa.GetPolicyAsync(ct)))
            .RequireAuthorization(Permissions.SettingsRead).WithTags("Settings");
        app.MapPut("/api/v1/settings/mfa", async (MfaPolicy request, HttpContext context, MfaService mfa, CancellationToken ct) =>
                TypedResults.Ok(await mfa.SetPolicyAsync(context.Actor(), request.RequiredForRoles, ct)))
            .RequireAuthorization(Permissions.SettingsWrite).WithTags("Settings");
        app.MapGet("/api/v1/settings/password-policy", (Microsoft.Extensions.Options.IOptions<IdentityOptions> options) =>
            {
                var o = options.Value;
                return TypedResults.Ok(new PasswordPolicyResponse(o.MinLengthUser, o.MinLengthAdministrator, o.RequireLetter, o.RequireDigit,
                    o.RequireSymbol, o.PasswordMaxAgeDays, o.PasswordHistory, o.MaxFailedLogins, o.LockoutMinutes));
            })
            .RequireAuthorization(Permissions.SettingsRead).WithTags("Settings");
    }

    internal sealed record PasswordPolicyResponse(int MinLengthUser, int MinLengthAdministrator, bool RequireLetter, bool RequireDigit,
        bool RequireSymbol, int PasswordMaxAgeDays, int PasswordHistory, int MaxFailedLogins, int LockoutMinutes);
}
