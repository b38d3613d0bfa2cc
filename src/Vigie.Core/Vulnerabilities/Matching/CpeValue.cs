using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Vigie.Core.Vulnerabilities.Matching;

/// <summary>
/// One attribute value of a CPE 2.3 name: ANY (<c>*</c>), NA (<c>-</c>) or a string. In the formatted-string binding
/// (NISTIR 7695 §6.2) a string holds letters, digits, <c>_</c>, <c>-</c> and <c>.</c> as they are, any other
/// printable character escaped with a backslash (<c>\:</c>, <c>\(</c>, <c>\\</c>, <c>\&amp;</c>), and may start
/// and/or end with an unescaped wildcard: one <c>*</c> (any run of characters) or a run of <c>?</c> (one character
/// each). <see cref="Value"/> is the unescaped form (<c>plack::middleware</c>), <see cref="Formatted"/> the bound
/// one (<c>plack\:\:middleware</c>). Values compare case-insensitively.
/// </summary>
public sealed class CpeValue : IEquatable<CpeValue>
{
    private const int Star = -1;

    // Leading and trailing wildcards: 0 none, Star for '*', n > 0 for n '?'.
    private readonly int _leading;
    private readonly int _trailing;
    private readonly string _literal;

    private CpeValue(CpeValueKind kind, string formatted, string literal, int leading, int trailing)
    {
        Kind = kind;
        Formatted = formatted;
        _literal = literal;
        _leading = leading;
        _trailing = trailing;
        Value = kind switch
        {
            CpeValueKind.Any => "*",
            CpeValueKind.NotApplicable => "-",
            _ => Wildcards(leading) + literal + Wildcards(trailing),
        };
    }

    public static CpeValue Any { get; } = new(CpeValueKind.Any, "*", "", 0, 0);

    public static CpeValue NotApplicable { get; } = new(CpeValueKind.NotApplicable, "-", "", 0, 0);

    public CpeValueKind Kind { get; }

    /// <summary>The value unescaped, with any wildcards shown as <c>*</c> / <c>?</c>; <c>*</c> for ANY, <c>-</c> for NA.</summary>
    public string Value { get; }

    /// <summary>The value as bound in a CPE 2.3 formatted string.</summary>
    public string Formatted { get; }

    public bool IsAny => Kind == CpeValueKind.Any;

    public bool IsNotApplicable => Kind == CpeValueKind.NotApplicable;

    public bool HasWildcards => _leading != 0 || _trailing != 0;

    /// <summary>
    /// A plain string value taken literally (from an inventory, say): characters other than letters, digits,
    /// <c>_</c>, <c>-</c> and <c>.</c> are escaped when bound, whitespace becomes <c>_</c> as CPE names have none.
    /// </summary>
    public static CpeValue Literal(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        var literal = new StringBuilder(value.Length);
        var formatted = new StringBuilder(value.Length + 8);
        foreach (var raw in value)
        {
            var c = char.IsWhiteSpace(raw) ? '_' : raw;
            if (char.IsControl(c))
            {
                throw new ArgumentException("A CPE value cannot hold control characters.", nameof(value));
            }
            literal.Append(c);
            if (!IsPlain(c) || (value.Length == 1 && c == '-'))
            {
                formatted.Append('\\');
            }
            formatted.Append(c);
        }
        return new CpeValue(CpeValueKind.Value, formatted.ToString(), literal.ToString(), 0, 0);
    }

    /// <summary>Parses one attribute of a formatted string; throws <see cref="FormatException"/> when malformed.</summary>
    public static CpeValue ParseFormatted(string formatted)
    {
        if (!TryParseFormatted(formatted, out var value, out var error))
        {
            throw new FormatException($"'{formatted}' is not a valid CPE attribute value: {error}.");
        }
        return value;
    }

