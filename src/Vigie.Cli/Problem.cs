using System.Text.Json;

namespace Vigie.Cli;

/// <summary>Turns an RFC 7807 problem answer into the error the user sees and the exit code.</summary>
internal static class Problem
{
    public static CliException ToException(int status, string? reason, string? mediaType, string body)
    {
        var exitCode = ExitCodes.ForStatus(status);
        if (mediaType is not ("application/problem+json" or "application/json") || !TryParse(body, out var root))
        {
            // A non-JSON error body (a proxy's HTML page, say) is not echoed.
            return new CliException(exitCode, $"HTTP {status} {reason}".TrimEnd());
        }
        var title = Text(root, "title") ?? $"HTTP {status}";
        var code = Text(root, "code");
        var details = new List<string>();
        if (Text(root, "detail") is { } detail)
        {
            details.Add(detail);
        }
        if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in errors.EnumerateObject())
            {
                var messages = field.Value.ValueKind == JsonValueKind.Array
                    ? field.Value.EnumerateArray().Select(m => m.ToString())
                    : [field.Value.ToString()];
                details.AddRange(messages.Select(m => $"{field.Name}: {m}"));
            }
        }
        if (Hint(code) is { } hint)
        {
            details.Add(hint);
        }
        var message = code is null ? title : $"{title} ({code})";
        return new CliException(exitCode, message, details, body) { Code = code };
    }

    private static string? Hint(string? code) => code switch
    {
        "invalid_token" or "unauthenticated" => "hint: run 'vigie login' (or set VIGIE_TOKEN) to get a valid token",
        "password_change_required" => "hint: run 'vigie password change' first",
        "vault_sealed" => "hint: unseal it first ('vigie vault unseal', one share per run); 'vigie vault status' shows how many shares are still needed",
        "vault_not_initialized" => "hint: run 'vigie vault init' first",
        "version_conflict" => "hint: someone changed the entry after it was read; run the command again to apply your change on top of theirs",
        _ => null,
    };

    private static bool TryParse(string body, out JsonElement root)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
            return root.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            root = default;
            return false;
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
