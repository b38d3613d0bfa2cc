using System.Text.Json;
using Vigie.Core.Vault.Generation;

namespace Vigie.Core.Tests.Vault.Generation;

public class GeneratorPolicyTests
{
    [Fact]
    public void Default_IsTwentyCharactersOfAllClassesWithoutAmbiguousOnes()
    {
        var policy = GeneratorPolicy.Default;

        Assert.Equal(GeneratorPolicy.CharactersMode, policy.Mode);
        Assert.Equal(20, policy.Length);
        Assert.True(policy.Lowercase && policy.Uppercase && policy.Digits && policy.Symbols);
        Assert.Equal(1, policy.MinimumPerClass);
        Assert.True(policy.ExcludeAmbiguous);
        Assert.Empty(policy.Validate());
        Assert.Empty(GeneratorPolicy.DefaultPassphrase.Validate());
    }

    [Fact]
    public void Json_RoundTrip_KeepsEveryField()
    {
        var policy = new GeneratorPolicy
        {
            Mode = GeneratorPolicy.PassphraseMode, Length = 33, Lowercase = false, Uppercase = true, Digits = false,
            Symbols = true, MinimumPerClass = 3, ExcludeAmbiguous = false, Words = 7, Separator = " ",
            Capitalize = false, AppendDigit = false,
        };

        var json = policy.ToJson();

        Assert.Contains("\"minimumPerClass\":3", json, StringComparison.Ordinal);
        Assert.Contains("\"mode\":\"passphrase\"", json, StringComparison.Ordinal);
        Assert.Equal(policy, GeneratorPolicy.FromJson(json));
    }

    [Fact]
    public void FromJson_MissingFields_TakeTheDefaults()
    {
        var policy = GeneratorPolicy.FromJson("""{"length": 32, "Symbols": false}""");

        Assert.Equal(GeneratorPolicy.Default with { Length = 32, Symbols = false }, policy);
    }

    [Fact]
    public void FromJson_Malformed_Throws()
    {
        Assert.ThrowsAny<JsonException>(() => GeneratorPolicy.FromJson("{\"length\": \"long\"}"));
        Assert.ThrowsAny<JsonException>(() => GeneratorPolicy.FromJson("null"));
    }

    [Theory]
    [InlineData("""{"length": 7}""", "length")]
    [InlineData("""{"length": 257}""", "length")]
    [InlineData("""{"lowercase": false, "uppercase": false, "digits": false, "symbols": false}""", "classes")]
    [InlineData("""{"minimumPerClass": -1}""", "minimumPerClass")]
    [InlineData("""{"length": 8, "minimumPerClass": 3}""", "minimumPerClass")]
    [InlineData("""{"mode": "emoji"}""", "mode")]
    [InlineData("""{"mode": null}""", "mode")]
    [InlineData("""{"mode": "passphrase", "words": 2}""", "words")]
    [InlineData("""{"mode": "passphrase", "words": 21}""", "words")]
    [InlineData("""{"mode": "passphrase", "separator": "----"}""", "separator")]
    [InlineData("""{"mode": "passphrase", "separator": "x"}""", "separator")]
    [InlineData("""{"mode": "passphrase", "separator": "\t"}""", "separator")]
    [InlineData("""{"mode": "passphrase", "separator": null}""", "separator")]
    public void Validate_InvalidPolicy_NamesTheField(string json, string field)
    {
        var errors = GeneratorPolicy.FromJson(json).Validate();

        var error = Assert.Single(errors);
        Assert.Equal(field, error.Key);
        Assert.False(string.IsNullOrWhiteSpace(error.Value));
    }

    [Fact]
    public void Validate_OtherModesFields_AreIgnored()
    {
        Assert.Empty(new GeneratorPolicy { Mode = GeneratorPolicy.PassphraseMode, Length = 0, Lowercase = false,
            Uppercase = false, Digits = false, Symbols = false }.Validate());
        Assert.Empty(new GeneratorPolicy { Words = 0, Separator = null! }.Validate());
    }

    [Fact]
    public void Validate_EveryClassAtItsMinimumFillingTheLength_Accepted() =>
        Assert.Empty(new GeneratorPolicy { Length = 8, MinimumPerClass = 2 }.Validate());
}
