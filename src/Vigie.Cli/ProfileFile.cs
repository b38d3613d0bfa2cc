using System.Text;
using System.Text.Json;
using Vigie.Core.Common;

namespace Vigie.Cli;

/// <summary>
/// The profile on disk: <c>$VIGIE_PROFILE</c>, else <c>$XDG_CONFIG_HOME/vigie/profile.json</c>, else
/// <c>~/.config/vigie/profile.json</c>. Written 0600 in a 0700 directory because it holds a bearer token.
/// </summary>
internal sealed class ProfileFile
{
    public ProfileFile(string path) => Path = path;

    public string Path { get; }

    public static ProfileFile Locate(CliConsole console)
    {
        if (console.Variable("VIGIE_PROFILE") is { } explicitPath)
        {
            return new ProfileFile(System.IO.Path.GetFullPath(explicitPath));
        }
        var configHome = console.Variable("XDG_CONFIG_HOME")
            ?? System.IO.Path.Combine(console.Variable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return new ProfileFile(System.IO.Path.Combine(configHome, "vigie", "profile.json"));
    }

    public Profile? Load()
    {
        if (!File.Exists(Path))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<Profile>(File.ReadAllText(Path), WireJson.Options);
        }
        catch (JsonException)
        {
            throw new CliException(ExitCodes.Failure, $"the profile {Path} is not valid JSON", ["delete it and run 'vigie login' again"]);
        }
    }

    /// <summary>True when group or others may read the file, which would expose the token.</summary>
    public bool IsExposed() =>
        !OperatingSystem.IsWindows() && File.Exists(Path)
        && (File.GetUnixFileMode(Path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0;

    public void Save(Profile profile)
    {
        var json = JsonSerializer.Serialize(profile, WireJson.Indented);
        SecureFiles.WritePrivate(Path, Encoding.UTF8.GetBytes(json + "\n"));
    }
}
