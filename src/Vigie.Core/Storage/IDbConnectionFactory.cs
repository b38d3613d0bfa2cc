using System.Data.Common;

namespace Vigie.Core.Storage;

/// <summary>Opens connections to Vigie's database, configured for its dialect.</summary>
public interface IDbConnectionFactory
{
    SqlDialect Dialect { get; }

    Task<DbConnection> OpenAsync(CancellationToken cancellationToken);
}
