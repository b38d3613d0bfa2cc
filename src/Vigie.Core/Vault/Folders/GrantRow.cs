namespace Vigie.Core.Vault.Folders;

/// <summary>A row of <c>vault_grants</c> as read by the folder service and the full export.</summary>
internal sealed class GrantRow
{
    public Guid Id { get; set; }
    public Guid FolderId { get; set; }
    public string PrincipalKind { get; set; } = "";
    public Guid PrincipalId { get; set; }
    public string Access { get; set; } = "";
    public DateTimeOffset? ExpiresAt { get; set; }
    public string GrantedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}
