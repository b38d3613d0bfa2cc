using System.Security.Cryptography;

namespace Vigie.Core.Vault.Sealing;

/// <summary>
/// Shamir's secret sharing over GF(2^8) (AES polynomial 0x11B), byte by byte: each byte of the secret is the
/// constant term of its own random polynomial of degree threshold − 1, and a share holds that polynomial's
/// value at the share's x coordinate.
/// </summary>
/// <remarks>
/// <para>Share layout: <c>y[0] ‖ y[1] ‖ … ‖ y[secret.Length − 1] ‖ x</c>, so a share is one byte longer than the
/// secret and its last byte is its x coordinate. Shares from one split use x = 1, 2, …, shares: x is public
/// (it is printed as the share number) and spreading it at random would add nothing.</para>
/// <para>Shares carry no integrity check and do not record the threshold. <see cref="Combine"/> given too few
/// shares, shares from another split, or a share altered by one byte returns a wrong secret without error, so
/// the caller must verify what it gets (the seal does so by opening the keyring with AES-GCM) and must never
/// report which share was wrong from the result alone. Shares are secrets: zero them after use.</para>
/// </remarks>
public static class Shamir
{
    public const int MaxShares = 255;

    /// <summary>Splits <paramref name="secret"/> into <paramref name="shares"/> shares, any
    /// <paramref name="threshold"/> of which rebuild it.</summary>
    public static IReadOnlyList<byte[]> Split(ReadOnlySpan<byte> secret, int threshold, int shares)
    {
        ValidateSplit(secret, threshold, shares);
        // Uniform coefficients, zero included: forcing the top one non-zero would make k − 1 shares
        // rule out candidate secrets, and perfect secrecy is the point of the scheme.
        var coefficients = new byte[secret.Length * (threshold - 1)];
        try
        {
            RandomNumberGenerator.Fill(coefficients);
            return Split(secret, threshold, shares, coefficients);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(coefficients);
        }
    }

    /// <summary>Split with given coefficients, for fixed test vectors: <c>coefficients[i * (threshold − 1) + d − 1]</c>
    /// is the coefficient of x^d in the polynomial of secret byte i.</summary>
    internal static IReadOnlyList<byte[]> Split(
        ReadOnlySpan<byte> secret, int threshold, int shares, ReadOnlySpan<byte> coefficients)
    {
        ValidateSplit(secret, threshold, shares);
        var degree = threshold - 1;
        if (coefficients.Length != secret.Length * degree)
        {
            throw new ArgumentException("Expected threshold − 1 coefficients per secret byte.", nameof(coefficients));
        }
        var result = new byte[shares][];
        for (var s = 0; s < shares; s++)
        {
            var x = (byte)(s + 1);
            var share = new byte[secret.Length + 1];
            for (var i = 0; i < secret.Length; i++)
            {
                var row = coefficients.Slice(i * degree, degree);
                byte y = 0;
                for (var d = degree; d >= 1; d--)
                {
                    y = Gf256.Multiply((byte)(y ^ row[d - 1]), x);
                }
                share[i] = (byte)(y ^ secret[i]);
            }
            share[^1] = x;
            result[s] = share;
        }
        return result;
    }

    /// <summary>
    /// Rebuilds the secret by Lagrange interpolation at x = 0. Any order, any number of shares from the
    /// threshold up. Throws <see cref="ArgumentException"/> for fewer than two shares, a missing or short
    /// share, lengths that differ, x = 0 or the same x twice; messages name share positions, never bytes.
    /// </summary>
    public static byte[] Combine(IReadOnlyList<byte[]> shares)
    {
        ArgumentNullException.ThrowIfNull(shares);
        var length = ValidateCombine(shares);
        var count = shares.Count;
        // basis[j] = l_j(0) = Π_{m≠j} x_m / (x_m − x_j); it depends only on the public x coordinates.
        var basis = new byte[count];
        var secret = new byte[length - 1];
        try
        {
            for (var j = 0; j < count; j++)
            {
                var xj = shares[j][^1];
                byte numerator = 1, denominator = 1;
                for (var m = 0; m < count; m++)
                {
                    if (m == j)
                    {
                        continue;
                    }
                    var xm = shares[m][^1];
                    numerator = Gf256.Multiply(numerator, xm);
                    denominator = Gf256.Multiply(denominator, (byte)(xm ^ xj));
                }
                basis[j] = Gf256.Divide(numerator, denominator);
            }
            for (var i = 0; i < secret.Length; i++)
            {
                byte value = 0;
                for (var j = 0; j < count; j++)
                {
                    value ^= Gf256.Multiply(shares[j][i], basis[j]);
                }
                secret[i] = value;
            }
            return secret;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(basis);
        }
    }

    private static void ValidateSplit(ReadOnlySpan<byte> secret, int threshold, int shares)
    {
        if (secret.IsEmpty)
        {
            throw new ArgumentException("The secret is empty.", nameof(secret));
        }
        if (shares < 2 || shares > MaxShares)
        {
            throw new ArgumentOutOfRangeException(nameof(shares), $"The number of shares must be between 2 and {MaxShares}.");
        }
        if (threshold < 2 || threshold > shares)
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), "The threshold must be between 2 and the number of shares.");
        }
    }

    private static int ValidateCombine(IReadOnlyList<byte[]> shares)
    {
        if (shares.Count < 2)
        {
            throw new ArgumentException("At least two shares are needed.", nameof(shares));
        }
        if (shares.Count > MaxShares)
        {
            throw new ArgumentException($"At most {MaxShares} shares can be combined.", nameof(shares));
        }
        var length = 0;
        Span<bool> seen = stackalloc bool[256];
        for (var i = 0; i < shares.Count; i++)
        {
            var share = shares[i];
            if (share is null)
            {
                throw new ArgumentException($"Share {i + 1} is missing.", nameof(shares));
            }
            if (share.Length < 2)
            {
                throw new ArgumentException($"Share {i + 1} is too short to hold a value and its x coordinate.", nameof(shares));
            }
            if (i == 0)
            {
                length = share.Length;
            }
            else if (share.Length != length)
            {
                throw new ArgumentException(
                    $"Share {i + 1} is not the same length as share 1: the shares come from different splits.", nameof(shares));
            }
            var x = share[^1];
            if (x == 0)
            {
                throw new ArgumentException($"Share {i + 1} has x coordinate 0, which no split produces.", nameof(shares));
            }
            if (seen[x])
            {
                throw new ArgumentException(
                    $"Share {i + 1} has the same x coordinate as an earlier share: the same share was given twice.", nameof(shares));
            }
            seen[x] = true;
        }
        return length;
    }
}
