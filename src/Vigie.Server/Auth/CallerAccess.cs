using Vigie.Core.Audit;
using Vigie.Core.Identity;

namespace Vigie.Server.Auth;

/// <summary>Reads the authenticated caller and the request's audit identity from the HTTP context.</summary>
internal static class CallerAccess
{
    private const string Key = "vigie.caller";

    public static void SetCaller(this HttpContext context, Caller caller) => context.Items[Key] = caller;

    public static Caller? FindCaller(this HttpContext context) => context.Items.TryGetValue(Key, out var value) ? value as Caller : null;

    public static Caller Caller(this HttpContext context) =>
        context.FindCaller() ?? throw new InvalidOperationException("The endpoint requires authorization but has no caller.");

    public static string Source(this HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public static AuditActor Actor(this HttpContext context)
    {
        var caller = context.FindCaller();
        return caller is null
            ? AuditActor.Anonymous(context.Source())
            : new AuditActor(caller.UserId, caller.Username, context.Source());
    }
}
