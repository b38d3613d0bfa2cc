using Vigie.Core.Identity;

namespace Vigie.Cli;

/// <summary>Finds a user's id from a user name (exact, case-insensitive) or takes an id as it is.</summary>
internal static class UserLookup
{
    public static async Task<Guid> ResolveAsync(ApiClient api, string nameOrId, CancellationToken ct)
    {
        if (Guid.TryParse(nameOrId, out var id))
        {
            return id;
        }
        var matches = await Listing.CollectAsync(api, QueryString.Append("api/v1/users", ("q", nameOrId.Trim())), null, ct);
        var user = matches.Items.Select(WireJson.Read<UserView>)
            .FirstOrDefault(u => string.Equals(u.Username, nameOrId.Trim(), StringComparison.OrdinalIgnoreCase));
        return user?.Id ?? throw new CliException(ExitCodes.NotFound, $"no user named '{nameOrId}'");
    }
}
