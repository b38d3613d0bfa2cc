using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Vigie.Core.Identity;
using Vigie.Server.Problems;

namespace Vigie.Server.Auth;

/// <summary>
/// One scheme for both credentials: <c>Authorization: Bearer vgt_…</c> API tokens, or the
/// <c>vigie_session</c> cookie of a browser session.
/// </summary>
internal sealed class VigieAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    public const string SchemeName = "Vigie";
    public const string SessionCookie = "vigie_session";
    public const string CsrfCookie = "vigie_csrf";
    private const string FailureKey = "vigie.auth.failure";
    private readonly CallerAuthenticator _authenticator;

    public VigieAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
        CallerAuthenticator authenticator)
        : base(options, logger, encoder)
    {
        _authenticator = authenticator;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        Caller? caller;
        string authorization = Request.Headers.Authorization.ToString();
        if (authorization.Length > 0)
        {
            if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                Context.Items[FailureKey] = "unsupported_authorization";
                return AuthenticateResult.Fail("Only bearer tokens are accepted.");
            }
            caller = await _authenticator.FromTokenAsync(authorization["Bearer ".Length..].Trim(), Context.RequestAborted);
            if (caller is null)
            {
                Context.Items[FailureKey] = "invalid_token";
                return AuthenticateResult.Fail("The token is not valid.");
            }
        }
        else if (Request.Cookies.TryGetValue(SessionCookie, out var cookie))
        {
            caller = await _authenticator.FromSessionAsync(cookie, Context.RequestAborted);
            if (caller is null)
            {
                Context.Items[FailureKey] = "session_expired";
                return AuthenticateResult.Fail("The session is not valid.");
            }
        }
        else
        {
            return AuthenticateResult.NoResult();
        }

        Context.SetCaller(caller);
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, caller.UserId.ToString()),
            new Claim(ClaimTypes.Name, caller.Username),
            new Claim(ClaimTypes.Role, caller.Role),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var reason = Context.Items.TryGetValue(FailureKey, out var value) ? value as string : null;
        return reason switch
        {
            "invalid_token" => ProblemWriter.WriteAsync(Context, 401, "invalid_token", "The API token is invalid, expired or revoked."),
            "session_expired" => ProblemWriter.WriteAsync(Context, 401, "session_expired", "The session has expired or was signed out."),
            "unsupported_authorization" => ProblemWriter.WriteAsync(Context, 401, "unsupported_authorization", "Use 'Authorization: Bearer <token>'."),
            _ => ProblemWriter.WriteAsync(Context, 401, "unauthenticated", "Authentication is required."),
        };
    }
}
