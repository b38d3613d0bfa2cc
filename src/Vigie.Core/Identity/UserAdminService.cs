using System.Data.Common;
using System.Text;
using Dapper;
using Microsoft.Extensions.Options;
using Vigie.Core.Audit;
using Vigie.Core.Common;
using Vigie.Core.Storage;

namespace Vigie.Core.Identity;

/// <summary>Administration of accounts: create, list, lock, unlock, change role, reset password.</summary>
public sealed class UserAdminService
{
    private readonly IDbConnectionFactory _connections;
    private readonly IAuditLog _audit;
    private readonly PasswordWriter _passwords;
    private readonly IdentityOptions _options;
    private readonly TimeProvider _clock;

    public UserAdminService(IDbConnectionFactory connections, IAuditLog audit, PasswordWriter passwords, IOptions<IdentityOptions> options, TimeProvider clock)
    {
        _connections = connections;
        _audit = audit;
        _passwords = passwords;
        _options = options.Value;
        _clock = clock;
    }

    public async Task<UserView> CreateAsync(AuditActor actor, CreateUserRequest request, CancellationToken ct)
    {
        var kind = string.IsNullOrWhiteSpace(request.Kind) ? UserKind.Human : request.Kind.Trim();
        var role = string.IsNullOrWhiteSpace(request.Role) ? Roles.User : request.Role.Trim();
        var errors = new ValidationErrors().Require("username", request.Username, 64);
        SetupService.ValidateUsername(errors, request.Username);
        if (request.DisplayName is { Length: > 200 })
        {
            errors.Add("displayName", "must be at most 200 characters");
        }
        if (!Roles.IsKnown(role))
        {
            errors.Add("role", $"must be one of: {string.Join(", ", Roles.All)}");
        }
        if (kind is not (UserKind.Human or UserKind.Api))
        {
            errors.Add("kind", "must be 'human' or 'api'");
        }
        else if (kind == UserKind.Api && request.Password is not null)
        {
            errors.Add("password", "must not be given for an API user: API users authenticate with tokens only");
        }
        else if (kind == UserKind.Human && string.IsNullOrEmpty(request.Password))
        {
            errors.Add("password", "is required: the initial password, to be changed at first login");
        }
        errors.ThrowIfAny();
        if (kind == UserKind.Human)
        {
            _passwords.CheckComposition(request.Password, role, request.Username!);
        }

        return await _connections.InTransactionAsync(async (c, t) =>
        {
            if (await UserStore.ByNameAsync(c, t, request.Username!, ct) is not null)
            {
                throw ProblemException.Conflict("username_taken", "A user with this name already exists.");
            }
            var now = _clock.GetUtcNow();
            var user = new UserRecord
            {
                Id = Ids.New(_clock),
                Username = request.Username!.Trim(),
                UsernameNormalized = UserStore.Normalize(request.Username),
                DisplayName = string.IsNullOrWhiteSpace(request.DisplayName) ? request.Username.Trim() : request.DisplayName.Trim(),
                Kind = kind,
                Role = role,
                CreatedAt = now,
                UpdatedAt = now,
            };
            await UserStore.InsertAsync(c, t, user, ct);
            if (kind == UserKind.Human)
            {
                await _passwords.SetAsync(c, t, user, request.Password!, mustChange: true, "password", ct);
            }
            await _audit.AppendAsync(c, t, new AuditEntry(actor, AuditActions.UserCreated, user.Target, AuditEntry.Success,
                new Dictionary<string, object?> { ["id"] = user.Id, ["role"] = role, ["kind"] = kind }), ct);
            return UserView.From(user, now, _options.PasswordMaxAgeDays);
        }, ct);
    }

    public async Task<Page<UserView>> ListAsync(int limit, string? cursor, string? search, CancellationToken ct)
    {
        if (limit is < 1 or > 500)
        {
            throw ProblemException.Validation("limit", "must be between 1 and 500");
        }
        string? after = null;
        if (cursor is not null)
        {
            try
            {
                after = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            }
            catch (FormatException)
            {
                throw ProblemException.Validation("cursor", "is not a cursor returned by this endpoint");
            }
        }
        await using var c = await _connections.OpenAsync(ct);
        var rows = (await c.QueryAsync<UserRecord>(new CommandDefinition(
            $"""
            SELECT {UserStore.Columns} FROM identity_users
            WHERE (@After IS NULL OR username_normalized > @After)
              AND (@Search IS NULL OR username_normalized LIKE @Search ESCAPE '\' OR LOWER(display_name) LIKE @Search ESCAPE '\')
            ORDER BY username_normalized LIMIT @Take
            """,
            new { After = after, Search = string.IsNullOrWhiteSpace(search) ? null : $"%{EscapeLike(search.Trim().ToLowerInvariant())}%", Take = limit + 1 },
            cancellationToken: ct))).ToList();
        string? next = null;
        if (rows.Count > limit)
        {
            rows.RemoveAt(rows.Count - 1);
            next = Convert.ToBase64String(Encoding.UTF8.GetBytes(rows[^1].UsernameNormalized));
        }
        var now = _clock.GetUtcNow();
        return new Page<UserView>(rows.Select(u => UserView.From(u, now, _options.PasswordMaxAgeDays)).ToList(), next);
    }

