using System.Security.Cryptography;

namespace Vigie.Core.Inventory.Snmp;

/// <summary>
/// USM key derivation: password to key (RFC 3414 A.2: hash of the password repeated over 1,048,576 octets), and
/// localisation to an engine (Kul = H(Ku || engineID || Ku)). RFC 7860 keeps the same steps with SHA-256.
/// </summary>
internal static class UsmKeys
{
    private const int ExpansionLength = 1_048_576;
    private const int ChunkLength = 64;

    public static HashAlgorithmName HashOf(SnmpAuthProtocol protocol) => protocol switch
    {
        SnmpAuthProtocol.Sha1 => HashAlgorithmName.SHA1,
        SnmpAuthProtocol.Sha256 => HashAlgorithmName.SHA256,
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "No key derivation for this protocol."),
    };

    /// <summary>Octets of the truncated MAC in msgAuthenticationParameters: 12 (HMAC-SHA-96) or 24 (HMAC-192-SHA-256).</summary>
    public static int MacLength(SnmpAuthProtocol protocol) => protocol switch
    {
        SnmpAuthProtocol.Sha1 => 12,
        SnmpAuthProtocol.Sha256 => 24,
        _ => 0,
    };

    public static byte[] PasswordToKey(SnmpAuthProtocol protocol, ReadOnlySpan<byte> password)
    {
        if (password.IsEmpty)
        {
            throw new ArgumentException("An SNMPv3 password cannot be empty.", nameof(password));
        }
        using var hash = IncrementalHash.CreateHash(HashOf(protocol));
        Span<byte> chunk = stackalloc byte[ChunkLength];
        var index = 0;
        for (var count = 0; count < ExpansionLength; count += ChunkLength)
        {
            for (var i = 0; i < ChunkLength; i++)
            {
                chunk[i] = password[index];
                index = index + 1 == password.Length ? 0 : index + 1;
            }
            hash.AppendData(chunk);
        }
        CryptographicOperations.ZeroMemory(chunk);
        return hash.GetHashAndReset();
    }

    public static byte[] Localize(SnmpAuthProtocol protocol, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> engineId)
    {
        using var hash = IncrementalHash.CreateHash(HashOf(protocol));
        hash.AppendData(masterKey);
        hash.AppendData(engineId);
        hash.AppendData(masterKey);
        return hash.GetHashAndReset();
    }
}
