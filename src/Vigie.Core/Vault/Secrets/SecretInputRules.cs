using Vigie.Core.Common;

namespace Vigie.Core.Vault.Secrets;

/// <summary>What an entry may hold: its kind, title, values, tags and custom fields, checked before anything is encrypted.</summary>
internal static class SecretInputRules
{
    private const int MaxTitle = 200;
    private const int MaxValue = 10_000;
    private const int MaxFields = 50;

    public static (string Kind, string Title, IReadOnlyList<string> Tags, SecretPayload Payload) Validate(SecretInput input)
    {
        var errors = new ValidationErrors();
        var kind = input.Kind?.Trim().ToLowerInvariant() ?? "login";
        if (kind is not ("login" or "note"))
        {
            errors.Add("kind", "must be login or note");
        }
        var title = input.Title?.Trim() ?? "";
        if (title.Length is 0 or > MaxTitle || title.Any(char.IsControl))
        {
            errors.Add("title", $"must be 1 to {MaxTitle} characters without control characters");
        }
        foreach (var (name, value) in new[] { ("username", input.Username), ("password", input.Password), ("url", input.Url), ("notes", input.Notes) })
        {
            if (value?.Length > MaxValue)
            {
                errors.Add(name, $"must be at most {MaxValue} characters");
            }
        }
        var tags = (input.Tags ?? []).Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (tags.Count > 20 || tags.Any(t => t.Length > 50 || t.Any(char.IsControl)))
        {
            errors.Add("tags", "at most 20 tags of at most 50 characters");
        }
        var fields = input.Fields ?? [];
        if (fields.Count > MaxFields || fields.Any(f => string.IsNullOrWhiteSpace(f.Name) || f.Name.Length > 100 || f.Value?.Length > MaxValue))
        {
            errors.Add("fields", $"at most {MaxFields} fields, each with a name of at most 100 characters");
        }
        errors.ThrowIfAny();
        return (kind, title, tags, new SecretPayload
        {
            Username = Blank(input.Username),
            Password = string.IsNullOrEmpty(input.Password) ? null : input.Password,
            Notes = Blank(input.Notes),
            Fields = fields.Select(f => f with { Name = f.Name.Trim() }).ToList(),
        });
    }

    public static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
