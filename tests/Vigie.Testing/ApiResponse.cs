using System.Text.Json;
using Xunit.Sdk;

namespace Vigie.Testing;

/// <summary>A response as the tests look at it: status, body text, parsed JSON and cookies.</summary>
public sealed record ApiResponse(int Status, string Body, string? ContentType, IReadOnlyList<string> SetCookies, TimeSpan? RetryAfter)
{
    public JsonElement Json => Body.Length == 0 ? default : JsonDocument.Parse(Body).RootElement;

    public string? Code => ContentType == "application/problem+json" && Json.TryGetProperty("code", out var code) ? code.GetString() : null;

    public ApiResponse EnsureStatus(int expected)
    {
        if (Status != expected)
        {
            throw new XunitException($"Expected HTTP {expected}, got {Status}: {Body}");
        }
        return this;
    }

    /// <summary>Asserts a problem+json response with this status and code.</summary>
    public ApiResponse EnsureProblem(int status, string code)
    {
        if (Status != status || ContentType != "application/problem+json" || Code != code)
        {
            throw new XunitException($"Expected problem {status} '{code}', got {Status} {ContentType}: {Body}");
        }
        return this;
    }
}
