using System.CommandLine;
using System.Globalization;

namespace Vigie.Cli;

/// <summary>
/// The filters shared by <c>asset list</c>, <c>asset search</c> and <c>asset export</c>: the options on the command line
/// and the query parameters of <c>GET /api/v1/assets</c> they become.
/// </summary>
internal sealed class AssetFilters
{
    public const string Computer = "computer";
    public const string Network = "network";

    public AssetFilters()
    {
        Kind.AcceptOnlyFromAmong(Computer, Network);
        NotSeenDays.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 0)
            {
                result.AddError("--not-seen-days must not be negative");
            }
        });
    }

    public Option<string?> Os { get; } = new("--os") { Description = "Only assets whose operating system name contains this text" };

    public Option<string?> Tag { get; } = new("--tag") { Description = "Only assets with this TAG (exact)" };

    public Option<string?> Kind { get; } = new("--kind") { Description = "Only computers (agents) or network devices (SNMP)" };

    public Option<string?> Software { get; } = new("--software")
    {
        Description = "Only assets where this program is installed (exact name, case-insensitive)",
    };

    public Option<string?> Version { get; } = new("--version")
    {
        Description = "With --software: only where its version matches, e.g. '<3.0.11' (operators <, <=, >, >=, =, !=)",
    };

    public Option<int?> NotSeenDays { get; } = new("--not-seen-days") { Description = "Only assets not seen for at least this many days" };

    /// <summary>Adds the filter options to <paramref name="command"/>, with the check that --version comes with --software.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Os);
        command.Options.Add(Tag);
        command.Options.Add(Kind);
        command.Options.Add(Software);
        command.Options.Add(Version);
        command.Options.Add(NotSeenDays);
        command.Validators.Add(result =>
        {
            if (!string.IsNullOrEmpty(result.GetValue(Version)) && string.IsNullOrEmpty(result.GetValue(Software)))
            {
                result.AddError("--version needs --software (the program whose version is compared)");
            }
        });
    }

    public (string Name, string? Value)[] Query(CommandContext context, string? search) =>
    [
        ("q", search), ("os", context.Value(Os)), ("tag", context.Value(Tag)), ("kind", context.Value(Kind)),
        ("software", context.Value(Software)), ("version", context.Value(Version)),
        ("notSeenDays", context.Value(NotSeenDays)?.ToString(CultureInfo.InvariantCulture)),
    ];
}
