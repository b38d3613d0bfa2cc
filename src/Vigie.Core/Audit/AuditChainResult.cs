namespace Vigie.Core.Audit;

/// <summary>Outcome of walking the audit chain: the first broken link, if any.</summary>
public sealed record AuditChainResult(bool Valid, long Checked, long? FirstBrokenSeq, string? Reason, long? LastSeq);
