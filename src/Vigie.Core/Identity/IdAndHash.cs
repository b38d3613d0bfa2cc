namespace Vigie.Core.Identity;

internal sealed class IdAndHash
{
    public Guid Id { get; set; }
    public string Hash { get; set; } = "";
}
