using Dapper;
using Microsoft.Extensions.Options;
using Vigie.Core.Audit;
using Vigie.Core.Common;
using Vigie.Core.Storage;

namespace Vigie.Core.Identity;

/// <summary>
/// API tokens: shown once, stored hashed, scoped, expiring, revocable. A token never carries more than
/// its owner's role grants, nor more than the credential that created it.
/// </summary>
public sealed class TokenService
{
    private readonly IDbConnectionFactory _connections;
    private readonly IAuditLog _audit;
    private readonly CredentialIssuer _issuer;
    private readonly IdentityOptions _options;
    private readonly TimeProvider _clock;

    public TokenService(IDbConnectionFactory connections, IAuditLog audit, CredentialIssuer issuer, IOptions<IdentityOptions> options, TimeProvider clock)
    {
        _connections = connections;
        _audit = audit;
        _issuer = issuer;
        _options = options.Value;
        _clock = clock;
    }

    /// <summary>
    /// Whether the credential in use may hand a scope on. A vault folder scope needs <c>vault.use</c>, and a credential
    /// already confined to folders can only hand on its own folder scopes (never widen them).
    /// </summary>
    private static bool Holds(Caller caller, string scope)
    {
        if (!Permissions.TryParseVaultFolder(scope, out _, out _))
        {
            return caller.Has(scope);
        }
        var confined = caller.TokenScopes?.Any(s => Permissions.TryParseVaultFolder(s, out _, out _)) == true;
        return caller.Has(Permissions.VaultUse) && (!confined || caller.TokenScopes!.Contains(scope));
    }

    public async Task<CreatedToken> CreateAsync(Caller caller, string source, CreateTokenRequest request, CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        var errors = new ValidationErrors().Require("name", request.Name, 100);
        var scopes = (request.Scopes ?? []).Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (scopes.Count == 0)
        {
            errors.Add("scopes", "must list at least one scope");
        }
        foreach (var unknown in scopes.Where(s => !Permissions.IsKnown(s)))
        {
            errors.Add("scopes", $"'{unknown}' is not a known scope");
        }
        DateTimeOffset expires;
        if (request.ExpiresAt is not null && request.ExpiresInDays is not null)
        {
            errors.Add("expiresAt", "give either expiresAt or expiresInDays, not both");
            expires = now;
        }
        else
        {
            expires = (request.ExpiresAt ?? now.AddDays(request.ExpiresInDays ?? _options.TokenDefaultDays)).ToUniversalTime();
            if (expires <= now)
            {
                errors.Add(request.ExpiresAt is null ? "expiresInDays" : "expiresAt", "must be in the future");
            }
            else if (expires > now.AddDays(_options.TokenMaxDays))
            {
                errors.Add(request.ExpiresAt is null ? "expiresInDays" : "expiresAt", $"must be at most {_options.TokenMaxDays} days away");
            }
        }
        errors.ThrowIfAny();

        var forOther = request.UserId is { } target && target != caller.UserId;
        if (forOther && !caller.Has(Permissions.TokensWrite))
        {
            throw ProblemException.Forbidden("forbidden", "Creating a token for another user requires the tokens.write permission.");
        }

        return await _connections.InTransactionAsync(async (c, t) =>
        {
            var owner = await UserStore.ByIdAsync(c, t, request.UserId ?? caller.UserId, ct) ?? throw ProblemException.NotFound("user");
            if (forOther && owner.Kind != UserKind.Api)
            {
                throw ProblemException.Validation("userId", "tokens can be created for API users only; people create their own");
            }
            var ownerGrants = Roles.PermissionsOf(owner.Role);
            var granted = scopes.Contains(Permissions.AllScopes) ? ownerGrants.ToList() : scopes;
            // A vault folder scope narrows vault.use: the role must grant vault.use.
            var beyondRole = granted.Where(s => !ownerGrants.Contains(Permissions.TryParseVaultFolder(s, out _, out _) ? Permissions.VaultUse : s)).ToList();
            if (beyondRole.Count > 0)
            {
                throw ProblemException.Validation("scopes", $"the {owner.Role} role does not grant: {string.Join(", ", beyondRole)}");
            }
            if (!forOther && caller.TokenScopes is not null)
            {
                var beyondCredential = granted.Where(s => !Holds(caller, s)).ToList();
                if (beyondCredential.Count > 0)
                {
                    throw ProblemException.Validation("scopes", $"the token in use does not hold: {string.Join(", ", beyondCredential)}");
                }
            }
            var stored = scopes.Contains(Permissions.AllScopes) && caller.TokenScopes is null ? [Permissions.AllScopes] : granted;
            var name = request.Name!.Trim();
            var token = await _issuer.CreateTokenAsync(c, t, owner.Id, name, stored, expires, caller.Username, ct);
            await _audit.AppendAsync(c, t, new AuditEntry(new AuditActor(caller.UserId, caller.Username, source), AuditActions.TokenCreated,
                $"token:{token.Id}", AuditEntry.Success,
                new Dictionary<string, object?> { ["name"] = name, ["owner"] = owner.Username, ["scopes"] = string.Join(' ', stored), ["expiresAt"] = expires }), ct);
            var view = new TokenView(token.Id, owner.Id, owner.Username, name, stored, now, caller.Username, expires, null, null);
            return new CreatedToken(view, token.Value);
        }, ct);
    }

