namespace Vigie.Core.Storage;

/// <summary>The database engines Vigie runs on.</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
