namespace Vigie.Core.Vault.Sealing;

/// <summary>
/// Arithmetic in GF(2^8) with the AES reduction polynomial x^8 + x^4 + x^3 + x + 1 (0x11B). Addition and
/// subtraction are both XOR.
/// </summary>
/// <remarks>
/// Share bytes and secret bytes go through <see cref="Multiply"/>, so it uses no lookup table and no branch
/// on its operands: log/exp tables index memory with secret values, which leaks them through the cache to a
/// co-located process. The loop always runs eight rounds and turns each bit into an all-ones or all-zeros
/// mask. The JIT gives no formal constant-time guarantee, hence "constant-time-ish", but nothing here
/// depends on the data by construction.
/// </remarks>
internal static class Gf256
{
    public static byte Multiply(byte a, byte b)
    {
        int product = 0;
        int multiplicand = a;
        int multiplier = b;
        for (var bit = 0; bit < 8; bit++)
        {
            product ^= multiplicand & -(multiplier & 1);
            // Multiply by x; when bit 7 falls out, subtract the field polynomial (it also clears bit 8).
            var carry = -((multiplicand >> 7) & 1);
            multiplicand = (multiplicand << 1) ^ (0x11B & carry);
            multiplier >>= 1;
        }
        return (byte)product;
    }

    /// <summary>The multiplicative inverse, a^254 (the group of non-zero elements has order 255); 0 maps to 0.</summary>
    public static byte Inverse(byte a)
    {
        // Fixed square-and-multiply chain for the exponent 254 = 0b11111110, the same steps for every input.
        var result = (byte)1;
        var power = Multiply(a, a);
        for (var bit = 1; bit < 8; bit++)
        {
            result = Multiply(result, power);
            power = Multiply(power, power);
        }
        return result;
    }

    public static byte Divide(byte a, byte b) => Multiply(a, Inverse(b));
}
