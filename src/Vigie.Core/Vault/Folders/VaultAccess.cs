namespace Vigie.Core.Vault.Folders;

/// <summary>
/// A right on a folder, inherited by its subfolders; each level includes those below it: <c>list</c> (see names),
/// <c>read</c> (reveal), <c>write</c> (create and change secrets), <c>manage</c> (rights, policy, subfolders).
/// </summary>
public enum VaultAccess
{
    None = 0,
    List = 1,
    Read = 2,
    Write = 3,
    Manage = 4,
}

public static class VaultAccessNames
{
    public static string Name(VaultAccess access) => access.ToString().ToLowerInvariant();

    public static bool TryParse(string? text, out VaultAccess access) =>
        Enum.TryParse(text?.Trim(), ignoreCase: true, out access) && Enum.IsDefined(access) && !int.TryParse(text, out _);
}

/// <summary>
/// Who asks: a user, the groups they belong to, whether they administer the vault, and — for an API token scoped to
/// folders — the folders (with their subfolders) and the highest right the token may use there (null: not restricted).
/// </summary>
public sealed record VaultPrincipal(Guid UserId, string Name, IReadOnlyList<Guid> Groups, bool Administrator,
    IReadOnlyDictionary<Guid, VaultAccess>? TokenFolders = null);
