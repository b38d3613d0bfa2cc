namespace Vigie.Core.Identity;

/// <summary>
/// A password login. <c>Mode</c> is <c>cookie</c> (browser session) or <c>token</c> (a bearer token for the
/// CLI and scripts, valid <c>Identity:LoginTokenHours</c>).
/// </summary>
public sealed record LoginRequest(string? Username, string? Password, string? Totp = null, string? RecoveryCode = null,
    string? Mode = "cookie", string? TokenName = null)
{
    public override string ToString() => $"LoginRequest({Username}, mode {Mode})";
}