    public async Task<UserView> GetAsync(Guid id, CancellationToken ct)
    {
        await using var c = await _connections.OpenAsync(ct);
        var user = await UserStore.ByIdAsync(c, null, id, ct) ?? throw ProblemException.NotFound("user");
        return UserView.From(user, _clock.GetUtcNow(), _options.PasswordMaxAgeDays);
    }

    public Task<UserView> LockAsync(AuditActor actor, Guid id, CancellationToken ct) =>
        ModifyAsync(actor, id, AuditActions.AccountLockedByAdmin, async (c, t, user) =>
        {
            if (user.Role == Roles.Administrator && !user.IsLocked(_clock.GetUtcNow()) && await ActiveAdministratorsAsync(c, t, ct) <= 1)
            {
                throw ProblemException.Conflict("last_administrator", "The last active administrator cannot be locked.");
            }
            user.LockedUntil = UserStore.LockedIndefinitely;
            await UserStore.RevokeSessionsAsync(c, t, user.Id, _clock.GetUtcNow(), ct);
            return new Dictionary<string, object?>();
        }, ct);

    public Task<UserView> UnlockAsync(AuditActor actor, Guid id, CancellationToken ct) =>
        ModifyAsync(actor, id, AuditActions.AccountUnlocked, (_, _, user) =>
        {
            user.LockedUntil = null;
            user.FailedLogins = 0;
            return Task.FromResult(new Dictionary<string, object?>());
        }, ct);

    public Task<UserView> SetRoleAsync(AuditActor actor, Guid id, string? role, CancellationToken ct)
    {
        if (role is null || !Roles.IsKnown(role))
        {
            throw ProblemException.Validation("role", $"must be one of: {string.Join(", ", Roles.All)}");
        }
        return ModifyAsync(actor, id, AuditActions.RoleChanged, async (c, t, user) =>
        {
            var previous = user.Role;
            if (previous == Roles.Administrator && role != Roles.Administrator && await ActiveAdministratorsAsync(c, t, ct) <= 1)
            {
                throw ProblemException.Conflict("last_administrator", "The last active administrator cannot lose the role.");
            }
            if (user.Kind == UserKind.Human && user.PasswordHash is not null && role == Roles.Administrator)
            {
                // A stronger minimum applies to administrators: make the person choose a compliant password.
                user.MustChangePassword = true;
                await c.ExecuteAsync(new CommandDefinition("UPDATE identity_users SET must_change_password = @True WHERE id = @Id",
                    new { user.Id, True = true }, t, cancellationToken: ct));
            }
            user.Role = role;
            return new Dictionary<string, object?> { ["from"] = previous, ["to"] = role };
        }, ct);
    }

    /// <summary>Sets a temporary password the person must change at the next login.</summary>
    public async Task<UserView> ResetPasswordAsync(AuditActor actor, Guid id, string? newPassword, CancellationToken ct)
    {
        return await _connections.InTransactionAsync(async (c, t) =>
        {
            var user = await UserStore.ByIdAsync(c, t, id, ct) ?? throw ProblemException.NotFound("user");
            if (user.Kind != UserKind.Human)
            {
                throw ProblemException.Conflict("api_user_has_no_password", "API users authenticate with tokens only.");
            }
            await _passwords.SetAsync(c, t, user, newPassword ?? "", mustChange: true, "password", ct);
            await UserStore.RevokeSessionsAsync(c, t, user.Id, _clock.GetUtcNow(), ct);
            await _audit.AppendAsync(c, t, new AuditEntry(actor, AuditActions.PasswordReset, user.Target, AuditEntry.Success), ct);
            return UserView.From(user, _clock.GetUtcNow(), _options.PasswordMaxAgeDays);
        }, ct);
    }

    private async Task<UserView> ModifyAsync(AuditActor actor, Guid id, AuditAction action,
        Func<DbConnection, DbTransaction, UserRecord, Task<Dictionary<string, object?>>> change, CancellationToken ct)
    {
        return await _connections.InTransactionAsync(async (c, t) =>
        {
            var user = await UserStore.ByIdAsync(c, t, id, ct) ?? throw ProblemException.NotFound("user");
            var details = await change(c, t, user);
            user.UpdatedAt = _clock.GetUtcNow();
            await UserStore.UpdateRoleAndLockAsync(c, t, user, ct);
            await _audit.AppendAsync(c, t, new AuditEntry(actor, action, user.Target, AuditEntry.Success, details), ct);
            return UserView.From(user, _clock.GetUtcNow(), _options.PasswordMaxAgeDays);
        }, ct);
    }

    private Task<int> ActiveAdministratorsAsync(DbConnection c, DbTransaction t, CancellationToken ct) =>
        c.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM identity_users WHERE role = @Role AND (locked_until IS NULL OR locked_until <= @Now)",
            new { Role = Roles.Administrator, Now = _clock.GetUtcNow() }, t, cancellationToken: ct));

    internal static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
