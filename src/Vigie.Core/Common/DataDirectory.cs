namespace Vigie.Core.Common;

/// <summary>
/// The directory holding Vigie's local state (SQLite file, key files, setup token). Created 0700.
/// Configured by the top-level <c>DataDirectory</c> key (<c>VIGIE_DATADIRECTORY</c>), default <c>./data</c>.
/// </summary>
public sealed class DataDirectory
{
    public DataDirectory(string path)
    {
        Path = System.IO.Path.GetFullPath(string.IsNullOrWhiteSpace(path) ? "data" : path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Ensure() => SecureFiles.EnsurePrivateDirectory(Path);
}
