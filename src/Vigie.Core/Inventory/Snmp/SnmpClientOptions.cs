namespace Vigie.Core.Inventory.Snmp;

/// <summary>
/// Timeouts, retries and sizes for an <see cref="SnmpClient"/>; set once on the client and overridable per call
/// (<c>options with { Timeout = ... }</c>).
/// </summary>
public sealed record SnmpClientOptions
{
    /// <summary>The largest UDP payload over IPv4.</summary>
    public const int MaxUdpPayload = 65507;

    /// <summary>RFC 3417: every SNMP entity accepts messages of at least 484 octets.</summary>
    public const int MinMessageSize = 484;

    public static SnmpClientOptions Default { get; } = new();

    /// <summary>How long to wait for each attempt's answer.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Attempts after the first one before giving up with <see cref="SnmpTimeoutException"/>.</summary>
    public int Retries { get; init; } = 2;

    /// <summary>max-repetitions of the GETBULK requests a walk sends; halved when the agent is too slow or answers tooBig.</summary>
    public int MaxRepetitions { get; init; } = 25;

    /// <summary>The largest response accepted (and, for v3, the msgMaxSize announced to the agent).</summary>
    public int MaxResponseBytes { get; init; } = MaxUdpPayload;

    /// <summary>A walk stops with <see cref="SnmpException"/> after this many variable bindings.</summary>
    public int MaxWalkResults { get; init; } = 100_000;

    internal void Validate()
    {
        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "The SNMP timeout must be above zero and at most 10 minutes.");
        }
        ArgumentOutOfRangeException.ThrowIfNegative(Retries, nameof(Retries));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Retries, 20, nameof(Retries));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRepetitions, 1, nameof(MaxRepetitions));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxRepetitions, 10_000, nameof(MaxRepetitions));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxResponseBytes, MinMessageSize, nameof(MaxResponseBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxResponseBytes, MaxUdpPayload, nameof(MaxResponseBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxWalkResults, 1, nameof(MaxWalkResults));
    }
}
