using System.Reflection;
using System.Runtime.InteropServices;

namespace Vigie.Core.Storage;

/// <summary>
/// Points SQLitePCLRaw at Debian's libsqlite3 (security updates through apt) when it is installed, and
/// falls back to the engine bundled in the NuGet package otherwise.
/// </summary>
internal static class SqliteNative
{
    private static readonly Lock Gate = new();
    private static bool _initialised;

    public static string EngineSource { get; private set; } = "bundled";

    public static void Initialise(bool preferSystem)
    {
        lock (Gate)
        {
            if (_initialised)
            {
                return;
            }
            if (preferSystem && !OperatingSystem.IsWindows())
            {
                var provider = typeof(SQLitePCL.SQLite3Provider_e_sqlite3).Assembly;
                NativeLibrary.SetDllImportResolver(provider, Resolve);
            }
            SQLitePCL.Batteries_V2.Init();
            _initialised = true;
        }
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName == "e_sqlite3" && NativeLibrary.TryLoad("libsqlite3.so.0", out var handle))
        {
            EngineSource = "system";
            return handle;
        }
        return IntPtr.Zero;
    }
}
