using System.CommandLine;
using Vigie.Core.Inventory.Polling;

namespace Vigie.Cli;

/// <summary>
/// The options of <c>vigie snmp add</c>, their consistency rules, and the request they make. The v2c community and
/// the v3 passwords come from stdin, the environment or a prompt, never from the command line (<c>ps</c>, shell history).
/// </summary>
internal sealed class SnmpAddOptions
{
    public const string V2c = "2c";
    public const string V3 = "3";
    private const string NoPrivacy = "none";

    public SnmpAddOptions()
    {
        Version.AcceptOnlyFromAmong(V2c, V3);
        Auth.AcceptOnlyFromAmong("sha1", "sha256");
        Priv.AcceptOnlyFromAmong("aes128", NoPrivacy);
        Port.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 65535)
            {
                result.AddError("--port must be between 1 and 65535");
            }
        });
    }

    public Option<string> Name { get; } = new("--name") { Description = "A name for the device", Required = true };

    public Option<string> Address { get; } = new("--address") { Description = "The device's host name or IP address", Required = true };

    public Option<int> Port { get; } = new("--port") { Description = "UDP port", DefaultValueFactory = _ => 161 };

    public Option<string> Version { get; } = new("--version") { Description = "SNMP version: 2c or 3", Required = true };

    public Option<bool> CommunityStdin { get; } = new("--community-stdin")
    {
        Description = $"v2c: read the community from one line of standard input (else {SnmpCommands.CommunityVariable}, else a prompt)",
    };

    public Option<string?> Username { get; } = new("--username") { Description = "v3: the USM user name" };

    public Option<string?> Auth { get; } = new("--auth") { Description = "v3: authentication protocol, sha1 or sha256" };

    public Option<string?> Priv { get; } = new("--priv") { Description = "v3: privacy protocol, aes128 (default) or none" };

    public Option<bool> PasswordsStdin { get; } = new("--passwords-stdin")
    {
        Description = "v3: read the authentication password, then the privacy password, from lines of standard input " +
            $"(else {SnmpCommands.AuthPasswordVariable} and {SnmpCommands.PrivPasswordVariable}, else prompts)",
    };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Name, Address, Port, Version, CommunityStdin, Username, Auth, Priv, PasswordsStdin })
        {
            command.Options.Add(option);
        }
        // Only presence and raw tokens here: reading the value of an option that failed its own check throws.
        command.Validators.Add(result =>
        {
            if (result.GetResult(Version)?.Tokens is not [{ Value: var version }])
            {
                return;
            }
            if (version == V3)
            {
                if (result.GetResult(CommunityStdin) is not null)
                {
                    result.AddError("--community-stdin is for --version 2c; version 3 uses --username, --auth and --priv");
                }
                if (result.GetResult(Username)?.Tokens is not [{ Value: { } user }] || string.IsNullOrWhiteSpace(user))
                {
                    result.AddError("--version 3 needs --username");
                }
                if (result.GetResult(Auth) is null)
                {
                    result.AddError("--version 3 needs --auth (sha1 or sha256)");
                }
            }
            else if (new Option[] { Username, Auth, Priv, PasswordsStdin }.Any(option => result.GetResult(option) is not null))
            {
                result.AddError("--username, --auth, --priv and --passwords-stdin are for --version 3");
            }
        });
    }

    /// <summary>The body of <c>POST /api/v1/snmp/devices</c>, with the secrets read from where the user put them.</summary>
    public async Task<AddSnmpDeviceRequest> ReadRequestAsync(CommandContext context, CancellationToken ct)
    {
        var version = context.Value(Version)!;
        string? community = null;
        string? authPassword = null;
        string? privPassword = null;
        string? priv = null;
        if (version == V2c)
        {
            community = await context.Passwords.ReadSecretAsync(context.Value(CommunityStdin), "SNMP community",
                SnmpCommands.CommunityVariable, "--community-stdin", ct);
        }
        else
        {
            var fromStdin = context.Value(PasswordsStdin);
            priv = context.Value(Priv) ?? "aes128";
            authPassword = await context.Passwords.ReadSecretAsync(fromStdin, "SNMPv3 authentication password",
                SnmpCommands.AuthPasswordVariable, "--passwords-stdin", ct);
            if (priv != NoPrivacy)
            {
                privPassword = await context.Passwords.ReadSecretAsync(fromStdin, "SNMPv3 privacy password",
                    SnmpCommands.PrivPasswordVariable, "--passwords-stdin", ct);
            }
        }
        return new AddSnmpDeviceRequest(context.Value(Name), context.Value(Address), context.Value(Port), version, community,
            context.Value(Username), context.Value(Auth), authPassword, priv, privPassword);
    }
}
