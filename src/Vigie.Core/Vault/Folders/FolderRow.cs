namespace Vigie.Core.Vault.Folders;

/// <summary>A row of <c>vault_folders</c> as read by the folder service, the import plan and the full export (each reads the columns it needs).</summary>
internal sealed class FolderRow
{
    public Guid Id { get; set; }
    public Guid? ParentId { get; set; }
    public Guid SpaceId { get; set; }
    public string Name { get; set; } = "";
    public string NameNormalized { get; set; } = "";
    public bool ReadOnly { get; set; }
    public string? Policy { get; set; }
    public byte[]? DataKey { get; set; }
    public int? DataKeyTerm { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
