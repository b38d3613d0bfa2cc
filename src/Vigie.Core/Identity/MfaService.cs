using System.Security.Cryptography;
using Dapper;
using Vigie.Core.Audit;
using Vigie.Core.Common;
using Vigie.Core.Crypto;
using Vigie.Core.Storage;

namespace Vigie.Core.Identity;

/// <summary>TOTP enrolment (seed encrypted under the server key), recovery codes, and the per-role MFA requirement.</summary>
public sealed class MfaService
{
    private const string Issuer = "Vigie";
    private readonly IDbConnectionFactory _connections;
    private readonly IAuditLog _audit;
    private readonly FieldCipher _cipher;
    private readonly MfaVerifier _verifier;
    private readonly IdentityOptions _options;
    private readonly TimeProvider _clock;

    public MfaService(IDbConnectionFactory connections, IAuditLog audit, FieldCipher cipher, MfaVerifier verifier,
        Microsoft.Extensions.Options.IOptions<IdentityOptions> options, TimeProvider clock)
    {
        _connections = connections;
        _audit = audit;
        _cipher = cipher;
        _verifier = verifier;
        _options = options.Value;
        _clock = clock;
    }

    public async Task<MfaEnrolment> BeginAsync(Caller caller, string source, CancellationToken ct)
    {
        RequireHuman(caller);
        return await _connections.InTransactionAsync(async (c, t) =>
        {
            var user = await UserStore.ByIdAsync(c, t, caller.UserId, ct) ?? throw ProblemException.NotFound("user");
            if (user.MfaEnabled)
            {
                throw ProblemException.Conflict("mfa_already_enabled", "MFA is already enabled; disable it first to enrol a new device.");
            }
            var seed = RandomNumberGenerator.GetBytes(20);
            try
            {
                user.MfaPendingSecret = _cipher.Encrypt(seed, MfaVerifier.SecretAad(user.Id));
                user.UpdatedAt = _clock.GetUtcNow();
                await UserStore.UpdateMfaAsync(c, t, user, ct);
                await _audit.AppendAsync(c, t, new AuditEntry(new AuditActor(user.Id, user.Username, source), AuditActions.MfaEnrolStarted,
                    user.Target, AuditEntry.Success), ct);
                var secret = Base32.Encode(seed);
                var label = Uri.EscapeDataString($"{Issuer}:{user.Username}");
                var uri = $"otpauth://totp/{label}?secret={secret}&issuer={Issuer}&algorithm=SHA1&digits=6&period={Totp.StepSeconds}";
                return new MfaEnrolment(secret, uri, 6, Totp.StepSeconds, "SHA1");
            }
            finally
            {
                CryptographicOperations.ZeroMemory(seed);
            }
        }, ct);
    }

    public async Task<MfaRecoveryCodes> ConfirmAsync(Caller caller, string source, string? code, CancellationToken ct)
    {
        RequireHuman(caller);
        new ValidationErrors().Require("code", code, 10).ThrowIfAny();
        var result = await _connections.InTransactionAsync<MfaRecoveryCodes?>(async (c, t) =>
        {
            var user = await UserStore.ByIdAsync(c, t, caller.UserId, ct) ?? throw ProblemException.NotFound("user");
            if (user.MfaPendingSecret is null)
            {
                throw ProblemException.Conflict("mfa_not_pending", "Start an enrolment first.");
            }
            if (!_verifier.VerifyTotp(user, user.MfaPendingSecret, code))
            {
                return null;
            }
            user.MfaSecret = user.MfaPendingSecret;
            user.MfaPendingSecret = null;
            user.MfaEnabled = true;
            user.UpdatedAt = _clock.GetUtcNow();
            await UserStore.UpdateMfaAsync(c, t, user, ct);
            var codes = await IssueRecoveryCodesAsync(c, t, user.Id, ct);
            await _audit.AppendAsync(c, t, new AuditEntry(new AuditActor(user.Id, user.Username, source), AuditActions.MfaEnrolled,
                user.Target, AuditEntry.Success, new Dictionary<string, object?> { ["recoveryCodes"] = codes.Count }), ct);
            return new MfaRecoveryCodes(codes);
        }, ct);
        return result ?? throw ProblemException.Validation("code", "is not valid for the enrolled secret");
    }

