namespace Vigie.Core.Audit;

/// <summary>One audit event as feature code describes it. Details never hold secrets.</summary>
public sealed record AuditEntry(
    AuditActor Actor,
    AuditAction Action,
    string Target,
    string Outcome,
    IReadOnlyDictionary<string, object?>? Details = null)
{
    public const string Success = "success";
    public const string Failure = "failure";
    public const string Denied = "denied";
}
