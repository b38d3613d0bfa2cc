namespace Vigie.Core.Identity;

/// <summary>An authenticated caller, as resolved from a session cookie or an API token.</summary>
public sealed record Caller(
    Guid UserId,
    string Username,
    string Role,
    string Kind,
    string AuthMethod,
    Guid CredentialId,
    IReadOnlySet<string>? TokenScopes,
    bool PasswordChangeRequired,
    bool MfaEnrolmentRequired,
    string? CsrfHash)
{
    public const string SessionMethod = "session";
    public const string TokenMethod = "token";

    /// <summary>Whether the token names vault folders (<c>vault:{folder}:{right}</c>), which confines it to them.</summary>
    public bool ConfinedToVaultFolders => TokenScopes?.Any(s => Permissions.TryParseVaultFolder(s, out _, out _)) == true;

    public bool Has(string permission)
    {
        if (!Roles.PermissionsOf(Role).Contains(permission))
        {
            return false;
        }
        if (permission == Permissions.VaultAdmin && ConfinedToVaultFolders)
        {
            // A token confined to vault folders never carries vault administration, whatever else it names.
            return false;
        }
        return TokenScopes is null || TokenScopes.Contains(Permissions.AllScopes) || TokenScopes.Contains(permission);
    }
}
