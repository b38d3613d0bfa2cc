using System.Data.Common;
using Microsoft.Extensions.Options;
using Vigie.Core.Audit;
using Vigie.Core.Common;
using Vigie.Core.Crypto;
using Vigie.Core.Storage;

namespace Vigie.Core.Identity;

/// <summary>
/// Password login under the policy: per-address throttling, lockout after consecutive failures, TOTP or
/// recovery code when enrolled, re-hash of outdated hashes, and an audit row for every outcome.
/// </summary>
public sealed class LoginService
{
    private readonly IDbConnectionFactory _connections;
    private readonly IAuditLog _audit;
    private readonly PasswordHasher _hasher;
    private readonly MfaVerifier _mfa;
    private readonly CredentialIssuer _issuer;
    private readonly LoginThrottle _throttle;
    private readonly IdentityOptions _options;
    private readonly TimeProvider _clock;

    public LoginService(IDbConnectionFactory connections, IAuditLog audit, PasswordHasher hasher, MfaVerifier mfa, CredentialIssuer issuer,
        LoginThrottle throttle, IOptions<IdentityOptions> options, TimeProvider clock)
    {
        _connections = connections;
        _audit = audit;
        _hasher = hasher;
        _mfa = mfa;
        _issuer = issuer;
        _throttle = throttle;
        _options = options.Value;
        _clock = clock;
    }

    public async Task<LoginResult> LoginAsync(LoginRequest request, string source, CancellationToken ct)
    {
        var errors = new ValidationErrors().Require("username", request.Username, 64).Require("password", request.Password, _options.MaxLength);
        var mode = request.Mode ?? "cookie";
        if (mode is not ("cookie" or "token"))
        {
            errors.Add("mode", "must be 'cookie' or 'token'");
        }
        if (request.TokenName is { Length: > 100 })
        {
            errors.Add("tokenName", "must be at most 100 characters");
        }
        errors.ThrowIfAny();

        if (_throttle.RetryAfter(source) is { } wait)
        {
            await _audit.AppendAloneAsync(new AuditEntry(AuditActor.Anonymous(source, request.Username), AuditActions.LoginThrottled,
                $"user:{request.Username}", AuditEntry.Denied), ct);
            throw new ProblemException(429, "too_many_attempts", "Too many failed logins from this address; try again later.")
            {
                RetryAfter = wait,
            };
        }

        ProblemException? failure = null;
        var result = await _connections.InTransactionAsync<LoginResult?>(async (c, t) =>
        {
            var user = await UserStore.ByNameAsync(c, t, request.Username!, ct);
            var now = _clock.GetUtcNow();
            if (user is null || user.Kind != UserKind.Human || user.PasswordHash is null)
            {
                _hasher.VerifyDummy(request.Password!);
                await Fail(c, t, null, request.Username!, source, user is null ? "unknown_user" : "api_user", ct);
                failure = InvalidCredentials();
                return null;
            }
            var passwordOk = _hasher.Verify(request.Password!, user.PasswordHash, out var needsRehash);
            if (user.IsLocked(now))
            {
                await Fail(c, t, user, user.Username, source, "locked", ct);
                failure = Locked();
                return null;
            }
            if (user.LockedUntil is not null)
            {
                // The lockout delay has passed: the account starts again with a clean failure count.
                user.LockedUntil = null;
                user.FailedLogins = 0;
            }
            if (!passwordOk)
            {
                failure = await CountFailureAsync(c, t, user, source, "bad_password", ct);
                return null;
            }
            if (user.MfaEnabled)
            {
                if (string.IsNullOrWhiteSpace(request.Totp) && string.IsNullOrWhiteSpace(request.RecoveryCode))
                {
                    failure = new ProblemException(401, "mfa_required", "A one-time code from the authenticator app (or a recovery code) is required.");
                    return null;
                }
                var usedRecovery = false;
                var mfaOk = !string.IsNullOrWhiteSpace(request.Totp)
                    ? _mfa.VerifyTotp(user, user.MfaSecret, request.Totp)
                    : usedRecovery = await _mfa.UseRecoveryCodeAsync(c, t, user, request.RecoveryCode, ct);
                if (!mfaOk)
                {
                    failure = await CountFailureAsync(c, t, user, source, "bad_mfa_code", ct);
                    failure = failure.Code == "account_locked" ? failure
                        : new ProblemException(401, "invalid_mfa_code", "The one-time code is not valid or was already used.");
                    return null;
                }
                if (usedRecovery)
                {
                    await _audit.AppendAsync(c, t, new AuditEntry(new AuditActor(user.Id, user.Username, source), AuditActions.MfaRecoveryCodeUsed,
                        user.Target, AuditEntry.Success), ct);
                }
            }
            user.FailedLogins = 0;
            user.LockedUntil = null;
            user.LastLoginAt = now;
            user.UpdatedAt = now;
            if (needsRehash)
            {
                user.PasswordHash = _hasher.Hash(request.Password!);
            }
            await UserStore.UpdateLoginStateAsync(c, t, user, ct);
            var view = UserView.From(user, now, _options.PasswordMaxAgeDays);
            var actor = new AuditActor(user.Id, user.Username, source);
            await _audit.AppendAsync(c, t, new AuditEntry(actor, AuditActions.LoginSucceeded, user.Target, AuditEntry.Success,
                new Dictionary<string, object?> { ["mode"] = mode, ["mfa"] = user.MfaEnabled, ["rehashed"] = needsRehash }), ct);
            if (mode == "token")
            {
                var expires = now.AddHours(_options.LoginTokenHours);
                var name = string.IsNullOrWhiteSpace(request.TokenName) ? "login" : request.TokenName.Trim();
                var token = await _issuer.CreateTokenAsync(c, t, user.Id, name, [Permissions.AllScopes], expires, user.Username, ct);
                await _audit.AppendAsync(c, t, new AuditEntry(actor, AuditActions.TokenCreated, $"token:{token.Id}", AuditEntry.Success,
                    new Dictionary<string, object?> { ["name"] = name, ["owner"] = user.Username, ["scopes"] = "*", ["expiresAt"] = expires }), ct);
                return new LoginResult(view, null, null, expires, token.Value, token.Id);
            }
            var (session, csrf, sessionExpires) = await _issuer.CreateSessionAsync(c, t, user.Id, source, TimeSpan.FromHours(_options.SessionMaxHours), ct);
            return new LoginResult(view, session.Value, csrf, sessionExpires, null, session.Id);
        }, ct);

        if (result is null)
        {
            if (failure!.Code is "invalid_credentials" or "invalid_mfa_code" or "account_locked")
            {
                _throttle.RecordFailure(source);
            }
            throw failure;
        }
        return result;
    }

