using Vigie.Core.Vault.Generation;

namespace Vigie.Core.Tests.Vault.Generation;

public class PasswordStrengthTests
{
    [Fact]
    public void Evaluate_ClassicExamples_OrderedFromWeakToStrong()
    {
        using var generated = PasswordGenerator.Generate(GeneratorPolicy.Default);

        var password = PasswordStrength.Evaluate("password");
        var troubador = PasswordStrength.Evaluate("Tr0ub4dor&3");
        var random = PasswordStrength.Evaluate(generated.Chars);

        Assert.True(password.EntropyBits < troubador.EntropyBits, $"{password} vs {troubador}");
        Assert.True(troubador.EntropyBits < random.EntropyBits, $"{troubador} vs {random}");
        Assert.True(password.Score < troubador.Score && troubador.Score < random.Score);
        Assert.Equal(0, password.Score);
        Assert.Equal(4, random.Score);
    }

    [Theory]
    [InlineData("password", StrengthReason.CommonPassword)]
    [InlineData("P4ssw0rd!", StrengthReason.CommonPassword)]
    [InlineData("aaaaaaaaaaaa", StrengthReason.Repeated)]
    [InlineData("123456789012", StrengthReason.Sequence)]
    [InlineData("abcdefghijkl", StrengthReason.Sequence)]
    [InlineData("zyxwvutsrqpo", StrengthReason.Sequence)]
    [InlineData("zxcvbnmasdfg", StrengthReason.KeyboardPattern)]
    [InlineData("azertyuiop^$", StrengthReason.KeyboardPattern)]
    [InlineData("Aa1!Aa1!Aa1!", StrengthReason.Repeated)]
    [InlineData("Dragon1987!", StrengthReason.Year)]
    [InlineData("Kitchen2024!", StrengthReason.DictionaryWord)]
    [InlineData("kItChEnwaterblanket", StrengthReason.DictionaryWord)]
    public void Evaluate_GuessablePatterns_WeakWithTheReason(string text, StrengthReason reason)
    {
        var result = PasswordStrength.Evaluate(text);

        Assert.Contains(reason, result.Reasons);
        Assert.True(result.Score <= 2, $"{text}: {result}");
        Assert.True(result.EntropyBits < text.Length * Math.Log2(95) / 2, $"{text}: {result}");
    }

    [Fact]
    public void Evaluate_RepeatedLetter_ScoreZeroOneClassOnly()
    {
        var result = PasswordStrength.Evaluate("aaaaaaaaaaaa");

        Assert.Equal(0, result.Score);
        Assert.Equal([StrengthReason.OneClassOnly, StrengthReason.Repeated], result.Reasons);
    }

    [Fact]
    public void Evaluate_ShortRandomPassword_TooShortAndCapped()
    {
        var result = PasswordStrength.Evaluate("xK9#mQ2");

        Assert.Equal(1, result.Score);
        Assert.Contains(StrengthReason.TooShort, result.Reasons);
    }

    [Fact]
    public void Evaluate_Empty_ScoreZero()
    {
        var result = PasswordStrength.Evaluate(ReadOnlySpan<char>.Empty);

        Assert.Equal(0, result.Score);
        Assert.Equal(0, result.EntropyBits);
    }

    [Fact]
    public void Evaluate_GeneratedPasswordsAndPassphrases_ScoreFour()
    {
        for (var run = 0; run < 200; run++)
        {
            using var characters = PasswordGenerator.Generate(GeneratorPolicy.Default);
            using var passphrase = PasswordGenerator.Generate(GeneratorPolicy.DefaultPassphrase);

            Assert.Equal(4, PasswordStrength.Evaluate(characters.Chars).Score);
            Assert.Equal(4, PasswordStrength.Evaluate(passphrase.Chars).Score);
        }
    }

    // Letters with no pattern cost log2 26 = 4.70 bits each: 5 → 23.5 bits, 6 → 28.2, 8 → 37.6, 12 → 56.4,
    // 13 → 61.1, 17 → 79.9, 18 → 84.6. Below 8 characters the score stops at 1.
    [Theory]
    [InlineData(5, 0)]
    [InlineData(6, 1)]
    [InlineData(7, 1)]
    [InlineData(8, 2)]
    [InlineData(12, 2)]
    [InlineData(13, 3)]
    [InlineData(17, 3)]
    [InlineData(18, 4)]
    public void Evaluate_PatternlessLetters_ScoreFollowsTheDocumentedThresholds(int length, int score)
    {
        var result = PasswordStrength.Evaluate("kvxqjzwfbnhtgpcrdm".AsSpan(0, length));

        Assert.Equal(Math.Round(length * Math.Log2(26), 1), result.EntropyBits);
        Assert.Equal(score, result.Score);
    }

    [Fact]
    public void Result_SerializesReasonsAsSnakeCaseCodes()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(PasswordStrength.Evaluate("aaaaaaaaaaaa"));

        Assert.Contains("\"one_class_only\"", json, StringComparison.Ordinal);
        Assert.Contains("\"repeated\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("aaaa", json, StringComparison.Ordinal);
    }
}
