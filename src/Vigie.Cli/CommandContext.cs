using System.CommandLine;

namespace Vigie.Cli;

/// <summary>One invocation: its parsed options, output, profile, and clients for the configured server.</summary>
internal sealed class CommandContext
{
    private readonly CommandHost _host;
    private Profile? _profile;
    private bool _profileLoaded;

    public CommandContext(CommandHost host, ParseResult parse)
    {
        _host = host;
        Parse = parse;
        Output = new Output(host.Console, parse.GetValue(host.Json));
        ProfileFile = ProfileFile.Locate(host.Console);
        Passwords = new PasswordInput(host.Console);
    }

    public ParseResult Parse { get; }

    public Output Output { get; }

    public bool Json => Output.Json;

    public CliConsole Console => _host.Console;

    public ProfileFile ProfileFile { get; }

    public PasswordInput Passwords { get; }

    public T? Value<T>(Option<T> option) => Parse.GetValue(option);

    public T? Value<T>(Argument<T> argument) => Parse.GetValue(argument);

    public Profile? Profile
    {
        get
        {
            if (!_profileLoaded)
            {
                _profile = ProfileFile.Load();
                _profileLoaded = true;
                if (_profile is not null && ProfileFile.IsExposed())
                {
                    Output.Warn($"{ProfileFile.Path} is readable by other users; run 'chmod 600 {ProfileFile.Path}'");
                }
            }
            return _profile;
        }
    }

    /// <summary>--url, else VIGIE_URL, else the profile's server.</summary>
    public Uri ResolveUrl()
    {
        var value = Parse.GetValue(_host.Url) ?? Console.Variable("VIGIE_URL") ?? Profile?.Url;
        return value is null
            ? throw CliException.Usage("no server URL: pass --url, set VIGIE_URL, or run 'vigie login --url <url>'")
            : ServerUrl.Parse(value);
    }

    /// <summary>A client without credentials (setup, login).</summary>
    public ApiClient Anonymous() => new(ResolveUrl(), null);

    /// <summary>A client carrying VIGIE_TOKEN, else the profile's token when the profile is for this same server.</summary>
    public ApiClient Authenticated()
    {
        var url = ResolveUrl();
        return new ApiClient(url, Token(url) ?? throw new CliException(ExitCodes.Unauthenticated,
            $"not logged in to {ServerUrl.Display(url)}", ["hint: run 'vigie login' or set VIGIE_TOKEN"]));
    }

    public string? Token(Uri url)
    {
        if (Console.Variable("VIGIE_TOKEN") is { } token)
        {
            return token;
        }
        // The saved token never goes to a server other than the one it was issued by.
        return Profile is { Token: not null } profile && ServerUrl.Same(profile.Url, url) ? profile.Token : null;
    }
}
