using System.ComponentModel.DataAnnotations;

namespace Vigie.Core.Storage;

/// <summary>Which database Vigie stores its data in. Bound from the <c>Storage</c> section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary><c>Sqlite</c> (embedded default) or <c>Postgres</c>.</summary>
    [Required]
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>ADO.NET connection string; empty means <c>vigie.db</c> in the data directory (SQLite only).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Use Debian's libsqlite3 (security-patched) instead of the bundled engine when it is present.</summary>
    public bool PreferSystemSqlite { get; set; } = true;
}
