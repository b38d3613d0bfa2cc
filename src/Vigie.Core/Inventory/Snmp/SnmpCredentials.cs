namespace Vigie.Core.Inventory.Snmp;

/// <summary>
/// How to talk to an agent: a v1/v2c community or a v3 USM user with its protocols and passwords.
/// <see cref="ToString"/> never shows the community or the passwords.
/// </summary>
public sealed class SnmpCredentials
{
    /// <summary>RFC 3414 section 11.2 asks for at least 8 characters; net-snmp refuses shorter ones.</summary>
    public const int MinimumPasswordLength = 8;

    private SnmpCredentials(
        SnmpVersion version,
        string? community,
        string? user,
        SnmpAuthProtocol authProtocol,
        string? authPassword,
        SnmpPrivProtocol privProtocol,
        string? privPassword)
    {
        Version = version;
        Community = community;
        User = user;
        AuthProtocol = authProtocol;
        AuthPassword = authPassword;
        PrivProtocol = privProtocol;
        PrivPassword = privPassword;
    }

    public SnmpVersion Version { get; }

    /// <summary>The v1/v2c community; null for v3.</summary>
    public string? Community { get; }

    /// <summary>The v3 USM user name; null for v1/v2c.</summary>
    public string? User { get; }

    public SnmpAuthProtocol AuthProtocol { get; }

    public string? AuthPassword { get; }

    public SnmpPrivProtocol PrivProtocol { get; }

    public string? PrivPassword { get; }

    public SnmpSecurityLevel SecurityLevel => (AuthProtocol, PrivProtocol) switch
    {
        (SnmpAuthProtocol.None, _) => SnmpSecurityLevel.NoAuthNoPriv,
        (_, SnmpPrivProtocol.None) => SnmpSecurityLevel.AuthNoPriv,
        _ => SnmpSecurityLevel.AuthPriv,
    };

    public static SnmpCredentials V1(string community) => new(SnmpVersion.V1, RequireCommunity(community), null, SnmpAuthProtocol.None, null, SnmpPrivProtocol.None, null);

    public static SnmpCredentials V2c(string community) => new(SnmpVersion.V2c, RequireCommunity(community), null, SnmpAuthProtocol.None, null, SnmpPrivProtocol.None, null);

    /// <summary>An SNMPv3 USM user; privacy needs authentication, and each password at least 8 characters.</summary>
    public static SnmpCredentials V3(
        string user,
        SnmpAuthProtocol authProtocol = SnmpAuthProtocol.None,
        string? authPassword = null,
        SnmpPrivProtocol privProtocol = SnmpPrivProtocol.None,
        string? privPassword = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        if (!Enum.IsDefined(authProtocol) || !Enum.IsDefined(privProtocol))
        {
            throw new ArgumentException("Unknown SNMPv3 protocol.");
        }
        if (privProtocol != SnmpPrivProtocol.None && authProtocol == SnmpAuthProtocol.None)
        {
            throw new ArgumentException("SNMPv3 privacy requires an authentication protocol.", nameof(privProtocol));
        }
        RequirePassword(authProtocol != SnmpAuthProtocol.None, authPassword, nameof(authPassword));
        RequirePassword(privProtocol != SnmpPrivProtocol.None, privPassword, nameof(privPassword));
        return new(
            SnmpVersion.V3,
            null,
            user,
            authProtocol,
            authProtocol == SnmpAuthProtocol.None ? null : authPassword,
            privProtocol,
            privProtocol == SnmpPrivProtocol.None ? null : privPassword);
    }

    public override string ToString() => Version == SnmpVersion.V3
        ? $"SNMPv3 user={User} level={SecurityLevel} auth={AuthProtocol} priv={PrivProtocol} (passwords redacted)"
        : $"SNMP{(Version == SnmpVersion.V1 ? "v1" : "v2c")} community=*** (redacted)";

    private static string RequireCommunity(string community)
    {
        ArgumentException.ThrowIfNullOrEmpty(community);
        return community;
    }

    private static void RequirePassword(bool needed, string? password, string parameterName)
    {
        if (!needed)
        {
            return;
        }
        // The message must not echo the password, so ArgumentException.ThrowIfNullOrEmpty is not enough here.
        if (password is null || password.Length < MinimumPasswordLength)
        {
            throw new ArgumentException($"The SNMPv3 password must have at least {MinimumPasswordLength} characters.", parameterName);
        }
    }
}
