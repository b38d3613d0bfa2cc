namespace Vigie.Core.Audit;

/// <summary>A stored audit row as returned by queries.</summary>
public record AuditEvent
{
    public long Seq { get; init; }
    public Guid Id { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public Guid? ActorId { get; init; }
    public string ActorName { get; init; } = "";
    public string Source { get; init; } = "";
    public int Action { get; init; }
    public string ActionName { get; init; } = "";
    public string Target { get; init; } = "";
    public string Outcome { get; init; } = "";
    public string Details { get; init; } = "{}";
}
