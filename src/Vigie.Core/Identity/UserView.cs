namespace Vigie.Core.Identity;

/// <summary>What the API shows of a user: never a hash, a secret or an MFA seed.</summary>
public sealed record UserView(
    Guid Id,
    string Username,
    string DisplayName,
    string Kind,
    string Role,
    bool Locked,
    DateTimeOffset? LockedUntil,
    int FailedLogins,
    bool MfaEnabled,
    bool PasswordChangeRequired,
    DateTimeOffset? PasswordChangedAt,
    DateTimeOffset? LastLoginAt,
    DateTimeOffset CreatedAt)
{
    internal static UserView From(UserRecord u, DateTimeOffset now, int passwordMaxAgeDays = 0) => new(
        u.Id, u.Username, u.DisplayName, u.Kind, u.Role, u.IsLocked(now), u.IsLocked(now) ? u.LockedUntil : null, u.FailedLogins,
        u.MfaEnabled, PasswordRules.ChangeRequired(u, now, passwordMaxAgeDays), u.PasswordChangedAt, u.LastLoginAt, u.CreatedAt);
}
