namespace Vigie.Core.Audit;

/// <summary>Filters for listing audit events, newest first.</summary>
public sealed record AuditQuery(
    int Limit = 50,
    string? Cursor = null,
    string? Actor = null,
    int? Action = null,
    string? ActionName = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null);