    internal static bool TryParseFormatted(
        string formatted,
        [NotNullWhen(true)] out CpeValue? value,
        [NotNullWhen(false)] out string? error)
    {
        value = null;
        error = null;
        switch (formatted)
        {
            case "":
                error = "the value is empty";
                return false;
            case "*":
                value = Any;
                return true;
            case "-":
                value = NotApplicable;
                return true;
        }

        var literal = new StringBuilder(formatted.Length);
        var leading = 0;
        var trailing = 0;
        for (var i = 0; i < formatted.Length; i++)
        {
            var c = formatted[i];
            if (c is '*' or '?')
            {
                ref var wildcard = ref literal.Length == 0 ? ref leading : ref trailing;
                if (wildcard == Star || (c == '*' && wildcard != 0))
                {
                    error = "wildcards may only be one '*' or a run of '?'";
                    return false;
                }
                wildcard = c == '*' ? Star : wildcard + 1;
                continue;
            }
            if (trailing != 0)
            {
                error = "an unescaped wildcard may only start or end the value";
                return false;
            }
            if (c == '\\')
            {
                if (i + 1 == formatted.Length || !IsEscapable(formatted[i + 1]))
                {
                    error = "'\\' must be followed by a punctuation character";
                    return false;
                }
                literal.Append(formatted[++i]);
                continue;
            }
            if (!IsPlain(c))
            {
                error = $"'{c}' must be escaped";
                return false;
            }
            literal.Append(c);
        }
        if (literal.Length == 0)
        {
            error = "the value holds only wildcards";
            return false;
        }
        value = new CpeValue(CpeValueKind.Value, formatted, literal.ToString(), leading, trailing);
        return true;
    }

    /// <summary>
    /// Whether this value, as the source (a criterion), matches <paramref name="target"/> (a name of something
    /// installed): a source ANY matches everything; a source NA matches only NA; a string matches a target string
    /// case-insensitively, honouring the source's wildcards. A target string holding wildcards is not a name and
    /// matches only a source ANY. See <see cref="CpeMatchMode"/> for a target ANY.
    /// </summary>
    public bool Matches(CpeValue target, CpeMatchMode mode = CpeMatchMode.Standard)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (IsAny)
        {
            return true;
        }
        if (target.IsAny)
        {
            return mode == CpeMatchMode.UnknownTargetMatches;
        }
        if (IsNotApplicable || target.IsNotApplicable)
        {
            return IsNotApplicable && target.IsNotApplicable;
        }
        return !target.HasWildcards && MatchesText(target._literal);
    }

    /// <summary>Whether a plain string (no wildcards of its own) is matched by this string value.</summary>
    internal bool MatchesText(string text)
    {
        var literalLength = _literal.Length;
        if (_leading == Star && _trailing == Star)
        {
            return text.Contains(_literal, StringComparison.OrdinalIgnoreCase);
        }
        if (_leading == Star)
        {
            var start = text.Length - _trailing - literalLength;
            return start >= 0 && Slice(text, start, literalLength);
        }
        if (_trailing == Star)
        {
            return text.Length >= _leading + literalLength && Slice(text, _leading, literalLength);
        }
        return text.Length == _leading + literalLength + _trailing && Slice(text, _leading, literalLength);
    }

    public bool Equals(CpeValue? other) =>
        other is not null
        && Kind == other.Kind
        && _leading == other._leading
        && _trailing == other._trailing
        && string.Equals(_literal, other._literal, StringComparison.OrdinalIgnoreCase);

    public override bool Equals(object? obj) => obj is CpeValue other && Equals(other);

    public override int GetHashCode() =>
        HashCode.Combine(Kind, _leading, _trailing, StringComparer.OrdinalIgnoreCase.GetHashCode(_literal));

    public override string ToString() => Formatted;

    private bool Slice(string text, int start, int length) =>
        text.AsSpan(start, length).Equals(_literal, StringComparison.OrdinalIgnoreCase);

    // Non-ASCII characters are not in the CPE grammar; they are let through unescaped so that a name built from an
    // inventory string ("Intel® Graphics") still binds and parses back.
    private static bool IsPlain(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' || (c > '~' && !char.IsWhiteSpace(c) && !char.IsControl(c));

    private static bool IsEscapable(char c) => c is > ' ' and <= '~' && !char.IsAsciiLetterOrDigit(c);

    private static string Wildcards(int count) => count switch
    {
        0 => "",
        Star => "*",
        _ => new string('?', count),
    };
}
