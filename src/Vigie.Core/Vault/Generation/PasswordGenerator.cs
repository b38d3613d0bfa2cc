using System.Security.Cryptography;
using Vigie.Core.Common;

namespace Vigie.Core.Vault.Generation;

/// <summary>Generates passwords and passphrases from a <see cref="GeneratorPolicy"/> with
/// <see cref="RandomNumberGenerator"/> only; every choice is uniform (<see cref="RandomNumberGenerator.GetInt32(int)"/>
/// rejects the biased tail).</summary>
public static class PasswordGenerator
{
    private static readonly double BitsPerWord = Math.Log2(WordList.Size);

    /// <summary>Throws a validation <see cref="ProblemException"/> listing the fields when the policy is invalid.</summary>
    public static GeneratedPassword Generate(GeneratorPolicy policy)
    {
        ThrowIfInvalid(policy);
        var chars = policy.Mode == GeneratorPolicy.PassphraseMode ? Passphrase(policy) : Characters(policy);
        return new GeneratedPassword(chars, ValidEntropyBits(policy));
    }

    /// <summary>
    /// Bits of min-entropy the policy guarantees against a guesser who knows it. Passphrases: words × log2 7776
    /// (+ log2 10 for the digit). Characters: exactly length × log2 |alphabet| without a per-class minimum;
    /// with one, a lower bound. A string with n_c characters of class c (c = 1..k, m guaranteed each, L in
    /// all) comes out with probability Π_c [n_c!/(n_c−m)! · |c|^−m] · (L−km)!/L! · |alphabet|^−(L−km), and
    /// Π_c n_c!/(n_c−m)! ≤ (L/k)^km, which gives the bound computed here.
    /// </summary>
    public static double EntropyBits(GeneratorPolicy policy)
    {
        ThrowIfInvalid(policy);
        return ValidEntropyBits(policy);
    }

    private static double ValidEntropyBits(GeneratorPolicy policy)
    {
        if (policy.Mode == GeneratorPolicy.PassphraseMode)
        {
            return policy.Words * BitsPerWord + (policy.AppendDigit ? Math.Log2(10) : 0);
        }
        var classes = CharacterClasses.For(policy);
        var k = classes.Count;
        var m = policy.MinimumPerClass;
        var length = policy.Length;
        var guaranteed = k * m;
        var bits = (length - guaranteed) * Math.Log2(classes.Sum(c => c.Length));
        if (m == 0)
        {
            return bits;
        }
        bits += m * classes.Sum(c => Math.Log2(c.Length));
        for (var i = length - guaranteed + 1; i <= length; i++)
        {
            bits += Math.Log2(i);
        }
        return bits - guaranteed * Math.Log2((double)length / k);
    }

    private static char[] Characters(GeneratorPolicy policy)
    {
        var classes = CharacterClasses.For(policy);
        var all = string.Concat(classes);
        var result = new char[policy.Length];
        var at = 0;
        foreach (var alphabet in classes)
        {
            for (var i = 0; i < policy.MinimumPerClass; i++)
            {
                result[at++] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
            }
        }
        while (at < result.Length)
        {
            result[at++] = all[RandomNumberGenerator.GetInt32(all.Length)];
        }
        // Fisher–Yates, so the guaranteed characters are not always at the front.
        for (var i = result.Length - 1; i > 0; i--)
        {
            var j = RandomNumberGenerator.GetInt32(i + 1);
            (result[i], result[j]) = (result[j], result[i]);
        }
        return result;
    }

    private static char[] Passphrase(GeneratorPolicy policy)
    {
        var words = WordList.Words;
        // The chosen indexes are the passphrase in another form: zeroed like it.
        var chosen = new int[policy.Words];
        try
        {
            var length = (policy.Words - 1) * policy.Separator.Length + (policy.AppendDigit ? 1 : 0);
            for (var i = 0; i < chosen.Length; i++)
            {
                chosen[i] = RandomNumberGenerator.GetInt32(words.Count);
                length += words[chosen[i]].Length;
            }
            var result = new char[length];
            var at = 0;
            for (var i = 0; i < chosen.Length; i++)
            {
                if (i > 0)
                {
                    policy.Separator.CopyTo(result.AsSpan(at));
                    at += policy.Separator.Length;
                }
                var word = words[chosen[i]];
                word.CopyTo(result.AsSpan(at));
                if (policy.Capitalize)
                {
                    result[at] = char.ToUpperInvariant(result[at]);
                }
                at += word.Length;
            }
            if (policy.AppendDigit)
            {
                result[at] = (char)('0' + RandomNumberGenerator.GetInt32(10));
            }
            return result;
        }
        finally
        {
            Array.Clear(chosen);
        }
    }

    private static void ThrowIfInvalid(GeneratorPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var errors = policy.Validate();
        if (errors.Count > 0)
        {
            throw ProblemException.Validation(errors.ToDictionary(e => e.Key, e => new[] { e.Value }));
        }
    }
}
