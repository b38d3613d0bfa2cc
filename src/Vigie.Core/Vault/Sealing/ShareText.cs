using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Vigie.Core.Vault.Sealing;

/// <summary>
/// The typed form of a Shamir share, printed once by <c>vigie vault init</c> and entered at unseal:
/// <c>vigie-s1-XX-DDDD-DDDD-…-DD-CCCCCC</c>.
/// </summary>
/// <remarks>
/// <para><c>s1</c> is the format version. <c>XX</c> is the share's x coordinate (its number: 01, 02, … for the
/// shares of one split) in two symbols, <c>D</c> the share's value bytes in Crockford base32 (digits and
/// letters without I, L, O, U; 8 bits to 5, big-endian, the last symbol padded with zero bits) in groups of
/// four, and <c>CCCCCC</c> a checksum over the version, x and value symbols.</para>
/// <para>The checksum is the BCH code of BIP-173 with the constant of BIP-350 (bech32m), computed over these
/// symbol values. For shares of secrets up to 50 bytes (at most 89 checked symbols) it detects every error
/// that touches up to four characters, so any single mistyped character is caught; larger errors slip through
/// about once in 2^30. It guards against typing, not tampering: the seal verifies the key it rebuilds.</para>
/// <para>Decoding ignores case, spaces and dashes anywhere after the prefix, and reads I and L as 1 and O as
/// 0. Error messages give character positions, never share characters.</para>
/// </remarks>
public static class ShareText
{
    public const string Prefix = "vigie-s1";

