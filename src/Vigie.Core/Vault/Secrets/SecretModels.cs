namespace Vigie.Core.Vault.Secrets;

/// <summary>A custom field of an entry; <c>Secret</c> fields are masked in lists and exports like the password.</summary>
public sealed record CustomField(string Name, string? Value, bool Secret);

/// <summary>What a caller sends to create or change an entry. <c>ExpectedVersion</c> makes an update check-and-set.</summary>
public sealed record SecretInput(
    string? Kind,
    string? Title,
    string? Username,
    string? Password,
    string? Url,
    string? Notes,
    IReadOnlyList<string>? Tags,
    IReadOnlyList<CustomField>? Fields,
    int? ExpectedVersion = null);

/// <summary>An entry as listed: everything but its secret values (usernames included: they are half a credential).</summary>
public sealed record SecretSummary(
    Guid Id,
    Guid FolderId,
    string Kind,
    string Title,
    string? Url,
    IReadOnlyList<string> Tags,
    int Version,
    int? Strength,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? PasswordChangedAt);

/// <summary>An entry with its secret values, as revealed (every reveal is audited).</summary>
public sealed record SecretRevealed(SecretSummary Secret, int Version, string? Username, string? Password, string? Notes, IReadOnlyList<CustomField> Fields);

/// <summary>One version in an entry's history (values need a reveal of that version).</summary>
public sealed record SecretVersionView(int Version, DateTimeOffset CreatedAt, string CreatedBy);

/// <summary>The encrypted part of an entry version.</summary>
internal sealed class SecretPayload
{
    public string? Username { get; set; }
    public string? Password { get; set; }
    public string? Notes { get; set; }
    public List<CustomField> Fields { get; set; } = [];
}

/// <summary>One version of an entry to store, with when it was made.</summary>
internal sealed record VersionInput(SecretInput Input, DateTimeOffset At);

/// <summary>A validated entry with its versions encrypted (oldest first), ready to insert in a transaction.</summary>
internal sealed record PreparedEntry(SecretSummary Summary, string TagsJson, string? Fingerprint, IReadOnlyList<(byte[] Payload, DateTimeOffset At)> Versions);
