using System.Data.Common;
using Dapper;
using Vigie.Core.Common;
using Vigie.Core.Crypto;

namespace Vigie.Core.Identity;

/// <summary>Creates session and API-token rows; the secrets leave only in the return value, once.</summary>
public sealed class CredentialIssuer
{
    public const string TokenPrefix = "vgt";
    public const string SessionPrefix = "vgs";
    private readonly TimeProvider _clock;

    public CredentialIssuer(TimeProvider clock) => _clock = clock;

    internal async Task<(SecretToken Session, string Csrf, DateTimeOffset Expires)> CreateSessionAsync(
        DbConnection c, DbTransaction t, Guid userId, string source, TimeSpan lifetime, CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        var (session, hash) = SecretToken.Create(SessionPrefix, Ids.New(_clock));
        var csrf = SecretToken.Base64Url(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var expires = now + lifetime;
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO identity_sessions (id, user_id, secret_hash, csrf_hash, source, created_at, last_seen_at, expires_at)
            VALUES (@Id, @UserId, @Hash, @CsrfHash, @Source, @Now, @Now, @Expires)
            """,
            new { session.Id, UserId = userId, Hash = hash, CsrfHash = SecretToken.HashSecret(csrf), Source = source, Now = now, Expires = expires },
            t, cancellationToken: ct));
        return (session, csrf, expires);
    }

    internal async Task<SecretToken> CreateTokenAsync(DbConnection c, DbTransaction t, Guid userId, string name, IReadOnlyCollection<string> scopes,
        DateTimeOffset expires, string createdBy, CancellationToken ct)
    {
        var (token, hash) = SecretToken.Create(TokenPrefix, Ids.New(_clock));
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO identity_api_tokens (id, user_id, name, secret_hash, scopes, created_at, created_by, expires_at)
            VALUES (@Id, @UserId, @Name, @Hash, @Scopes, @Now, @CreatedBy, @Expires)
            """,
            new { token.Id, UserId = userId, Name = name, Hash = hash, Scopes = string.Join(' ', scopes), Now = _clock.GetUtcNow(), CreatedBy = createdBy, Expires = expires },
            t, cancellationToken: ct));
        return token;
    }
}
