using System.Text;
using Vigie.Core.Common;
using Vigie.Core.Vault.Generation;

namespace Vigie.Core.Tests.Vault.Generation;

public class PasswordGeneratorTests
{
    private const string Lower = "abcdefghijklmnopqrstuvwxyz";
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Digits = "0123456789";
    private const string Symbols = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    private static readonly GeneratorPolicy[] Policies =
    [
        GeneratorPolicy.Default,
        new GeneratorPolicy { Length = 8, MinimumPerClass = 2 },
        new GeneratorPolicy { Length = 12, Lowercase = false, Uppercase = false, Symbols = false, MinimumPerClass = 12 },
        new GeneratorPolicy { Length = 16, Digits = false, Symbols = false, MinimumPerClass = 5, ExcludeAmbiguous = false },
        new GeneratorPolicy { Length = 30, Lowercase = false, Uppercase = false, Digits = false, MinimumPerClass = 0 },
        new GeneratorPolicy { Length = 256, MinimumPerClass = 40, ExcludeAmbiguous = false },
    ];

    public static TheoryData<int> CharacterPolicies() => new(Enumerable.Range(0, Policies.Length));

    [Theory]
    [MemberData(nameof(CharacterPolicies))]
    public void Generate_CharacterPolicy_HonouredEveryTime(int index)
    {
        var policy = Policies[index];
        var classes = new (bool Enabled, string Alphabet)[]
        {
            (policy.Lowercase, Lower), (policy.Uppercase, Upper), (policy.Digits, Digits), (policy.Symbols, Symbols),
        };
        for (var run = 0; run < 500; run++)
        {
            using var password = PasswordGenerator.Generate(policy);
            var chars = password.Chars.ToArray();

            Assert.Equal(policy.Length, chars.Length);
            foreach (var (enabled, alphabet) in classes)
            {
                var count = chars.Count(c => alphabet.Contains(c));
                Assert.True(enabled ? count >= policy.MinimumPerClass : count == 0, $"class {alphabet[0]}: {count}");
            }
            if (policy.ExcludeAmbiguous)
            {
                Assert.DoesNotContain(chars, c => GeneratorPolicy.AmbiguousCharacters.Contains(c));
            }
        }
    }

    [Fact]
    public void Generate_Default20000Times_EveryAllowedCharacterAppearsInProportion()
    {
        // Expected count of a character of class C per password: m/|C| (the guaranteed draws) plus
        // (L − k·m)/|U| (the free ones). After the shuffle every position has the same distribution.
        const int runs = 20_000;
        var policy = GeneratorPolicy.Default;
        var alphabets = new[] { Lower, Upper, Digits, Symbols }
            .Select(a => string.Concat(a.Where(c => !GeneratorPolicy.AmbiguousCharacters.Contains(c))))
            .ToArray();
        var all = string.Concat(alphabets);
        Assert.Equal(84, all.Length);
        var counts = new Dictionary<char, int>();
        var firstPosition = new Dictionary<char, int>();
        for (var run = 0; run < runs; run++)
        {
            using var password = PasswordGenerator.Generate(policy);
            foreach (var c in password.Chars)
            {
                counts[c] = counts.GetValueOrDefault(c) + 1;
            }
            firstPosition[password.Chars[0]] = firstPosition.GetValueOrDefault(password.Chars[0]) + 1;
        }

        Assert.Equal(all.Order(), counts.Keys.Order());
        double chiSquare = 0, chiSquareFirst = 0;
        foreach (var alphabet in alphabets)
        {
            var perPassword = 1.0 / alphabet.Length + (20.0 - 4) / all.Length;
            foreach (var c in alphabet)
            {
                var expected = runs * perPassword;
                chiSquare += Math.Pow(counts[c] - expected, 2) / expected;
                var expectedFirst = runs * perPassword / 20;
                chiSquareFirst += Math.Pow(firstPosition.GetValueOrDefault(c) - expectedFirst, 2) / expectedFirst;
            }
        }
        // 83 degrees of freedom: mean 83, standard deviation 12.9. 200 is far in the tail, loose on purpose.
        Assert.True(chiSquare < 200, $"chi-square {chiSquare:F1}");
        Assert.True(chiSquareFirst < 200, $"chi-square of the first position {chiSquareFirst:F1}");
    }

