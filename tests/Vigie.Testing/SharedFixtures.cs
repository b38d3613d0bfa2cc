using Xunit;

namespace Vigie.Testing;

/// <summary>
/// The read-only material beside the repository (<c>../shared</c>: agent captures, SNMP walks, CVE data).
/// Missing: the test fails when <c>CI=true</c>, and is skipped with the reason elsewhere.
/// </summary>
public static class SharedFixtures
{
    public static string Root
    {
        get
        {
            var root = Locate();
            if (root is not null)
            {
                return root;
            }
            if (Postgres.InCi)
            {
                throw new InvalidOperationException("CI=true but ../shared (beside the repository) is missing.");
            }
            Skip.If(true, "../shared is not beside the repository; these tests read the shared agent fixtures.");
            return "";
        }
    }

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public static string Capture(string folder, string file) => Path("fixtures", "agents", "captures", folder, file);

    private static string? Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Vigie.slnx")))
            {
                var shared = System.IO.Path.Combine(dir.Parent?.FullName ?? dir.FullName, "shared");
                return Directory.Exists(shared) ? shared : null;
            }
        }
        return null;
    }
}
