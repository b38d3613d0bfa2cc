namespace Vigie.Cli;

/// <summary>What <c>vigie login</c> remembers: the server, the bearer token, when it expires and for whom.</summary>
internal sealed record Profile(string? Url, string? Token, DateTimeOffset? ExpiresAt, string? Username)
{
    public override string ToString() => $"Profile({Url}, {Username}, token {(Token is null ? "none" : "[redacted]")})";
}
