namespace Vigie.Core.Identity;

/// <summary>A successful login: the user and either a session (cookie value + anti-forgery token) or a bearer token.</summary>
public sealed record LoginResult(UserView User, string? SessionCookie, string? CsrfToken, DateTimeOffset ExpiresAt, string? Token, Guid CredentialId)
{
    public override string ToString() => $"LoginResult({User.Username}, [redacted])";
}