    private async Task<ProblemException> CountFailureAsync(DbConnection c, DbTransaction t, UserRecord user, string source, string reason, CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        user.FailedLogins++;
        user.UpdatedAt = now;
        var locked = user.FailedLogins >= _options.MaxFailedLogins;
        if (locked)
        {
            user.LockedUntil = _options.LockoutMinutes == 0 ? UserStore.LockedIndefinitely : now.AddMinutes(_options.LockoutMinutes);
        }
        await UserStore.UpdateLoginStateAsync(c, t, user, ct);
        await Fail(c, t, user, user.Username, source, reason, ct);
        if (locked)
        {
            await _audit.AppendAsync(c, t, new AuditEntry(AuditActor.Anonymous(source, user.Username), AuditActions.AccountLocked, user.Target,
                AuditEntry.Success, new Dictionary<string, object?> { ["failures"] = user.FailedLogins, ["lockedUntil"] = user.LockedUntil }), ct);
            return Locked();
        }
        return InvalidCredentials();
    }

    private Task Fail(DbConnection c, DbTransaction t, UserRecord? user, string claimedName, string source, string reason, CancellationToken ct) =>
        _audit.AppendAsync(c, t, new AuditEntry(new AuditActor(user?.Id, Truncate(claimedName), source), AuditActions.LoginFailed,
            $"user:{Truncate(claimedName)}", AuditEntry.Failure, new Dictionary<string, object?> { ["reason"] = reason }), ct);

    private static string Truncate(string name) => name.Length <= 64 ? name : name[..64];

    private static ProblemException InvalidCredentials() =>
        new(401, "invalid_credentials", "The user name or password is incorrect.");

    private static ProblemException Locked() =>
        new(401, "account_locked", "The account is locked after too many failed logins. Ask an administrator, or wait for the lockout delay.");
}
