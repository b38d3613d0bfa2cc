namespace Vigie.Cli;

/// <summary>Parsing and comparing the server URL given by <c>--url</c>, <c>VIGIE_URL</c> or the profile.</summary>
internal static class ServerUrl
{
    public static Uri Parse(string value)
    {
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            throw CliException.Usage($"'{value}' is not an http:// or https:// URL");
        }
        if (uri.UserInfo.Length > 0)
        {
            throw CliException.Usage("the server URL must not contain a user name or password");
        }
        var text = uri.GetLeftPart(UriPartial.Path);
        return new Uri(text.EndsWith('/') ? text : text + "/");
    }

    /// <summary>The URL as shown in messages.</summary>
    public static string Display(Uri uri) => uri.GetLeftPart(UriPartial.Path).TrimEnd('/');

    public static bool Same(string? a, Uri b) =>
        a is not null && Uri.TryCreate(a, UriKind.Absolute, out var parsed) && Display(parsed) == Display(b);

    public static bool IsPlainHttpToOtherHost(Uri uri) => uri.Scheme == "http" && !uri.IsLoopback;
}
