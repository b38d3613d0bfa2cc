using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Vigie.Core.Audit;

/// <summary>
/// The HMAC-SHA256 chain over audit rows: each row's MAC covers the previous row's MAC and the row's own
/// canonical form, so an edited, deleted or reordered row breaks every link after it.
/// </summary>
internal static class AuditChain
{
    public static readonly string Genesis = new('0', 64);

    public static string TimeText(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Row times are kept to the microsecond, the precision both databases store exactly.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % 10), TimeSpan.Zero);

    public static string Mac(byte[] key, string previousMac, AuditEvent row)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteStringValue(previousMac);
            writer.WriteNumberValue(row.Seq);
            writer.WriteStringValue(row.Id.ToString("D"));
            writer.WriteStringValue(TimeText(row.OccurredAt));
            writer.WriteStringValue(row.ActorId?.ToString("D") ?? string.Empty);
            writer.WriteStringValue(row.ActorName);
            writer.WriteStringValue(row.Source);
            writer.WriteNumberValue(row.Action);
            writer.WriteStringValue(row.ActionName);
            writer.WriteStringValue(row.Target);
            writer.WriteStringValue(row.Outcome);
            writer.WriteStringValue(row.Details);
            writer.WriteEndArray();
        }
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, buffer.ToArray()));
    }

    public static bool MacEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}