    public async Task<IReadOnlyList<TokenView>> ListAsync(Caller caller, bool all, CancellationToken ct)
    {
        if (all && !caller.Has(Permissions.TokensRead))
        {
            throw ProblemException.Forbidden("forbidden", "Listing every user's tokens requires the tokens.read permission.");
        }
        await using var c = await _connections.OpenAsync(ct);
        var rows = await c.QueryAsync<TokenRow>(new CommandDefinition(
            """
            SELECT t.id, t.user_id, u.username AS owner, t.name, t.scopes, t.created_at, t.created_by, t.expires_at, t.last_used_at, t.revoked_at
            FROM identity_api_tokens t JOIN identity_users u ON u.id = t.user_id
            WHERE (@All OR t.user_id = @UserId)
            ORDER BY t.created_at DESC LIMIT 1000
            """, new { All = all, caller.UserId }, cancellationToken: ct));
        return rows.Select(r => r.ToView()).ToList();
    }

    public async Task<TokenView> RevokeAsync(Caller caller, string source, Guid id, CancellationToken ct)
    {
        return await _connections.InTransactionAsync(async (c, t) =>
        {
            var row = await c.QueryFirstOrDefaultAsync<TokenRow>(new CommandDefinition(
                """
                SELECT t.id, t.user_id, u.username AS owner, t.name, t.scopes, t.created_at, t.created_by, t.expires_at, t.last_used_at, t.revoked_at
                FROM identity_api_tokens t JOIN identity_users u ON u.id = t.user_id WHERE t.id = @Id
                """, new { Id = id }, t, cancellationToken: ct));
            if (row is null || (row.UserId != caller.UserId && !caller.Has(Permissions.TokensWrite)))
            {
                // Someone else's token is reported as absent rather than forbidden: its existence is not the caller's business.
                throw ProblemException.NotFound("token");
            }
            if (row.RevokedAt is null)
            {
                row.RevokedAt = _clock.GetUtcNow();
                await c.ExecuteAsync(new CommandDefinition("UPDATE identity_api_tokens SET revoked_at = @Now WHERE id = @Id",
                    new { Id = id, Now = row.RevokedAt }, t, cancellationToken: ct));
                await _audit.AppendAsync(c, t, new AuditEntry(new AuditActor(caller.UserId, caller.Username, source), AuditActions.TokenRevoked,
                    $"token:{id}", AuditEntry.Success, new Dictionary<string, object?> { ["name"] = row.Name, ["owner"] = row.Owner }), ct);
            }
            return row.ToView();
        }, ct);
    }

    private sealed class TokenRow
    {
        public Guid Id { get; set; }
        public Guid UserId { get; set; }
        public string Owner { get; set; } = "";
        public string Name { get; set; } = "";
        public string Scopes { get; set; } = "";
        public DateTimeOffset CreatedAt { get; set; }
        public string CreatedBy { get; set; } = "";
        public DateTimeOffset ExpiresAt { get; set; }
        public DateTimeOffset? LastUsedAt { get; set; }
        public DateTimeOffset? RevokedAt { get; set; }

        public TokenView ToView() => new(Id, UserId, Owner, Name, Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries), CreatedAt, CreatedBy,
            ExpiresAt, LastUsedAt, RevokedAt);
    }
}