    [Theory]
    [InlineData("-", true, true)]
    [InlineData(" ", false, false)]
    [InlineData(".:", true, false)]
    [InlineData("", false, true)]
    public void Generate_Passphrase_HasTheWordsSeparatorCapitalsAndDigit(string separator, bool capitalize, bool digit)
    {
        var policy = GeneratorPolicy.DefaultPassphrase with
        {
            Words = 5, Separator = separator, Capitalize = capitalize, AppendDigit = digit,
        };
        for (var run = 0; run < 200; run++)
        {
            using var password = PasswordGenerator.Generate(policy);
            var text = new string(password.Chars);

            Assert.Equal(digit, char.IsAsciiDigit(text[^1]));
            var body = digit ? text[..^1] : text;
            Assert.DoesNotContain(body, char.IsAsciiDigit);
            if (separator.Length == 0)
            {
                Assert.Equal(capitalize ? 5 : 0, body.Count(char.IsUpper));
                continue;
            }
            var words = body.Split(separator);
            Assert.Equal(5, words.Length);
            Assert.All(words, w =>
            {
                Assert.Equal(capitalize, char.IsUpper(w[0]));
                Assert.True(WordList.Contains(w.ToLowerInvariant()), "a word outside the list");
            });
        }
    }

    [Fact]
    public void Generate_Passphrases_DrawFromTheWholeList()
    {
        var seen = new HashSet<string>();
        for (var run = 0; run < 2000; run++)
        {
            using var password = PasswordGenerator.Generate(GeneratorPolicy.DefaultPassphrase with
            {
                Capitalize = false, AppendDigit = false,
            });
            seen.UnionWith(new string(password.Chars).Split('-'));
        }
        // 12,000 draws from 7,776 words leave about 6,100 distinct.
        Assert.InRange(seen.Count, 5500, 6700);
    }

    [Fact]
    public void Generate_InvalidPolicy_ValidationProblemNamingTheFields()
    {
        var problem = Assert.Throws<ProblemException>(() =>
            PasswordGenerator.Generate(new GeneratorPolicy { Length = 4, Lowercase = false, Uppercase = false, Digits = false, Symbols = false }));

        Assert.Equal(400, problem.Status);
        Assert.Equal(new[] { "classes", "length" }, problem.Errors!.Keys.Order());
    }

    [Fact]
    public void EntropyBits_DefaultPolicies()
    {
        // 20 of 84 characters is 127.8 bits; guaranteeing one per class costs about one bit of that.
        Assert.Equal(126.79, PasswordGenerator.EntropyBits(GeneratorPolicy.Default), 2);
        Assert.Equal(20 * Math.Log2(84), PasswordGenerator.EntropyBits(GeneratorPolicy.Default with { MinimumPerClass = 0 }), 6);
        Assert.Equal(6 * Math.Log2(7776) + Math.Log2(10), PasswordGenerator.EntropyBits(GeneratorPolicy.DefaultPassphrase), 6);
        Assert.Equal(80.87, PasswordGenerator.EntropyBits(GeneratorPolicy.DefaultPassphrase), 2);
    }

    [Fact]
    public void EntropyBits_WithMinimums_NeverAboveTheUnconstrainedFigure()
    {
        foreach (var policy in Policies)
        {
            var bits = PasswordGenerator.EntropyBits(policy);
            var ceiling = PasswordGenerator.EntropyBits(policy with { MinimumPerClass = 0 });
            Assert.InRange(bits, 1, ceiling + 1e-9);
        }
    }

    [Fact]
    public void GeneratedPassword_ToStringRedactedUtf8CopyAndDisposed()
    {
        var password = PasswordGenerator.Generate(GeneratorPolicy.Default);
        var text = new string(password.Chars);

        Assert.Equal("GeneratedPassword([redacted])", password.ToString());
        Assert.Equal(Encoding.UTF8.GetBytes(text), password.ToUtf8());
        Assert.Equal(PasswordGenerator.EntropyBits(GeneratorPolicy.Default), password.EntropyBits);

        password.Dispose();
        Assert.Throws<ObjectDisposedException>(() => password.Chars.Length);
        Assert.Throws<ObjectDisposedException>(() => password.ToUtf8());
    }
}
