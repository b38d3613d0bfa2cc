namespace Vigie.Core.Identity;

/// <summary>
/// A new API token: a name, scopes (permission names or <c>*</c>), a lifetime in days (or an explicit
/// expiry), and optionally the API user it is for (administrators only).
/// </summary>
public sealed record CreateTokenRequest(string? Name, IReadOnlyList<string>? Scopes, int? ExpiresInDays, DateTimeOffset? ExpiresAt, Guid? UserId);

/// <summary>A token as listed: never its secret.</summary>
public sealed record TokenView(Guid Id, Guid UserId, string Owner, string Name, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt,
    string CreatedBy, DateTimeOffset ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

/// <summary>A token just created: the only time its secret is shown.</summary>
public sealed record CreatedToken(TokenView Token, string Secret)
{
    public override string ToString() => $"CreatedToken({Token.Id}, [redacted])";
}
