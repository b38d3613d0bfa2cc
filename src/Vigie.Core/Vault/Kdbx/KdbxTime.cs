using System.Buffers.Binary;
using System.Globalization;

namespace Vigie.Core.Vault.Kdbx;

/// <summary>
/// Times in KDBX XML: KDBX 4 writes base64 of a little-endian Int64 count of seconds since 0001-01-01 UTC; KDBX 3.1
/// (and KeePassXC's XML export) writes ISO 8601.
/// </summary>
internal static class KdbxTime
{
    public static string ToBinary(DateTimeOffset time)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, time.UtcTicks / TimeSpan.TicksPerSecond);
        return Convert.ToBase64String(bytes);
    }

    /// <summary>Either form; null when the text is neither (callers keep their default rather than refuse a file).</summary>
    public static DateTimeOffset? Parse(string text)
    {
        text = text.Trim();
        if (text.Contains('-', StringComparison.Ordinal)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var iso))
        {
            return iso;
        }
        Span<byte> bytes = stackalloc byte[8];
        if (Convert.TryFromBase64String(text, bytes, out var written) && written == 8)
        {
            var seconds = BinaryPrimitives.ReadInt64LittleEndian(bytes);
            if (seconds >= 0 && seconds <= DateTimeOffset.MaxValue.UtcTicks / TimeSpan.TicksPerSecond)
            {
                return new DateTimeOffset(seconds * TimeSpan.TicksPerSecond, TimeSpan.Zero);
            }
        }
        return null;
    }
}
