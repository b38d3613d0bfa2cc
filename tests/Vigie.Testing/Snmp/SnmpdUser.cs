using System.Security.Cryptography;
using Vigie.Core.Inventory.Snmp;

namespace Vigie.Testing.Snmp;

/// <summary>An SNMPv3 user of the test agent with random passwords.</summary>
public sealed record SnmpdUser(string Name, SnmpAuthProtocol Auth, string? AuthPassword, SnmpPrivProtocol Priv, string? PrivPassword)
{
    public static SnmpdUser Create(string name, SnmpAuthProtocol auth, SnmpPrivProtocol priv) => new(
        name,
        auth,
        auth == SnmpAuthProtocol.None ? null : "a" + RandomHex(),
        priv,
        priv == SnmpPrivProtocol.None ? null : "p" + RandomHex());

    public string MinimumLevel => (Auth, Priv) switch
    {
        (SnmpAuthProtocol.None, _) => "noauth",
        (_, SnmpPrivProtocol.None) => "auth",
        _ => "priv",
    };

    public SnmpCredentials Credentials => SnmpCredentials.V3(Name, Auth, AuthPassword, Priv, PrivPassword);

    /// <summary>The net-snmp spelling of the protocols ("SHA", "SHA-256", "AES").</summary>
    public string? CliAuth => Auth switch
    {
        SnmpAuthProtocol.Sha1 => "SHA",
        SnmpAuthProtocol.Sha256 => "SHA-256",
        _ => null,
    };

    public string CreateUserLine() => CliAuth is null
        ? $"createUser {Name}"
        : Priv == SnmpPrivProtocol.None
            ? $"createUser {Name} {CliAuth} \"{AuthPassword}\""
            : $"createUser {Name} {CliAuth} \"{AuthPassword}\" AES \"{PrivPassword}\"";

    /// <summary>The snmpget/snmpwalk arguments for this user.</summary>
    public IReadOnlyList<string> CliArguments()
    {
        var arguments = new List<string> { "-v3", "-u", Name, "-l", MinimumLevel switch { "noauth" => "noAuthNoPriv", "auth" => "authNoPriv", _ => "authPriv" } };
        if (CliAuth is not null)
        {
            arguments.AddRange(["-a", CliAuth, "-A", AuthPassword!]);
        }
        if (Priv != SnmpPrivProtocol.None)
        {
            arguments.AddRange(["-x", "AES", "-X", PrivPassword!]);
        }
        return arguments;
    }

    private static string RandomHex() => Convert.ToHexString(RandomNumberGenerator.GetBytes(10)).ToLowerInvariant();
}
