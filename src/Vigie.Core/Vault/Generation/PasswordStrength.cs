namespace Vigie.Core.Vault.Generation;

/// <summary>
/// Estimates how hard a password is to guess, for the score the vault stores at write time.
/// </summary>
/// <remarks>
/// <para>Entropy: each character costs log2 of the alphabet its classes span (26 lowercase, 26 uppercase,
/// 10 digits, 33 ASCII symbols and space, 100 for anything else). Guessable stretches (see
/// <see cref="StrengthReason"/>) cost what a guesser needs to pick them among their kind instead, e.g. a listed
/// word log2 7776 ≈ 12.9 bits plus one bit per capital pattern or substitution, a year log2 200 ≈ 7.6. The
/// estimate is the cheapest cover of the password by such stretches and single characters.</para>
/// <para>Score from the estimate: below 28 bits 0, below 36 1, below 60 2, below 80 3, otherwise 4 (online
/// guessing, fast offline guessing, slow offline guessing, out of reach). Fewer than 8 characters caps the
/// score at 1; fewer than 12 is reported as <see cref="StrengthReason.TooShort"/>.</para>
/// <para>The password is read as a span and every lowercased copy is cleared before returning.</para>
/// </remarks>
public static class PasswordStrength
{
    public const int ShortBelow = 12;
    public const int VeryShortBelow = 8;
    private static readonly double[] ScoreThresholds = [28, 36, 60, 80];

    public static StrengthResult Evaluate(ReadOnlySpan<char> password)
    {
        if (password.IsEmpty)
        {
            return new StrengthResult(0, 0, [StrengthReason.TooShort, StrengthReason.OneClassOnly]);
        }
        var (alphabet, classes) = Alphabet(password);
        var bitsPerCharacter = Math.Log2(alphabet);

        var scratch = new char[password.Length * 3];
        try
        {
            var lower = scratch.AsSpan(0, password.Length);
            var leetI = scratch.AsSpan(password.Length, password.Length);
            var leetL = scratch.AsSpan(password.Length * 2, password.Length);
            for (var i = 0; i < password.Length; i++)
            {
                lower[i] = char.ToLowerInvariant(password[i]);
                leetI[i] = StrengthPatterns.ReadAsLetter(lower[i], 'i');
                leetL[i] = StrengthPatterns.ReadAsLetter(lower[i], 'l');
            }
            var matches = StrengthPatterns.Find(password, lower, leetI, leetL, bitsPerCharacter);
            var (bits, used) = CheapestCover(password.Length, bitsPerCharacter, matches);

            var reasons = new SortedSet<StrengthReason>(used);
            if (password.Length < ShortBelow)
            {
                reasons.Add(StrengthReason.TooShort);
            }
            if (classes == 1)
            {
                reasons.Add(StrengthReason.OneClassOnly);
            }
            var score = ScoreThresholds.Count(t => bits >= t);
            if (password.Length < VeryShortBelow)
            {
                score = Math.Min(score, 1);
            }
            return new StrengthResult(score, Math.Round(bits, 1), [.. reasons]);
        }
        finally
        {
            Array.Clear(scratch);
        }
    }

    private static (int Size, int Classes) Alphabet(ReadOnlySpan<char> password)
    {
        bool lower = false, upper = false, digit = false, symbol = false, other = false;
        foreach (var c in password)
        {
            switch (c)
            {
                case >= 'a' and <= 'z': lower = true; break;
                case >= 'A' and <= 'Z': upper = true; break;
                case >= '0' and <= '9': digit = true; break;
                case >= ' ' and <= '~': symbol = true; break;
                default: other = true; break;
            }
        }
        var size = (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (symbol ? 33 : 0) + (other ? 100 : 0);
        var classes = (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (symbol ? 1 : 0) + (other ? 1 : 0);
        return (size, classes);
    }

    /// <summary>Dynamic programming over prefixes: the cheapest way to produce the first i characters.</summary>
    private static (double Bits, List<StrengthReason> Used) CheapestCover(
        int length, double bitsPerCharacter, List<PatternMatch> matches)
    {
        var best = new double[length + 1];
        var via = new int[length + 1];
        var endingAt = Enumerable.Range(0, matches.Count).ToLookup(i => matches[i].Start + matches[i].Length);
        for (var end = 1; end <= length; end++)
        {
            best[end] = best[end - 1] + bitsPerCharacter;
            via[end] = -1;
            foreach (var index in endingAt[end])
            {
                var cost = best[matches[index].Start] + matches[index].Bits;
                if (cost < best[end])
                {
                    best[end] = cost;
                    via[end] = index;
                }
            }
        }
        var used = new List<StrengthReason>();
        for (var at = length; at > 0;)
        {
            if (via[at] < 0)
            {
                at--;
            }
            else
            {
                used.Add(matches[via[at]].Reason);
                at = matches[via[at]].Start;
            }
        }
        return (best[length], used);
    }
}