    /// <summary>Removes a user's MFA: an administrator's reset, or the user's own with a valid current code.</summary>
    public async Task DisableAsync(Caller caller, string source, Guid userId, string? code, CancellationToken ct)
    {
        var self = userId == caller.UserId;
        if (!self && !caller.Has(Permissions.UsersWrite))
        {
            throw ProblemException.Forbidden("forbidden", "Resetting another user's MFA requires the users.write permission.");
        }
        var ok = await _connections.InTransactionAsync(async (c, t) =>
        {
            var user = await UserStore.ByIdAsync(c, t, userId, ct) ?? throw ProblemException.NotFound("user");
            if (self && !_verifier.VerifyTotp(user, user.MfaSecret, code))
            {
                return false;
            }
            user.MfaEnabled = false;
            user.MfaSecret = null;
            user.MfaPendingSecret = null;
            user.UpdatedAt = _clock.GetUtcNow();
            await UserStore.UpdateMfaAsync(c, t, user, ct);
            await c.ExecuteAsync(new CommandDefinition("DELETE FROM identity_recovery_codes WHERE user_id = @Id", new { user.Id }, t, cancellationToken: ct));
            await _audit.AppendAsync(c, t, new AuditEntry(new AuditActor(caller.UserId, caller.Username, source), AuditActions.MfaDisabled,
                user.Target, AuditEntry.Success, new Dictionary<string, object?> { ["byAdministrator"] = !self }), ct);
            return true;
        }, ct);
        if (!ok)
        {
            throw ProblemException.Validation("code", "is not a valid current one-time code");
        }
    }

    public async Task<MfaPolicy> GetPolicyAsync(CancellationToken ct)
    {
        await using var c = await _connections.OpenAsync(ct);
        var roles = await c.QueryAsync<string>(new CommandDefinition(
            "SELECT role FROM identity_role_settings WHERE mfa_required = @True ORDER BY role", new { True = true }, cancellationToken: ct));
        return new MfaPolicy(roles.ToList());
    }

    public async Task<MfaPolicy> SetPolicyAsync(AuditActor actor, IReadOnlyList<string>? roles, CancellationToken ct)
    {
        var wanted = (roles ?? []).Distinct(StringComparer.Ordinal).ToList();
        var unknown = wanted.Where(r => !Roles.IsKnown(r)).ToList();
        if (unknown.Count > 0)
        {
            throw ProblemException.Validation("requiredForRoles", $"unknown roles: {string.Join(", ", unknown)}");
        }
        await _connections.InTransactionAsync(async (c, t) =>
        {
            var now = _clock.GetUtcNow();
            foreach (var role in Roles.All)
            {
                await c.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO identity_role_settings (role, mfa_required, updated_at) VALUES (@Role, @Required, @Now)
                    ON CONFLICT (role) DO UPDATE SET mfa_required = excluded.mfa_required, updated_at = excluded.updated_at
                    """, new { Role = role, Required = wanted.Contains(role), Now = now }, t, cancellationToken: ct));
            }
            await _audit.AppendAsync(c, t, new AuditEntry(actor, AuditActions.MfaPolicyChanged, "settings:mfa", AuditEntry.Success,
                new Dictionary<string, object?> { ["requiredForRoles"] = string.Join(' ', wanted) }), ct);
        }, ct);
        return new MfaPolicy(wanted.Order(StringComparer.Ordinal).ToList());
    }

    private async Task<List<string>> IssueRecoveryCodesAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction t, Guid userId, CancellationToken ct)
    {
        await c.ExecuteAsync(new CommandDefinition("DELETE FROM identity_recovery_codes WHERE user_id = @UserId", new { UserId = userId }, t, cancellationToken: ct));
        var codes = new List<string>();
        for (var i = 0; i < _options.RecoveryCodeCount; i++)
        {
            var raw = Base32.Encode(RandomNumberGenerator.GetBytes(8))[..12];
            var display = $"{raw[..4]}-{raw[4..8]}-{raw[8..]}";
            codes.Add(display);
            await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO identity_recovery_codes (id, user_id, code_hash) VALUES (@Id, @UserId, @Hash)",
                new { Id = Ids.New(_clock), UserId = userId, Hash = SecretToken.HashSecret(MfaVerifier.NormalizeRecoveryCode(display)) }, t, cancellationToken: ct));
        }
        return codes;
    }

    private static void RequireHuman(Caller caller)
    {
        if (caller.Kind != UserKind.Human)
        {
            throw ProblemException.Forbidden("api_user_has_no_mfa", "API users authenticate with tokens only.");
        }
    }
}
