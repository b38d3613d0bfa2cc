namespace Vigie.Testing;

/// <summary>The databases every store test runs on.</summary>
public enum TestDatabase
{
    Sqlite,
    Postgres,
}
