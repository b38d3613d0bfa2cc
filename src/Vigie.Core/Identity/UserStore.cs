using System.Data.Common;
using Dapper;

namespace Vigie.Core.Identity;

/// <summary>SQL on <c>identity_users</c> and its satellite tables, always inside the caller's transaction.</summary>
internal static class UserStore
{
    public const string Columns = "id, username, username_normalized, display_name, kind, role, password_hash, password_changed_at, must_change_password, failed_logins, locked_until, last_login_at, mfa_enabled, mfa_secret, mfa_pending_secret, mfa_last_step, created_at, updated_at";

    /// <summary>Far-future lock used when an administrator locks an account (or lockout has no delay).</summary>
    public static readonly DateTimeOffset LockedIndefinitely = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    public static string Normalize(string username) => username.Trim().ToLowerInvariant();

    public static Task<UserRecord?> ByNameAsync(DbConnection c, DbTransaction? t, string username, CancellationToken ct) =>
        c.QueryFirstOrDefaultAsync<UserRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM identity_users WHERE username_normalized = @Name", new { Name = Normalize(username) }, t, cancellationToken: ct));

    public static Task<UserRecord?> ByIdAsync(DbConnection c, DbTransaction? t, Guid id, CancellationToken ct) =>
        c.QueryFirstOrDefaultAsync<UserRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM identity_users WHERE id = @Id", new { Id = id }, t, cancellationToken: ct));

    public static Task<int> CountAsync(DbConnection c, DbTransaction? t, CancellationToken ct) =>
        c.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COUNT(*) FROM identity_users", transaction: t, cancellationToken: ct));

    public static Task InsertAsync(DbConnection c, DbTransaction t, UserRecord u, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO identity_users (id, username, username_normalized, display_name, kind, role, password_hash, password_changed_at,
                must_change_password, failed_logins, locked_until, last_login_at, mfa_enabled, mfa_secret, mfa_pending_secret, mfa_last_step, created_at, updated_at)
            VALUES (@Id, @Username, @UsernameNormalized, @DisplayName, @Kind, @Role, @PasswordHash, @PasswordChangedAt,
                @MustChangePassword, @FailedLogins, @LockedUntil, @LastLoginAt, @MfaEnabled, @MfaSecret, @MfaPendingSecret, @MfaLastStep, @CreatedAt, @UpdatedAt)
            """, u, t, cancellationToken: ct));

    public static Task UpdateLoginStateAsync(DbConnection c, DbTransaction t, UserRecord u, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            """
            UPDATE identity_users SET failed_logins = @FailedLogins, locked_until = @LockedUntil, last_login_at = @LastLoginAt,
                password_hash = @PasswordHash, mfa_last_step = @MfaLastStep, updated_at = @UpdatedAt
            WHERE id = @Id
            """, u, t, cancellationToken: ct));

    public static Task UpdatePasswordAsync(DbConnection c, DbTransaction t, UserRecord u, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            """
            UPDATE identity_users SET password_hash = @PasswordHash, password_changed_at = @PasswordChangedAt,
                must_change_password = @MustChangePassword, updated_at = @UpdatedAt
            WHERE id = @Id
            """, u, t, cancellationToken: ct));

    public static Task UpdateMfaAsync(DbConnection c, DbTransaction t, UserRecord u, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            """
            UPDATE identity_users SET mfa_enabled = @MfaEnabled, mfa_secret = @MfaSecret, mfa_pending_secret = @MfaPendingSecret,
                mfa_last_step = @MfaLastStep, updated_at = @UpdatedAt
            WHERE id = @Id
            """, u, t, cancellationToken: ct));

    public static Task UpdateRoleAndLockAsync(DbConnection c, DbTransaction t, UserRecord u, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            "UPDATE identity_users SET role = @Role, locked_until = @LockedUntil, failed_logins = @FailedLogins, updated_at = @UpdatedAt WHERE id = @Id",
            u, t, cancellationToken: ct));

    public static Task RevokeSessionsAsync(DbConnection c, DbTransaction t, Guid userId, DateTimeOffset now, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            "UPDATE identity_sessions SET revoked_at = @Now WHERE user_id = @UserId AND revoked_at IS NULL",
            new { UserId = userId, Now = now }, t, cancellationToken: ct));
}
