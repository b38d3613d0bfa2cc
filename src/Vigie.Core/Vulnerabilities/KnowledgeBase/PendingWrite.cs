using System.Data.Common;
using Vigie.Core.Storage;

namespace Vigie.Core.Vulnerabilities.KnowledgeBase;

/// <summary>One parsed record waiting for its batch: the CVE it changes (null: the package map) and the write, true when it changed something.</summary>
internal sealed record PendingWrite(string? CveId, Func<DbConnection, DbTransaction, SqlDialect, DateTimeOffset, CancellationToken, Task<bool>> Write);
