using Dapper;
using Microsoft.Extensions.Options;
using Vigie.Core.Crypto;
using Vigie.Core.Storage;

namespace Vigie.Core.Identity;

/// <summary>
/// Resolves a bearer token or a session cookie to a <see cref="Caller"/>. Expired, revoked or malformed
/// credentials and locked owners resolve to nothing. Last-use times are refreshed at most once a minute.
/// </summary>
public sealed class CallerAuthenticator
{
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);
    private readonly IDbConnectionFactory _connections;
    private readonly PreparedReads _reads;
    private readonly IdentityOptions _options;
    private readonly TimeProvider _clock;

    public CallerAuthenticator(IDbConnectionFactory connections, PreparedReads reads, IOptions<IdentityOptions> options, TimeProvider clock)
    {
        _connections = connections;
        _reads = reads;
        _options = options.Value;
        _clock = clock;
    }

    public async Task<Caller?> FromTokenAsync(string? bearer, CancellationToken ct)
    {
        if (!SecretToken.TryParse(CredentialIssuer.TokenPrefix, bearer, out var id, out var secret))
        {
            return null;
        }
        var row = await _reads.FirstOrDefaultAsync<CredentialRow>(
            $"""
            SELECT t.secret_hash AS SecretHash, t.scopes AS Scopes, t.expires_at AS ExpiresAt, t.revoked_at AS RevokedAt, t.last_used_at AS LastUsedAt,
                   {UserColumns}
            FROM identity_api_tokens t JOIN identity_users u ON u.id = t.user_id LEFT JOIN identity_role_settings r ON r.role = u.role
            WHERE t.id = @Id
            """, [("Id", id)], ct);
        var now = _clock.GetUtcNow();
        if (row is null || !SecretToken.Matches(secret, row.SecretHash) || row.RevokedAt is not null || row.ExpiresAt <= now || IsLocked(row, now))
        {
            return null;
        }
        if (row.LastUsedAt is null || row.LastUsedAt + TouchInterval < now)
        {
            await using var c = await _connections.OpenAsync(ct);
            await c.ExecuteAsync(new CommandDefinition("UPDATE identity_api_tokens SET last_used_at = @Now WHERE id = @Id",
                new { Id = id, Now = now }, cancellationToken: ct));
        }
        var scopes = row.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        return Build(row, Caller.TokenMethod, id, scopes, null, now);
    }

    public async Task<Caller?> FromSessionAsync(string? cookie, CancellationToken ct)
    {
        if (!SecretToken.TryParse(CredentialIssuer.SessionPrefix, cookie, out var id, out var secret))
        {
            return null;
        }
        var row = await _reads.FirstOrDefaultAsync<CredentialRow>(
            $"""
            SELECT s.secret_hash AS SecretHash, s.csrf_hash AS CsrfHash, s.expires_at AS ExpiresAt, s.revoked_at AS RevokedAt, s.last_seen_at AS LastUsedAt,
                   {UserColumns}
            FROM identity_sessions s JOIN identity_users u ON u.id = s.user_id LEFT JOIN identity_role_settings r ON r.role = u.role
            WHERE s.id = @Id
            """, [("Id", id)], ct);
        var now = _clock.GetUtcNow();
        if (row is null || !SecretToken.Matches(secret, row.SecretHash) || row.RevokedAt is not null || row.ExpiresAt <= now || IsLocked(row, now)
            || row.LastUsedAt + TimeSpan.FromMinutes(_options.SessionIdleMinutes) <= now)
        {
            return null;
        }
        if (row.LastUsedAt + TouchInterval < now)
        {
            await using var c = await _connections.OpenAsync(ct);
            await c.ExecuteAsync(new CommandDefinition("UPDATE identity_sessions SET last_seen_at = @Now WHERE id = @Id",
                new { Id = id, Now = now }, cancellationToken: ct));
        }
        return Build(row, Caller.SessionMethod, id, null, row.CsrfHash, now);
    }

    private const string UserColumns =
        "u.id AS UserId, u.username AS Username, u.role AS Role, u.kind AS Kind, u.locked_until AS LockedUntil, u.must_change_password AS MustChangePassword, u.password_changed_at AS PasswordChangedAt, u.mfa_enabled AS MfaEnabled, r.mfa_required AS MfaRequired";

    private static bool IsLocked(CredentialRow row, DateTimeOffset now) => row.LockedUntil is { } until && until > now;

    private Caller Build(CredentialRow row, string method, Guid credentialId, IReadOnlySet<string>? scopes, string? csrfHash, DateTimeOffset now)
    {
        var user = new UserRecord
        {
            Kind = row.Kind,
            MustChangePassword = row.MustChangePassword,
            PasswordChangedAt = row.PasswordChangedAt,
        };
        var passwordChange = PasswordRules.ChangeRequired(user, now, _options.PasswordMaxAgeDays);
        var mfaEnrolment = row.Kind == UserKind.Human && row.MfaRequired == true && !row.MfaEnabled;
        return new Caller(row.UserId, row.Username, row.Role, row.Kind, method, credentialId, scopes, passwordChange, mfaEnrolment, csrfHash);
    }

    private sealed class CredentialRow
    {
        public string SecretHash { get; set; } = "";
        public string? CsrfHash { get; set; }
        public string Scopes { get; set; } = "";
        public DateTimeOffset ExpiresAt { get; set; }
        public DateTimeOffset? RevokedAt { get; set; }
        public DateTimeOffset? LastUsedAt { get; set; }
        public Guid UserId { get; set; }
        public string Username { get; set; } = "";
        public string Role { get; set; } = "";
        public string Kind { get; set; } = "";
        public DateTimeOffset? LockedUntil { get; set; }
        public bool MustChangePassword { get; set; }
        public DateTimeOffset? PasswordChangedAt { get; set; }
        public bool MfaEnabled { get; set; }
        public bool? MfaRequired { get; set; }
    }
}
