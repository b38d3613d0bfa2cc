using Vigie.Core.Inventory.Assets;

namespace Vigie.Cli;

/// <summary>Finds an asset's id from its name (exact, case-insensitive; it must be unambiguous) or takes an id as it is.</summary>
internal static class AssetLookup
{
    public static async Task<Guid> ResolveAsync(ApiClient api, string nameOrId, CancellationToken ct)
    {
        if (Guid.TryParse(nameOrId, out var id))
        {
            return id;
        }
        var name = nameOrId.Trim();
        if (name.Length == 0)
        {
            throw CliException.Usage("the asset name is empty");
        }
        var listing = await Listing.CollectAsync(api, QueryString.Append("api/v1/assets", ("q", name)), null, ct);
        var matches = listing.Items.Select(WireJson.Read<AssetSummary>)
            .Where(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count switch
        {
            1 => matches[0].Id,
            0 => throw new CliException(ExitCodes.NotFound, $"no asset named '{name}'"),
            _ => throw new CliException(ExitCodes.Failure, $"{matches.Count} assets are named '{name}': give the id of one",
                [.. matches.Select(a => $"{a.Id}  {a.Kind}  {a.IpAddress ?? "-"}  last seen {Output.Time(a.LastSeen)}")]),
        };
    }
}
