namespace Vigie.Core.Inventory.Snmp;

/// <summary>
/// UsmSecurityParameters (RFC 3414 section 2.4). <see cref="AuthenticationOffset"/> is where the MAC sits in the
/// whole message, set when decoding.
/// </summary>
internal sealed record UsmSecurityParameters(
    byte[] EngineId,
    int EngineBoots,
    int EngineTime,
    byte[] UserName,
    byte[] AuthenticationParameters,
    byte[] PrivacyParameters)
{
    public int AuthenticationOffset { get; init; } = -1;
}
