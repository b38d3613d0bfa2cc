using System.Security.Cryptography;
using System.Text;

namespace Vigie.Core.Crypto;

/// <summary>
/// Bearer secrets of the form <c>prefix_id_secret</c>: the id finds the row, the secret is stored only as
/// a SHA-256 hash and compared in constant time. The whole string is shown to its owner once.
/// </summary>
public sealed record SecretToken(Guid Id, string Value)
{
    public override string ToString() => $"SecretToken({Id}, [redacted])";

    public static (SecretToken Token, string Hash) Create(string prefix, Guid id)
    {
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (new SecretToken(id, $"{prefix}_{id:N}_{secret}"), HashSecret(secret));
    }

    public static bool TryParse(string prefix, string? value, out Guid id, out string secret)
    {
        id = Guid.Empty;
        secret = string.Empty;
        if (value is null || value.Length > 200 || !value.StartsWith(prefix + "_", StringComparison.Ordinal))
        {
            return false;
        }
        var rest = value.AsSpan(prefix.Length + 1);
        var separator = rest.IndexOf('_');
        if (separator != 32 || !Guid.TryParseExact(rest[..separator], "N", out id))
        {
            return false;
        }
        secret = rest[(separator + 1)..].ToString();
        return secret.Length >= 32;
    }

    public static string HashSecret(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool Matches(string secret, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(HashSecret(secret)), Encoding.ASCII.GetBytes(storedHash));

    public static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The bytes of unpadded base64url text (<see cref="Base64Url"/>), or false when it is not base64url.</summary>
    public static bool TryFromBase64Url(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? bytes)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - padded.Length % 4) % 4);
        try
        {
            bytes = Convert.FromBase64String(padded);
            return true;
        }
        catch (FormatException)
        {
            bytes = null;
            return false;
        }
    }
}
