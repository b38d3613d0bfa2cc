using System.Text.Json.Serialization;

namespace Vigie.Core.Vault.Generation;

/// <summary>Why a password scored lower than its length suggests; stable snake_case codes in JSON.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StrengthReason>))]
public enum StrengthReason
{
    /// <summary>Fewer than 12 characters.</summary>
    [JsonStringEnumMemberName("too_short")]
    TooShort,

    /// <summary>Only lowercase letters, only digits, and so on.</summary>
    [JsonStringEnumMemberName("one_class_only")]
    OneClassOnly,

    /// <summary>One of the passwords every guesser tries first (password, 123456, azerty…).</summary>
    [JsonStringEnumMemberName("common_password")]
    CommonPassword,

    /// <summary>A word of the embedded list, in any case, possibly with digits for letters (p4ssw0rd).</summary>
    [JsonStringEnumMemberName("dictionary_word")]
    DictionaryWord,

    /// <summary>The same character three times or more (aaaa), or a block repeated (abcabc, Aa1!Aa1!).</summary>
    [JsonStringEnumMemberName("repeated")]
    Repeated,

    /// <summary>Three or more consecutive letters or digits, up or down (abcd, 1234, 9876).</summary>
    [JsonStringEnumMemberName("sequence")]
    Sequence,

    /// <summary>Four or more neighbouring keys of a QWERTY or AZERTY row (qwerty, asdf, azerty).</summary>
    [JsonStringEnumMemberName("keyboard_pattern")]
    KeyboardPattern,

    /// <summary>A year from 1900 to 2099.</summary>
    [JsonStringEnumMemberName("year")]
    Year,
}
