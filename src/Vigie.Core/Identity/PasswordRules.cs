namespace Vigie.Core.Identity;

internal static class PasswordRules
{
    /// <summary>A person must change a password set by someone else, or one older than the maximum age.</summary>
    public static bool ChangeRequired(UserRecord u, DateTimeOffset now, int maxAgeDays)
    {
        if (u.Kind != UserKind.Human)
        {
            return false;
        }
        if (u.MustChangePassword || u.PasswordChangedAt is null)
        {
            return true;
        }
        return maxAgeDays > 0 && u.PasswordChangedAt.Value.AddDays(maxAgeDays) <= now;
    }
}
