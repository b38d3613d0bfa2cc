using Vigie.Core.Vault.Folders;

namespace Vigie.Cli;

/// <summary>
/// The vault folders the caller can see, named by path (<c>Infra/Linux</c>): folder names never hold a <c>/</c>, and
/// matching ignores case as the server does. A path starts at the highest folder the caller can see, so someone granted
/// only <c>Infra/Linux</c> calls it <c>Linux</c>. Folders the caller has no right on are simply absent: asking for one
/// gives the same "not found" as asking for one that does not exist.
/// </summary>
internal sealed class VaultFolderTree
{
    private readonly Dictionary<Guid, FolderView> _byId;
    private readonly Dictionary<Guid, string> _paths = [];

    private VaultFolderTree(IReadOnlyList<FolderView> folders)
    {
        Folders = folders;
        _byId = folders.ToDictionary(f => f.Id);
        foreach (var folder in folders)
        {
            var names = new List<string>();
            for (FolderView? f = folder; f is not null; f = f.ParentId is { } parent ? _byId.GetValueOrDefault(parent) : null)
            {
                names.Insert(0, f.Name);
            }
            _paths[folder.Id] = string.Join('/', names);
        }
    }

    /// <summary>Parents before children, as the server lists them.</summary>
    public IReadOnlyList<FolderView> Folders { get; }

    public static async Task<VaultFolderTree> LoadAsync(ApiClient api, CancellationToken ct) => Parse(await api.GetAsync("api/v1/vault/folders", ct));

    /// <summary>The tree from the body of <c>GET /api/v1/vault/folders</c>.</summary>
    public static VaultFolderTree Parse(string body) => new(WireJson.Read<List<FolderView>>(body));

    public string PathOf(Guid id) => _paths.TryGetValue(id, out var path) ? path : id.ToString();

    /// <summary>A folder by id or path, or exit 5.</summary>
    public FolderView Resolve(string idOrPath)
    {
        if (Guid.TryParse(idOrPath, out var id))
        {
            return _byId.TryGetValue(id, out var byId) ? byId : throw NotFound(idOrPath);
        }
        var segments = Segments(idOrPath);
        if (segments.Length == 0)
        {
            throw CliException.Usage("the folder path is empty");
        }
        return Find(segments) ?? throw NotFound(string.Join('/', segments));
    }

    /// <summary>
    /// Splits <c>FOLDER/TITLE</c>: the folder is the longest leading part that names a folder, the title the rest (so a
    /// title may itself hold a <c>/</c>). Exit 5 when no leading part names a folder.
    /// </summary>
    public (FolderView Folder, string Title) SplitEntryPath(string path)
    {
        var segments = Segments(path);
        if (segments.Length < 2 || path.TrimEnd().EndsWith('/'))
        {
            throw CliException.Usage($"'{path}' is not FOLDER/TITLE (for example Infra/Linux/root@web1)");
        }
        for (var split = segments.Length - 1; split >= 1; split--)
        {
            if (Find(segments[..split]) is { } folder)
            {
                return (folder, string.Join('/', segments[split..]));
            }
        }
        throw NotFound(string.Join('/', segments[..^1]));
    }

    private FolderView? Find(string[] segments)
    {
        var matches = Folders.Where(f => string.Equals(_paths[f.Id], string.Join('/', segments), StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count switch
        {
            0 => null,
            1 => matches[0],
            // Possible when the caller sees same-named folders of different spaces but not the spaces themselves.
            _ => throw new CliException(ExitCodes.Failure, $"{matches.Count} folders you can see are called '{string.Join('/', segments)}': give the id of one",
                [.. matches.Select(f => $"{f.Id}  {f.Access}  created {Output.Time(f.CreatedAt)}")]),
        };
    }

    private static string[] Segments(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static CliException NotFound(string what) =>
        new(ExitCodes.NotFound, $"no vault folder '{what}'", ["hint: 'vigie vault folder list' shows the folders you have a right on"]);
}
