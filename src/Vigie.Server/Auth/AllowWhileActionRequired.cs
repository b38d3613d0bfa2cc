namespace Vigie.Server.Auth;

/// <summary>
/// Marks the few endpoints a caller may use while a password change or MFA enrolment is pending
/// (reading their profile, changing the password, enrolling, signing out).
/// </summary>
internal sealed class AllowWhileActionRequired
{
    public static AllowWhileActionRequired Instance { get; } = new();
}
