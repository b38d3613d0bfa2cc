using System.Text.Json;
using Vigie.Core.Crypto;
using Vigie.Core.Inventory.Snmp;

namespace Vigie.Core.Inventory.Polling;

/// <summary>The secret part of a device's configuration, serialised then sealed with AES-256-GCM (the device id as associated data).</summary>
internal sealed record StoredSnmpCredentials(string Version, string? Community, string? Username, string? AuthProtocol, string? AuthPassword,
    string? PrivProtocol, string? PrivPassword)
{
    public override string ToString() => $"StoredSnmpCredentials(v{Version}, [redacted])";

    public static string Aad(Guid deviceId) => $"inventory_snmp_devices.credentials:{deviceId:D}";

    public string Seal(FieldCipher cipher, Guid deviceId) => cipher.Encrypt(JsonSerializer.SerializeToUtf8Bytes(this), Aad(deviceId));

    public static StoredSnmpCredentials Open(FieldCipher cipher, Guid deviceId, string sealedValue)
    {
        var bytes = cipher.Decrypt(sealedValue, Aad(deviceId));
        try
        {
            return JsonSerializer.Deserialize<StoredSnmpCredentials>(bytes) ?? throw new InvalidOperationException("Empty SNMP credentials.");
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(bytes);
        }
    }

    public SnmpCredentials ToClientCredentials() => Version == "3"
        ? SnmpCredentials.V3(Username!, ParseAuth(AuthProtocol), AuthPassword, ParsePriv(PrivProtocol), PrivPassword)
        : SnmpCredentials.V2c(Community!);

    public static SnmpAuthProtocol ParseAuth(string? value) => value?.ToLowerInvariant() switch
    {
        null or "" or "none" => SnmpAuthProtocol.None,
        "sha" or "sha1" => SnmpAuthProtocol.Sha1,
        "sha256" or "sha-256" => SnmpAuthProtocol.Sha256,
        _ => throw new ArgumentException("unknown authentication protocol"),
    };

    public static SnmpPrivProtocol ParsePriv(string? value) => value?.ToLowerInvariant() switch
    {
        null or "" or "none" => SnmpPrivProtocol.None,
        "aes" or "aes128" => SnmpPrivProtocol.Aes128,
        _ => throw new ArgumentException("unknown privacy protocol"),
    };
}
