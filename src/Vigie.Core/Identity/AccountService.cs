using Dapper;
using Microsoft.Extensions.Options;
using Vigie.Core.Audit;
using Vigie.Core.Common;
using Vigie.Core.Crypto;
using Vigie.Core.Storage;

namespace Vigie.Core.Identity;

/// <summary>What a signed-in person does to their own account: read it, change the password, sign out.</summary>
public sealed class AccountService
{
    private readonly IDbConnectionFactory _connections;
    private readonly IAuditLog _audit;
    private readonly PasswordHasher _hasher;
    private readonly PasswordWriter _passwords;
    private readonly IdentityOptions _options;
    private readonly TimeProvider _clock;

    public AccountService(IDbConnectionFactory connections, IAuditLog audit, PasswordHasher hasher, PasswordWriter passwords,
        IOptions<IdentityOptions> options, TimeProvider clock)
    {
        _connections = connections;
        _audit = audit;
        _hasher = hasher;
        _passwords = passwords;
        _options = options.Value;
        _clock = clock;
    }

    public async Task<UserView> MeAsync(Caller caller, CancellationToken ct)
    {
        await using var c = await _connections.OpenAsync(ct);
        var user = await UserStore.ByIdAsync(c, null, caller.UserId, ct) ?? throw ProblemException.NotFound("user");
        return UserView.From(user, _clock.GetUtcNow(), _options.PasswordMaxAgeDays);
    }

    /// <summary>Changes the caller's own password; other sessions of the user are signed out.</summary>
    public async Task ChangePasswordAsync(Caller caller, string? currentPassword, string? newPassword, string source, CancellationToken ct)
    {
        if (caller.Kind != UserKind.Human)
        {
            throw ProblemException.Forbidden("api_user_has_no_password", "API users authenticate with tokens only.");
        }
        new ValidationErrors().Require("currentPassword", currentPassword, _options.MaxLength).Require("newPassword", newPassword, _options.MaxLength).ThrowIfAny();
        ProblemException? failure = null;
        await _connections.InTransactionAsync(async (c, t) =>
        {
            var user = await UserStore.ByIdAsync(c, t, caller.UserId, ct) ?? throw ProblemException.NotFound("user");
            var actor = new AuditActor(user.Id, user.Username, source);
            if (user.PasswordHash is null || !_hasher.Verify(currentPassword!, user.PasswordHash, out _))
            {
                await _audit.AppendAsync(c, t, new AuditEntry(actor, AuditActions.PasswordChangeFailed, user.Target, AuditEntry.Failure,
                    new Dictionary<string, object?> { ["reason"] = "bad_current_password" }), ct);
                failure = ProblemException.Validation("currentPassword", "is incorrect");
                return;
            }
            await _passwords.SetAsync(c, t, user, newPassword!, mustChange: false, "newPassword", ct);
            if (caller.AuthMethod == Caller.SessionMethod)
            {
                await c.ExecuteAsync(new CommandDefinition(
                    "UPDATE identity_sessions SET revoked_at = @Now WHERE user_id = @UserId AND id <> @Keep AND revoked_at IS NULL",
                    new { UserId = user.Id, Keep = caller.CredentialId, Now = _clock.GetUtcNow() }, t, cancellationToken: ct));
            }
            else
            {
                await UserStore.RevokeSessionsAsync(c, t, user.Id, _clock.GetUtcNow(), ct);
            }
            await _audit.AppendAsync(c, t, new AuditEntry(actor, AuditActions.PasswordChanged, user.Target, AuditEntry.Success), ct);
        }, ct);
        if (failure is not null)
        {
            throw failure;
        }
    }

    public async Task LogoutAsync(Caller caller, string source, CancellationToken ct)
    {
        await _connections.InTransactionAsync(async (c, t) =>
        {
            var table = caller.AuthMethod == Caller.SessionMethod ? "identity_sessions" : "identity_api_tokens";
            await c.ExecuteAsync(new CommandDefinition($"UPDATE {table} SET revoked_at = @Now WHERE id = @Id AND revoked_at IS NULL",
                new { Id = caller.CredentialId, Now = _clock.GetUtcNow() }, t, cancellationToken: ct));
            await _audit.AppendAsync(c, t, new AuditEntry(new AuditActor(caller.UserId, caller.Username, source), AuditActions.Logout,
                $"user:{caller.Username}", AuditEntry.Success, new Dictionary<string, object?> { ["method"] = caller.AuthMethod }), ct);
        }, ct);
    }
}
