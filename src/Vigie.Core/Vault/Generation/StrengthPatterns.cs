namespace Vigie.Core.Vault.Generation;

/// <summary>A stretch of the password that a guesser would enumerate as a whole, and what that costs in bits.</summary>
internal readonly record struct PatternMatch(int Start, int Length, double Bits, StrengthReason Reason);

/// <summary>
/// Finds the guessable stretches of a password: repeats, sequences, keyboard rows, years, listed words and
/// common passwords. Each carries the bits a guesser needs to pick it among its kind; the estimator then
/// covers the password with the cheapest mix of these and single characters.
/// </summary>
internal static class StrengthPatterns
{
    private const int MinKeyboardRun = 4;
    private const int MinWordLength = 4;
    private const int MaxWordLength = 14;
    private const int MaxRepeatedBlock = 32;

    private static readonly string[] KeyboardRows =
    [
        "`1234567890-=", "qwertyuiop[]\\", "asdfghjkl;'", "zxcvbnm,./",
        "²&é\"'(-è_çà)=", "azertyuiop^$", "qsdfghjklmù*", "<wxcvbn,;:!",
    ];

    // Among the most used passwords in published breach corpora, plus French ones; four characters or more
    // because shorter stretches are scored as characters anyway.
    private static readonly HashSet<string> CommonPasswords = new(
    [
        "password", "123456", "1234567", "12345678", "123456789", "1234567890", "qwerty", "azerty", "abc123",
        "111111", "000000", "123123", "654321", "666666", "letmein", "welcome", "monkey", "dragon", "football",
        "baseball", "iloveyou", "admin", "administrator", "administrateur", "master", "sunshine", "princess",
        "shadow", "trustno1", "superman", "batman", "starwars", "whatever", "hello", "freedom", "login", "root",
        "toor", "test", "guest", "default", "changeme", "secret", "qwertyuiop", "passw0rd", "motdepasse",
        "soleil", "bonjour", "doudou", "loulou", "chouchou", "marseille", "jetaime", "vigie",
    ], StringComparer.Ordinal);

    private static readonly double KeyboardBits = Math.Log2(KeyboardRows.Sum(r => r.Length) * 2);
    private static readonly double WordBits = Math.Log2(WordList.Size);
    private static readonly double CommonBits = Math.Log2(CommonPasswords.Count);
    private static readonly double YearBits = Math.Log2(200);

    /// <param name="password">The password as typed.</param>
    /// <param name="lower">The same, lowercased; <paramref name="leetI"/> and <paramref name="leetL"/> also with
    /// digits and symbols read back as letters (1 as i or as l).</param>
    /// <param name="bitsPerCharacter">What one character costs given the classes present.</param>
    public static List<PatternMatch> Find(
        ReadOnlySpan<char> password, ReadOnlySpan<char> lower, ReadOnlySpan<char> leetI, ReadOnlySpan<char> leetL,
        double bitsPerCharacter)
    {
        var matches = new List<PatternMatch>();
        FindRepeats(password, bitsPerCharacter, matches);
        FindSequences(password, matches);
        FindKeyboardRuns(lower, matches);
        FindYears(password, matches);
        FindWords(password, lower, leetI, leetL, matches);
        return matches;
    }

    internal static char ReadAsLetter(char c, char one) => c switch
    {
        '0' => 'o',
        '1' => one,
        '3' => 'e',
        '4' or '@' => 'a',
        '5' or '$' => 's',
        '7' => 't',
        '!' => 'i',
        _ => c,
    };

    /// <summary>A character three times or more (aaaa), or a block of up to 32 twice or more (abcabc,
    /// Aa1!Aa1!): the block is priced as random characters, then log2 of the repeat count.</summary>
    private static void FindRepeats(ReadOnlySpan<char> password, double bitsPerCharacter, List<PatternMatch> matches)
    {
        for (var i = 0; i < password.Length; i++)
        {
            for (var block = 1; block <= MaxRepeatedBlock && i + 2 * block <= password.Length; block++)
            {
                var first = password.Slice(i, block);
                var count = 1;
                while (i + (count + 1) * block <= password.Length && password.Slice(i + count * block, block).SequenceEqual(first))
                {
                    count++;
                }
                if (count >= (block == 1 ? 3 : 2))
                {
                    matches.Add(new(i, count * block, block * bitsPerCharacter + Math.Log2(count), StrengthReason.Repeated));
                }
            }
        }
    }

