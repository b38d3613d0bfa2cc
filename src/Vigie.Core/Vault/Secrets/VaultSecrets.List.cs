using System.Text;
using System.Text.Json;
using Dapper;
using Vigie.Core.Common;
using Vigie.Core.Vault.Folders;

namespace Vigie.Core.Vault.Secrets;

/// <summary>Listing and searching entries: what the principal can list, by title, with cursor paging.</summary>
public sealed partial class VaultSecrets
{
    /// <summary>Entries in the folders the principal can list (optionally one folder), by title, searched by title/URL and tag.</summary>
    public async Task<Page<SecretSummary>> ListAsync(VaultPrincipal principal, Guid? folderId, string? query, string? tag, int limit, string? after,
        CancellationToken ct)
    {
        _seal.EnsureUnsealed();
        if (limit is < 1 or > 1000)
        {
            throw ProblemException.Validation("limit", "must be between 1 and 1000");
        }
        await using var c = await _connections.OpenAsync(ct);
        var visible = await FolderAccessQuery.AllAsync(c, _connections.Dialect, principal, _clock.GetUtcNow(), ct);
        var folders = folderId is { } only ? visible.ContainsKey(only) ? [only] : throw ProblemException.NotFound("folder") : visible.Keys.ToArray();
        if (folders.Length == 0)
        {
            return new Page<SecretSummary>([], null);
        }
        var sql = new StringBuilder($"SELECT {SummaryRow.Columns} FROM vault_secrets WHERE {_connections.Dialect.InList("folder_id", "@Folders")}");
        var p = new DynamicParameters(new { Folders = folders, Limit = limit });
        if (!string.IsNullOrWhiteSpace(query))
        {
            sql.Append(" AND (title_normalized LIKE @Query ESCAPE '\\' OR LOWER(COALESCE(url, '')) LIKE @Query ESCAPE '\\')");
            p.Add("Query", "%" + Like(query.Trim().ToLowerInvariant()) + "%");
        }
        if (!string.IsNullOrWhiteSpace(tag))
        {
            sql.Append(" AND tags LIKE @Tag ESCAPE '\\'");
            p.Add("Tag", "%" + Like(JsonSerializer.Serialize(tag.Trim())) + "%");
        }
        if (after is not null)
        {
            var (title, id) = SecretCursor.Decode(after);
            sql.Append(" AND (title_normalized > @AfterTitle OR (title_normalized = @AfterTitle AND id > @AfterId))");
            p.Add("AfterTitle", title);
            p.Add("AfterId", id);
        }
        sql.Append(" ORDER BY title_normalized, id LIMIT @Limit");
        var items = (await c.QueryAsync<SummaryRow>(new CommandDefinition(sql.ToString(), p, cancellationToken: ct))).Select(r => r.ToSummary()).ToList();
        return new Page<SecretSummary>(items, items.Count == limit ? SecretCursor.Encode(items[^1].Title.ToLowerInvariant(), items[^1].Id) : null);
    }

    private static string Like(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
        .Replace("_", "\\_", StringComparison.Ordinal);
}
