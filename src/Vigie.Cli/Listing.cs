using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Vigie.Cli;

/// <summary>
/// Follows <c>nextCursor</c> through a paged listing (<c>{items, nextCursor}</c>) until the wanted number of
/// items, or all of them. The items are kept as the server wrote them, for <c>--json</c>.
/// </summary>
internal sealed class Listing
{
    public const int MaxPageSize = 500;

    private Listing(List<JsonElement> items, string? nextCursor)
    {
        Items = items;
        NextCursor = nextCursor;
    }

    public IReadOnlyList<JsonElement> Items { get; }

    /// <summary>Where the listing stopped when the limit was reached before the end; null at the end.</summary>
    public string? NextCursor { get; }

    public static async Task<Listing> CollectAsync(ApiClient api, string path, int? limit, CancellationToken ct)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var pageSize = Math.Min(MaxPageSize, limit is { } l ? l - items.Count : MaxPageSize);
            var body = await api.GetAsync(QueryString.Append(path,
                ("limit", pageSize.ToString(CultureInfo.InvariantCulture)), ("cursor", cursor)), ct);
            using var document = ParsePage(body);
            var root = document.RootElement;
            foreach (var item in root.GetProperty("items").EnumerateArray())
            {
                items.Add(item.Clone());
            }
            cursor = root.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null && (limit is null || items.Count < limit));
        return new Listing(items, cursor);
    }

    /// <summary>The collected listing in the server's own page shape.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("items");
            foreach (var item in Items)
            {
                item.WriteTo(writer);
            }
            writer.WriteEndArray();
            writer.WriteString("nextCursor", NextCursor);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static JsonDocument ParsePage(string body)
    {
        try
        {
            var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("items", out var items)
                && items.ValueKind == JsonValueKind.Array)
            {
                return document;
            }
            document.Dispose();
        }
        catch (JsonException)
        {
        }
        throw new CliException(ExitCodes.Failure, "the server's answer is not a page of items");
    }
}