    private static void FindSequences(ReadOnlySpan<char> password, List<PatternMatch> matches)
    {
        for (var i = 0; i + 2 < password.Length;)
        {
            var size = SequenceAlphabetSize(password[i]);
            var step = password[i + 1] - password[i];
            var end = i + 1;
            if (size > 0 && step is 1 or -1)
            {
                while (end < password.Length && password[end] - password[end - 1] == step
                       && SequenceAlphabetSize(password[end]) == size)
                {
                    end++;
                }
            }
            if (end - i >= 3)
            {
                // Which alphabet, where it starts, how long, which way.
                matches.Add(new(i, end - i, Math.Log2(size) + Math.Log2(end - i) + 1, StrengthReason.Sequence));
                i = end - 1;
            }
            else
            {
                i++;
            }
        }
    }

    private static int SequenceAlphabetSize(char c) => c switch
    {
        >= 'a' and <= 'z' or >= 'A' and <= 'Z' => 26,
        >= '0' and <= '9' => 10,
        _ => 0,
    };

    private static void FindKeyboardRuns(ReadOnlySpan<char> lower, List<PatternMatch> matches)
    {
        Span<char> reversed = stackalloc char[16];
        for (var i = 0; i + MinKeyboardRun <= lower.Length; i++)
        {
            for (var length = Math.Min(lower.Length - i, 13); length >= MinKeyboardRun; length--)
            {
                var run = lower.Slice(i, length);
                run.CopyTo(reversed);
                reversed[..length].Reverse();
                if (OnOneRow(run) || OnOneRow(reversed[..length]))
                {
                    matches.Add(new(i, length, KeyboardBits + Math.Log2(length), StrengthReason.KeyboardPattern));
                    break;
                }
            }
        }
        reversed.Clear();
    }

    private static bool OnOneRow(ReadOnlySpan<char> run)
    {
        foreach (var row in KeyboardRows)
        {
            if (row.AsSpan().IndexOf(run) >= 0)
            {
                return true;
            }
        }
        return false;
    }

    private static void FindYears(ReadOnlySpan<char> password, List<PatternMatch> matches)
    {
        for (var i = 0; i + 4 <= password.Length; i++)
        {
            var digits = password.Slice(i, 4);
            if (char.IsAsciiDigit(digits[0]) && char.IsAsciiDigit(digits[1]) && char.IsAsciiDigit(digits[2])
                && char.IsAsciiDigit(digits[3]) && ((digits[0] == '1' && digits[1] == '9') || (digits[0] == '2' && digits[1] == '0')))
            {
                matches.Add(new(i, 4, YearBits, StrengthReason.Year));
            }
        }
    }

    private static void FindWords(
        ReadOnlySpan<char> password, ReadOnlySpan<char> lower, ReadOnlySpan<char> leetI, ReadOnlySpan<char> leetL,
        List<PatternMatch> matches)
    {
        var commonLookup = CommonPasswords.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var i = 0; i < password.Length; i++)
        {
            for (var length = MinWordLength; length <= MaxWordLength && i + length <= password.Length; length++)
            {
                var original = password.Slice(i, length);
                var caseBits = CaseBits(original);
                for (var variant = 0; variant < 3; variant++)
                {
                    var candidate = (variant switch { 0 => lower, 1 => leetI, _ => leetL }).Slice(i, length);
                    var substitutions = 0;
                    for (var k = 0; k < length; k++)
                    {
                        substitutions += candidate[k] != lower[i + k] ? 1 : 0;
                    }
                    if (variant > 0 && substitutions == 0)
                    {
                        continue;
                    }
                    if (commonLookup.Contains(candidate))
                    {
                        matches.Add(new(i, length, CommonBits + caseBits + substitutions, StrengthReason.CommonPassword));
                    }
                    if (length <= 8 && WordList.Contains(candidate))
                    {
                        matches.Add(new(i, length, WordBits + caseBits + substitutions, StrengthReason.DictionaryWord));
                    }
                }
            }
        }
    }

    /// <summary>No capital costs nothing; a first or all capitals one bit; anything else one bit per capital.</summary>
    private static double CaseBits(ReadOnlySpan<char> word)
    {
        var upper = 0;
        foreach (var c in word)
        {
            upper += char.IsUpper(c) ? 1 : 0;
        }
        if (upper == 0)
        {
            return 0;
        }
        return (upper == 1 && char.IsUpper(word[0])) || upper == word.Length ? 1 : upper;
    }
}
