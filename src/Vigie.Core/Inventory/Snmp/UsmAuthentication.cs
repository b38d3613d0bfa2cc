using System.Security.Cryptography;

namespace Vigie.Core.Inventory.Snmp;

/// <summary>
/// The USM MAC: HMAC over the whole message with msgAuthenticationParameters set to zeros, truncated
/// (RFC 3414 sections 7.3 and 8.3; RFC 7860 section 4).
/// </summary>
internal static class UsmAuthentication
{
    /// <summary>Writes the MAC into the placeholder of <paramref name="message"/> at <paramref name="macOffset"/>.</summary>
    public static void Sign(SnmpAuthProtocol protocol, ReadOnlySpan<byte> localizedKey, Span<byte> message, int macOffset)
    {
        var macLength = UsmKeys.MacLength(protocol);
        var placeholder = message.Slice(macOffset, macLength);
        placeholder.Clear();
        Span<byte> mac = stackalloc byte[64];
        var written = Compute(protocol, localizedKey, message, mac);
        mac[..macLength].CopyTo(placeholder);
        CryptographicOperations.ZeroMemory(mac[..written]);
    }

    /// <summary>Checks the MAC of a received message in constant time.</summary>
    public static bool Verify(SnmpAuthProtocol protocol, ReadOnlySpan<byte> localizedKey, ReadOnlySpan<byte> message, int macOffset, int macLengthOnWire)
    {
        var macLength = UsmKeys.MacLength(protocol);
        if (macLengthOnWire != macLength || macOffset < 0 || macOffset + macLength > message.Length)
        {
            return false;
        }
        var copy = message.ToArray();
        var received = message.Slice(macOffset, macLength);
        copy.AsSpan(macOffset, macLength).Clear();
        Span<byte> mac = stackalloc byte[64];
        Compute(protocol, localizedKey, copy, mac);
        return CryptographicOperations.FixedTimeEquals(mac[..macLength], received);
    }

    private static int Compute(SnmpAuthProtocol protocol, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> destination) => protocol switch
    {
        SnmpAuthProtocol.Sha1 => HMACSHA1.HashData(key, data, destination),
        SnmpAuthProtocol.Sha256 => HMACSHA256.HashData(key, data, destination),
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "No MAC for this protocol."),
    };
}
