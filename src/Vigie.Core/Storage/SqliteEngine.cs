namespace Vigie.Core.Storage;

/// <summary>Which SQLite engine is loaded: Debian's system library or the bundled one, and its version.</summary>
public static class SqliteEngine
{
    public static string Describe() => $"sqlite {SQLitePCL.raw.sqlite3_libversion().utf8_to_string()} ({SqliteNative.EngineSource})";
}
