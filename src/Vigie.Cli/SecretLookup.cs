using Vigie.Core.Vault.Folders;
using Vigie.Core.Vault.Secrets;

namespace Vigie.Cli;

/// <summary>Finds a vault entry from its id or its <c>FOLDER/TITLE</c> path (title matched exactly, ignoring case).</summary>
internal static class SecretLookup
{
    public static async Task<Guid> ResolveAsync(ApiClient api, string idOrPath, CancellationToken ct)
    {
        if (Guid.TryParse(idOrPath, out var id))
        {
            return id;
        }
        var tree = await VaultFolderTree.LoadAsync(api, ct);
        var (folder, title) = tree.SplitEntryPath(idOrPath);
        return (await FindAsync(api, tree, folder, title, ct))?.Id
            ?? throw new CliException(ExitCodes.NotFound, $"no vault entry '{title}' in {tree.PathOf(folder.Id)}",
                ["hint: 'vigie secret list --folder FOLDER' shows the entries you have a right on"]);
    }

    /// <summary>The entry of that title in that folder, if any; several of the same title must be told apart by id.</summary>
    public static async Task<SecretSummary?> FindAsync(ApiClient api, VaultFolderTree tree, FolderView folder, string title, CancellationToken ct)
    {
        var listing = await Listing.CollectAsync(api, QueryString.Append("api/v1/vault/secrets", ("folder", folder.Id.ToString()), ("q", title)), null, ct);
        var matches = listing.Items.Select(WireJson.Read<SecretSummary>)
            .Where(s => string.Equals(s.Title, title, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count switch
        {
            0 => null,
            1 => matches[0],
            _ => throw new CliException(ExitCodes.Failure, $"{matches.Count} entries of {tree.PathOf(folder.Id)} are called '{title}': give the id of one",
                [.. matches.Select(s => $"{s.Id}  version {s.Version}  updated {Output.Time(s.UpdatedAt)}")]),
        };
    }
}
