namespace Vigie.Core.Identity;

/// <summary>The built-in roles and the permissions each grants.</summary>
public static class Roles
{
    public const string Administrator = "administrator";
    public const string Auditor = "auditor";
    public const string Operator = "operator";
    public const string User = "user";

    public static IReadOnlyList<string> All { get; } = [Administrator, Auditor, Operator, User];

    private static readonly string[] SelfService = [Permissions.Profile, Permissions.TokensSelf, Permissions.VaultUse];

    private static readonly Dictionary<string, HashSet<string>> Grants = new(StringComparer.Ordinal)
    {
        [Administrator] = [.. Permissions.All],
        [Auditor] = [.. SelfService, Permissions.UsersRead, Permissions.GroupsRead, Permissions.TokensRead, Permissions.AuditRead, Permissions.SettingsRead,
            Permissions.InventoryRead, Permissions.VulnerabilitiesRead],
        [Operator] = [.. SelfService, Permissions.InventoryRead, Permissions.InventoryWrite, Permissions.VulnerabilitiesRead, Permissions.VulnerabilitiesWrite],
        [User] = [.. SelfService],
    };

    public static bool IsKnown(string role) => Grants.ContainsKey(role);

    public static IReadOnlySet<string> PermissionsOf(string role) =>
        Grants.TryGetValue(role, out var set) ? set : new HashSet<string>();
}
