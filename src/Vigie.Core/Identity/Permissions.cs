namespace Vigie.Core.Identity;

/// <summary>
/// What an endpoint requires. A caller holds a permission when its role grants it and, for an API
/// token, when the token's scopes include it (or <c>*</c>).
/// </summary>
public static class Permissions
{
    public const string Profile = "profile";
    public const string TokensSelf = "tokens.self";
    public const string UsersRead = "users.read";
    public const string UsersWrite = "users.write";
    public const string GroupsRead = "groups.read";
    public const string GroupsWrite = "groups.write";
    public const string TokensRead = "tokens.read";
    public const string TokensWrite = "tokens.write";
    public const string AuditRead = "audit.read";
    public const string SettingsRead = "settings.read";
    public const string SettingsWrite = "settings.write";
    public const string InventoryRead = "inventory.read";
    public const string InventoryWrite = "inventory.write";
    public const string VulnerabilitiesRead = "vulnerabilities.read";
    public const string VulnerabilitiesWrite = "vulnerabilities.write";
    /// <summary>Use the vault: what a caller may see and do in it is decided by the folder rights granted to them.</summary>
    public const string VaultUse = "vault.use";
    /// <summary>Administer the vault: initialise, seal, rotate keys, create spaces, grant rights on any folder.</summary>
    public const string VaultAdmin = "vault.admin";
    public const string AllScopes = "*";

    public static IReadOnlyList<string> All { get; } =
    [
        Profile, TokensSelf, UsersRead, UsersWrite, GroupsRead, GroupsWrite, TokensRead, TokensWrite,
        AuditRead, SettingsRead, SettingsWrite, InventoryRead, InventoryWrite, VulnerabilitiesRead, VulnerabilitiesWrite,
        VaultUse, VaultAdmin,
    ];

    public static bool IsKnown(string scope) => scope == AllScopes || All.Contains(scope) || TryParseVaultFolder(scope, out _, out _);

    /// <summary>
    /// A token scope restricting the vault to one folder (and its subfolders) with at most one right:
    /// <c>vault:{folder id}:{list|read|write|manage}</c>. A token holding any such scope reaches no other folder;
    /// the owner's own rights still apply within it.
    /// </summary>
    public static bool TryParseVaultFolder(string scope, out Guid folderId, out string access)
    {
        folderId = Guid.Empty;
        access = "";
        var parts = scope.Split(':');
        if (parts.Length != 3 || parts[0] != "vault" || !Guid.TryParse(parts[1], out folderId) || parts[2] is not ("list" or "read" or "write" or "manage"))
        {
            return false;
        }
        access = parts[2];
        return true;
    }
}
