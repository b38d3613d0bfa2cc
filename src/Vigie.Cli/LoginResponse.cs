using Vigie.Core.Identity;

namespace Vigie.Cli;

/// <summary>The answer to <c>POST /api/v1/auth/login</c> in token mode.</summary>
internal sealed record LoginResponse(UserView User, DateTimeOffset ExpiresAt, string? Token, Guid? TokenId, bool PasswordChangeRequired)
{
    public override string ToString() => $"LoginResponse({User.Username}, [redacted])";
}
