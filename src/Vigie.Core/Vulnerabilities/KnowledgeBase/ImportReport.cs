namespace Vigie.Core.Vulnerabilities.KnowledgeBase;

/// <summary>The outcome of importing one file: how many records were read, written, already current or skipped, and why.</summary>
public sealed record ImportReport(Guid Id, string FileName, string Format, int Records, int Imported, int Unchanged, int Skipped, IReadOnlyList<string> Errors);
