using Vigie.Core.Identity;

namespace Vigie.Cli;

/// <summary>Finds a group's id from its name (exact, case-insensitive) or takes an id as it is.</summary>
internal static class GroupLookup
{
    public static async Task<Guid> ResolveAsync(ApiClient api, string nameOrId, CancellationToken ct)
    {
        if (Guid.TryParse(nameOrId, out var id))
        {
            return id;
        }
        var groups = WireJson.Read<List<GroupView>>(await api.GetAsync("api/v1/groups", ct));
        var group = groups.FirstOrDefault(g => string.Equals(g.Name, nameOrId.Trim(), StringComparison.OrdinalIgnoreCase));
        return group?.Id ?? throw new CliException(ExitCodes.NotFound, $"no group named '{nameOrId}'");
    }
}
