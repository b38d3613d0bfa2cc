using Microsoft.Extensions.Options;
using Vigie.Core.Identity;
using Vigie.Server.Auth;

namespace Vigie.Server.Endpoints;

/// <summary>Login (cookie session or bearer token), logout, the caller's own profile, password and MFA.</summary>
internal static class AuthEndpoints
{
    public static void MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/auth/login", LoginAsync).AllowAnonymous().WithTags("Auth");

        var self = app.MapGroup("/api/v1/auth").RequireAuthorization(Permissions.Profile).WithTags("Auth")
            .WithMetadata(AllowWhileActionRequired.Instance);
        self.MapPost("/logout", LogoutAsync);
        self.MapGet("/me", async (HttpContext context, AccountService accounts, CancellationToken ct) =>
            TypedResults.Ok(await accounts.MeAsync(context.Caller(), ct)));
        self.MapPost("/password", async (ChangePasswordRequest request, HttpContext context, AccountService accounts, CancellationToken ct) =>
        {
            await accounts.ChangePasswordAsync(context.Caller(), request.CurrentPassword, request.NewPassword, context.Source(), ct);
            return TypedResults.NoContent();
        });
        self.MapPost("/mfa/totp", async (HttpContext context, MfaService mfa, CancellationToken ct) =>
            TypedResults.Ok(await mfa.BeginAsync(context.Caller(), context.Source(), ct)));
        self.MapPost("/mfa/totp/confirm", async (MfaCodeRequest request, HttpContext context, MfaService mfa, CancellationToken ct) =>
            TypedResults.Ok(await mfa.ConfirmAsync(context.Caller(), context.Source(), request.Code, ct)));
        self.MapPost("/mfa/totp/disable", async (MfaCodeRequest request, HttpContext context, MfaService mfa, CancellationToken ct) =>
        {
            var caller = context.Caller();
            await mfa.DisableAsync(caller, context.Source(), caller.UserId, request.Code, ct);
            return TypedResults.NoContent();
        });
    }

    private static async Task<IResult> LoginAsync(LoginRequest request, HttpContext context, LoginService login, IOptions<IdentityOptions> options,
        CancellationToken ct)
    {
        var result = await login.LoginAsync(request, context.Source(), ct);
        if (result.SessionCookie is not null)
        {
            var cookie = new CookieOptions
            {
                HttpOnly = true,
                Secure = options.Value.CookieSecure,
                SameSite = SameSiteMode.Strict,
                Path = "/",
                Expires = result.ExpiresAt,
            };
            context.Response.Cookies.Append(VigieAuthenticationHandler.SessionCookie, result.SessionCookie, cookie);
            context.Response.Cookies.Append(VigieAuthenticationHandler.CsrfCookie, result.CsrfToken!, new CookieOptions
            {
                HttpOnly = false,
                Secure = options.Value.CookieSecure,
                SameSite = SameSiteMode.Strict,
                Path = "/",
                Expires = result.ExpiresAt,
            });
        }
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new LoginResponse(result.User, result.ExpiresAt, result.Token, result.CsrfToken,
            result.User.PasswordChangeRequired, result.Token is null ? null : result.CredentialId));
    }

    private static async Task<IResult> LogoutAsync(HttpContext context, AccountService accounts, CancellationToken ct)
    {
        await accounts.LogoutAsync(context.Caller(), context.Source(), ct);
        context.Response.Cookies.Delete(VigieAuthenticationHandler.SessionCookie);
        context.Response.Cookies.Delete(VigieAuthenticationHandler.CsrfCookie);
        return TypedResults.NoContent();
    }

    internal sealed record LoginResponse(UserView User, DateTimeOffset ExpiresAt, string? Token, string? CsrfToken, bool PasswordChangeRequired, Guid? TokenId)
    {
        public override string ToString() => $"LoginResponse({User.Username}, [redacted])";
    }

    internal sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword)
    {
        public override string ToString() => "ChangePasswordRequest([redacted])";
    }

    internal sealed record MfaCodeRequest(string? Code);
}
