namespace Vigie.Core.Audit;

/// <summary>Who did something and from where: a user, or the system itself.</summary>
public sealed record AuditActor(Guid? Id, string Name, string Source)
{
    public static AuditActor System { get; } = new(null, "system", "local");

    public static AuditActor Anonymous(string source, string? claimedName = null) =>
        new(null, string.IsNullOrWhiteSpace(claimedName) ? "anonymous" : claimedName, source);
}
