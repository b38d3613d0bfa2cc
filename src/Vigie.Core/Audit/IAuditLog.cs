using System.Data.Common;

namespace Vigie.Core.Audit;

/// <summary>
/// Appends audit rows inside the caller's transaction: if the row cannot be written, the change it
/// describes is rolled back with it.
/// </summary>
public interface IAuditLog
{
    Task AppendAsync(DbConnection connection, DbTransaction transaction, AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>Several rows in one transaction, chained in order (the chain's tail is read once).</summary>
    Task AppendManyAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken);

    /// <summary>Writes an event that accompanies no other change (a refused login, a denied request).</summary>
    Task AppendAloneAsync(AuditEntry entry, CancellationToken cancellationToken);
}
