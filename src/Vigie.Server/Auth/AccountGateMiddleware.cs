using Vigie.Core.Crypto;
using Vigie.Core.Identity;
using Vigie.Server.Problems;

namespace Vigie.Server.Auth;

/// <summary>
/// Runs after authentication: blocks everything but the allowed endpoints while a password change or MFA
/// enrolment is required, and checks the anti-forgery token on state-changing requests made with a session cookie.
/// </summary>
internal sealed class AccountGateMiddleware
{
    public const string CsrfHeader = "X-CSRF-Token";
    private readonly RequestDelegate _next;

    public AccountGateMiddleware(RequestDelegate next) => _next = next;

    public async Task InvokeAsync(HttpContext context)
    {
        var caller = context.FindCaller();
        if (caller is not null)
        {
            if (caller.AuthMethod == Caller.SessionMethod && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
                && !HttpMethods.IsOptions(context.Request.Method) && !await CsrfValidAsync(context, caller))
            {
                await ProblemWriter.WriteAsync(context, 403, "csrf_failed",
                    $"State-changing requests made with a session cookie must carry the {CsrfHeader} header from the login response.");
                return;
            }
            var allowed = context.GetEndpoint()?.Metadata.GetMetadata<AllowWhileActionRequired>() is not null;
            if (!allowed && caller.PasswordChangeRequired)
            {
                await ProblemWriter.WriteAsync(context, 403, "password_change_required",
                    "The password must be changed before anything else (first login, reset, or older than the maximum age).");
                return;
            }
            if (!allowed && caller.MfaEnrolmentRequired)
            {
                await ProblemWriter.WriteAsync(context, 403, "mfa_enrolment_required",
                    "Your role requires multi-factor authentication: enrol an authenticator before anything else.");
                return;
            }
        }
        await _next(context);
    }

    private static async Task<bool> CsrfValidAsync(HttpContext context, Caller caller)
    {
        string? presented = context.Request.Headers[CsrfHeader];
        if (string.IsNullOrEmpty(presented) && context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            presented = form["__csrf"];
        }
        return !string.IsNullOrEmpty(presented) && caller.CsrfHash is not null && SecretToken.Matches(presented, caller.CsrfHash);
    }
}
