namespace Vigie.Core.Identity;

/// <summary>A row of <c>identity_users</c>.</summary>
internal sealed class UserRecord
{
    public Guid Id { get; set; }
    public string Username { get; set; } = "";
    public string UsernameNormalized { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Kind { get; set; } = UserKind.Human;
    public string Role { get; set; } = Roles.User;
    public string? PasswordHash { get; set; }
    public DateTimeOffset? PasswordChangedAt { get; set; }
    public bool MustChangePassword { get; set; }
    public int FailedLogins { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    public DateTimeOffset? LastLoginAt { get; set; }
    public bool MfaEnabled { get; set; }
    public string? MfaSecret { get; set; }
    public string? MfaPendingSecret { get; set; }
    public long MfaLastStep { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public bool IsLocked(DateTimeOffset now) => LockedUntil is { } until && until > now;

    public string Target => $"user:{Username}";
}
