using System.Text.Json.Serialization;
using Vigie.Core.Vault.Secrets;

namespace Vigie.Core.Vault.Backup;

/// <summary>One line of the export document; <c>type</c> says which.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(FolderRecord), "folder")]
[JsonDerivedType(typeof(GrantRecord), "grant")]
[JsonDerivedType(typeof(SecretRecord), "secret")]
internal abstract record ExportRecord;

internal sealed record FolderRecord(
    Guid Id,
    Guid? ParentId,
    Guid SpaceId,
    string Name,
    bool ReadOnly,
    string? Policy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt) : ExportRecord;

/// <summary>A right on a folder; <c>PrincipalName</c> is there for people reading the file, and to match principals by name.</summary>
internal sealed record GrantRecord(
    Guid Id,
    Guid FolderId,
    string PrincipalKind,
    Guid PrincipalId,
    string? PrincipalName,
    string Access,
    DateTimeOffset? ExpiresAt,
    string GrantedBy,
    DateTimeOffset CreatedAt) : ExportRecord;

/// <summary>An entry with every version the server kept, oldest first; <c>Version</c> is the current one.</summary>
internal sealed record SecretRecord(
    Guid Id,
    Guid FolderId,
    string Kind,
    string Title,
    string? Url,
    IReadOnlyList<string> Tags,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? PasswordChangedAt,
    IReadOnlyList<VersionRecord> Versions) : ExportRecord;

internal sealed record VersionRecord(
    int Version,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    string? Username,
    string? Password,
    string? Notes,
    IReadOnlyList<CustomField> Fields)
{
    public override string ToString() => $"VersionRecord {{ Version = {Version}, values [redacted] }}";
}
