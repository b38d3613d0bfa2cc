using System.Text.Json;

namespace Vigie.Cli;

/// <summary>JSON as the Vigie API speaks it (camelCase web defaults).</summary>
internal static class WireJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    public static JsonSerializerOptions Indented { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static T Read<T>(string body)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body, Options)
                ?? throw new CliException(ExitCodes.Failure, "the server answered with an empty JSON document");
        }
        catch (JsonException)
        {
            throw new CliException(ExitCodes.Failure, $"the server's answer is not the expected {typeof(T).Name} JSON");
        }
    }

    public static T Read<T>(JsonElement element)
    {
        try
        {
            return element.Deserialize<T>(Options) ?? throw new CliException(ExitCodes.Failure, "the server answered with an empty JSON value");
        }
        catch (JsonException)
        {
            throw new CliException(ExitCodes.Failure, $"the server's answer is not the expected {typeof(T).Name} JSON");
        }
    }
}