    internal const uint ChecksumConstant = 0x2BC830A3;
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const byte Version = 1;
    private const int ChecksumLength = 6;
    private const int GroupLength = 4;
    private const int MaxTextLength = 2000;
    private static readonly uint[] Generator = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3];

    /// <summary>Formats a share (value bytes then x, as <see cref="Shamir.Split"/> returns it). The text is as
    /// secret as the share: print it once, never log it.</summary>
    public static string Encode(byte[] share)
    {
        ArgumentNullException.ThrowIfNull(share);
        if (share.Length < 2)
        {
            throw new ArgumentException("A share holds at least one value byte and its x coordinate.", nameof(share));
        }
        var x = share[^1];
        if (x == 0)
        {
            throw new ArgumentException("A share's x coordinate is never 0.", nameof(share));
        }
        var dataSymbols = SymbolCount(share.Length - 1);
        var symbols = new byte[3 + dataSymbols + ChecksumLength];
        var groups = (dataSymbols + GroupLength - 1) / GroupLength;
        var text = new char[Prefix.Length + 3 + dataSymbols + groups + 1 + ChecksumLength];
        try
        {
            symbols[0] = Version;
            symbols[1] = (byte)(x >> 5);
            symbols[2] = (byte)(x & 31);
            ToSymbols(share.AsSpan(0, share.Length - 1), symbols.AsSpan(3, dataSymbols));
            var checksum = Polymod(symbols) ^ ChecksumConstant;
            for (var i = 0; i < ChecksumLength; i++)
            {
                symbols[3 + dataSymbols + i] = (byte)((checksum >> (5 * (ChecksumLength - 1 - i))) & 31);
            }

            var at = 0;
            Prefix.CopyTo(text);
            at += Prefix.Length;
            text[at++] = '-';
            text[at++] = Alphabet[symbols[1]];
            text[at++] = Alphabet[symbols[2]];
            for (var i = 0; i < dataSymbols; i++)
            {
                if (i % GroupLength == 0)
                {
                    text[at++] = '-';
                }
                text[at++] = Alphabet[symbols[3 + i]];
            }
            text[at++] = '-';
            for (var i = 0; i < ChecksumLength; i++)
            {
                text[at++] = Alphabet[symbols[3 + dataSymbols + i]];
            }
            return new string(text);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(symbols);
            Array.Clear(text);
        }
    }

    /// <summary>Parses a typed share. On failure <paramref name="error"/> says what is wrong in words a person
    /// at the console can act on.</summary>
    public static bool TryDecode(
        string? text, [NotNullWhen(true)] out byte[]? share, [NotNullWhen(false)] out string? error)
    {
        share = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "The share is empty.";
            return false;
        }
        if (text.Length > MaxTextLength)
        {
            error = "The share is too long.";
            return false;
        }
        var compact = new char[text.Length];
        var positions = new int[text.Length];
        byte[]? symbols = null;
        try
        {
            var length = 0;
            for (var i = 0; i < text.Length; i++)
            {
                if (char.IsWhiteSpace(text[i]) || text[i] == '-')
                {
                    continue;
                }
                compact[length] = char.ToUpperInvariant(text[i]);
                positions[length] = i + 1;
                length++;
            }
            const string tag = "VIGIES";
            if (length <= tag.Length || !compact.AsSpan(0, tag.Length).SequenceEqual(tag))
            {
                error = $"This is not a Vigie share: it should start with {Prefix}-.";
                return false;
            }
            if (compact[tag.Length] != (char)('0' + Version))
            {
                error = char.IsAsciiDigit(compact[tag.Length])
                    ? $"This share is in format version {compact[tag.Length]}, which this version of Vigie does not read."
                    : $"This is not a Vigie share: it should start with {Prefix}-.";
                return false;
            }

            var bodyStart = tag.Length + 1;
            var bodyLength = length - bodyStart;
            var dataSymbols = bodyLength - 2 - ChecksumLength;
            var valueBytes = dataSymbols * 5 / 8;
            if (dataSymbols < 1 || valueBytes < 1 || SymbolCount(valueBytes) != dataSymbols)
            {
                error = "The share has the wrong number of characters: one is missing or one too many.";
                return false;
            }
            symbols = new byte[1 + bodyLength];
            symbols[0] = Version;
            for (var i = 0; i < bodyLength; i++)
            {
                var value = SymbolValue(compact[bodyStart + i]);
                if (value < 0)
                {
                    error = $"Character {positions[bodyStart + i]} is not a share character (digits and letters other than U).";
                    return false;
                }
                symbols[1 + i] = (byte)value;
            }
            if (Polymod(symbols) != ChecksumConstant)
            {
                error = "The share's checksum does not match: a character is mistyped. Compare it with the printed share.";
                return false;
            }

            // Past the checksum, only a forged text can still be wrong.
            var x = (symbols[1] << 5) | symbols[2];
            var data = symbols.AsSpan(3, dataSymbols);
            if (x is 0 or > 255 || !PaddingIsZero(data, valueBytes))
            {
                error = "The share is malformed.";
                return false;
            }
            var result = new byte[valueBytes + 1];
            FromSymbols(data, result.AsSpan(0, valueBytes));
            result[^1] = (byte)x;
            share = result;
            error = null;
            return true;
        }
        finally
        {
            Array.Clear(compact);
            if (symbols is not null)
            {
                CryptographicOperations.ZeroMemory(symbols);
            }
        }
    }

    /// <summary>The BCH checksum state of BIP-173 over 5-bit values, written without branches on the data.</summary>
    internal static uint Polymod(ReadOnlySpan<byte> values)
    {
        uint check = 1;
        foreach (var value in values)
        {
            var top = check >> 25;
            check = ((check & 0x1FFFFFF) << 5) ^ value;
            for (var i = 0; i < 5; i++)
            {
                check ^= Generator[i] & (0u - ((top >> i) & 1));
            }
        }
        return check;
    }

    private static int SymbolCount(int byteCount) => (byteCount * 8 + 4) / 5;

    private static int SymbolValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        'I' or 'L' => 1,
        'O' => 0,
        'U' => -1,
        >= 'A' and <= 'Z' => Alphabet.IndexOf(c, StringComparison.Ordinal),
        _ => -1,
    };

    private static void ToSymbols(ReadOnlySpan<byte> bytes, Span<byte> symbols)
    {
        int buffer = 0, bits = 0, at = 0;
        foreach (var b in bytes)
        {
            buffer = ((buffer << 8) | b) & 0xFFF;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                symbols[at++] = (byte)((buffer >> bits) & 31);
            }
        }
        if (bits > 0)
        {
            symbols[at] = (byte)((buffer << (5 - bits)) & 31);
        }
    }

    private static void FromSymbols(ReadOnlySpan<byte> symbols, Span<byte> bytes)
    {
        int buffer = 0, bits = 0, at = 0;
        foreach (var symbol in symbols)
        {
            buffer = ((buffer << 5) | symbol) & 0xFFF;
            bits += 5;
            if (bits >= 8 && at < bytes.Length)
            {
                bits -= 8;
                bytes[at++] = (byte)(buffer >> bits);
            }
        }
    }

    private static bool PaddingIsZero(ReadOnlySpan<byte> symbols, int byteCount)
    {
        var paddingBits = symbols.Length * 5 - byteCount * 8;
        return (symbols[^1] & ((1 << paddingBits) - 1)) == 0;
    }
}
