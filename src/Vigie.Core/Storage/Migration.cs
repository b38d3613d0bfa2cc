namespace Vigie.Core.Storage;

/// <summary>One numbered schema script (<c>V0001_name.sql</c>) for one database dialect.</summary>
public sealed record Migration(int Version, string Name, string Sql);
