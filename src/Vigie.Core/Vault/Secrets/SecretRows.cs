using System.Text.Json;

namespace Vigie.Core.Vault.Secrets;

/// <summary>Rows of <c>vault_secrets</c> and <c>vault_secret_versions</c> as the entry service reads them.</summary>
internal sealed class RevealRow : SummaryRow
{
    public byte[]? Payload { get; set; }
    public Guid SpaceId { get; set; }
    public byte[] DataKey { get; set; } = [];
    public int DataKeyTerm { get; set; }
}

internal sealed class SpaceRow
{
    public Guid SpaceId { get; set; }
    public byte[] DataKey { get; set; } = [];
    public int DataKeyTerm { get; set; }
}

internal sealed class VersionRow
{
    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
}

internal class SummaryRow
{
    public const string Columns = "id, folder_id, kind, title, url, tags, version, strength, created_at, updated_at, password_changed_at";

    public Guid Id { get; set; }
    public Guid FolderId { get; set; }
    public string Kind { get; set; } = "";
    public string Title { get; set; } = "";
    public string? Url { get; set; }
    public string Tags { get; set; } = "[]";
    public int Version { get; set; }
    public int? Strength { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? PasswordChangedAt { get; set; }

    public SecretSummary ToSummary() => new(Id, FolderId, Kind, Title, Url, JsonSerializer.Deserialize<List<string>>(Tags) ?? [], Version, Strength,
        CreatedAt, UpdatedAt, PasswordChangedAt);
}
