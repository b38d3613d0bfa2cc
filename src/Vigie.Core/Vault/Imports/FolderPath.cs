namespace Vigie.Core.Vault.Imports;

/// <summary>
/// Folder names from a file made fit for the vault, where a name is 1 to 200 characters without <c>/</c> or control
/// characters: KeePass group names may hold a <c>/</c> (it becomes <c>-</c>), control characters are dropped, long names
/// are cut, a nameless group is called <c>(no name)</c>. Sibling names are matched ignoring case, as the vault does.
/// </summary>
internal static class FolderPath
{
    public const int MaxName = 200;
    public const string NoName = "(no name)";

    /// <summary>A CSV folder column: segments separated by <c>/</c>, empty ones ignored.</summary>
    public static IReadOnlyList<string> Split(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Clean).Where(s => s != NoName).ToList();

    public static string Clean(string name)
    {
        var cleaned = new string(name.Where(c => !char.IsControl(c)).Select(c => c == '/' ? '-' : c).ToArray()).Trim();
        if (cleaned.Length > MaxName)
        {
            cleaned = cleaned[..MaxName].TrimEnd();
        }
        return cleaned.Length == 0 ? NoName : cleaned;
    }

    public static string Key(IEnumerable<string> path) => string.Join('/', path).ToLowerInvariant();
}
