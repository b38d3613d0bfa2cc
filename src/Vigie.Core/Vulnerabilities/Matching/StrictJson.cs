using System.Text.Json;

namespace Vigie.Core.Vulnerabilities.Matching;

/// <summary>
/// Typed reads for the CVE record parsers: a wrong kind throws <see cref="FormatException"/> naming its place
/// (<paramref name="path"/>), and an absent or null property reads as null.
/// </summary>
internal static class StrictJson
{
    /// <summary>Parses <paramref name="json"/> and reads its root with <paramref name="read"/>; text that is not JSON is a <see cref="FormatException"/>.</summary>
    public static T Parse<T>(string json, Func<JsonElement, T> read)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            return read(document.RootElement);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"Not JSON: {ex.Message}", ex);
        }
    }

    public static JsonElement.ArrayEnumerator Items(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Array
            ? element.EnumerateArray()
            : throw new FormatException($"{path}: an array was expected, not {element.ValueKind}.");

    public static JsonElement? Optional(JsonElement element, string name, string path)
    {
        ExpectObject(element, path);
        return element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
    }

    public static JsonElement Required(JsonElement element, string name, string path)
    {
        ExpectObject(element, path);
        return element.TryGetProperty(name, out var value) ? value : throw new FormatException($"{path}: '{name}' is missing.");
    }

    public static string? String(JsonElement element, string name, string path) =>
        Optional(element, name, path) is not { } value ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw new FormatException($"{path}.{name}: a string was expected, not {value.ValueKind}.");

    public static bool? Bool(JsonElement element, string name, string path) =>
        Optional(element, name, path) is not { } value ? null
        : value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new FormatException($"{path}.{name}: true or false was expected, not {value.ValueKind}."),
        };

    private static void ExpectObject(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{path}: an object was expected, not {element.ValueKind}.");
        }
    }
}
