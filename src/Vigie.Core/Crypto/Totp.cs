using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Vigie.Core.Crypto;

/// <summary>TOTP codes as in RFC 6238 (HMAC-SHA-1 by default, 6 digits, 30-second steps).</summary>
public static class Totp
{
    public const int StepSeconds = 30;

    public static long StepAt(DateTimeOffset time) => time.ToUnixTimeSeconds() / StepSeconds;

    public static string Code(ReadOnlySpan<byte> key, long step, int digits = 6, HashAlgorithmName? algorithm = null)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        var name = algorithm ?? HashAlgorithmName.SHA1;
        byte[] mac = name == HashAlgorithmName.SHA256 ? HMACSHA256.HashData(key, counter)
            : name == HashAlgorithmName.SHA512 ? HMACSHA512.HashData(key, counter)
            : HMACSHA1.HashData(key, counter);
        var offset = mac[^1] & 0x0f;
        var binary = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
        var modulo = 1;
        for (var i = 0; i < digits; i++)
        {
            modulo *= 10;
        }
        CryptographicOperations.ZeroMemory(mac);
        return (binary % modulo).ToString(new string('0', digits), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Finds the step (within ±<paramref name="window"/> of now) whose code matches, comparing in constant time.
    /// Steps at or before <paramref name="lastUsedStep"/> are refused so a code cannot be replayed.
    /// </summary>
    public static long? Match(ReadOnlySpan<byte> key, string code, DateTimeOffset now, long lastUsedStep, int window = 1)
    {
        if (code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            return null;
        }
        var current = StepAt(now);
        long? matched = null;
        for (var step = current - window; step <= current + window; step++)
        {
            var expected = Code(key, step);
            if (CryptographicOperations.FixedTimeEquals(
                    System.Text.Encoding.ASCII.GetBytes(expected), System.Text.Encoding.ASCII.GetBytes(code))
                && step > lastUsedStep && matched is null)
            {
                matched = step;
            }
        }
        return matched;
    }
}
