using System.Diagnostics.CodeAnalysis;

namespace Vigie.Core.Vulnerabilities.Matching;

/// <summary>
/// A tolerant reading of product versions as NVD ranges and CNA records write them, ordered by these rules:
/// <list type="number">
/// <item>Case is ignored; surrounding blanks and a <c>v</c> before a leading digit are dropped (<c>v2.1</c> = <c>2.1</c>).</item>
/// <item>The version is cut into tokens: runs of digits (numbers) and runs of letters (words). Every other
/// character (<c>. - _ + ( ) :</c>, space…) only separates, and so does a change between digit and letter:
/// <c>2.4.57a</c> reads <c>2 4 57 a</c>, <c>1.8.0_141</c> reads <c>1 8 0 141</c>, <c>15.2(7)E3</c> reads <c>15 2 7 e 3</c>.</item>
/// <item>Tokens are compared position by position and a missing token counts as the number 0: <c>1.2</c> =
/// <c>1.2.0</c>, <c>1.2.10</c> &gt; <c>1.2.9</c>; numbers compare numerically (<c>1.02</c> = <c>1.2</c>).</item>
/// <item>Pre-release words sort below every number and below a missing token, and among themselves by rank:
/// <c>dev</c>, <c>snapshot</c>, <c>nightly</c>, <c>canary</c>, <c>next</c>, <c>latest</c> &lt; <c>alpha</c> &lt;
/// <c>beta</c> &lt; <c>milestone</c> &lt; <c>ea</c>, <c>pre</c>, <c>preview</c> &lt; <c>rc</c>, <c>cr</c>
/// (<c>latest</c> as Discourse uses it, <c>2026.1.0-latest</c> before 2026.1.0). A single <c>a</c>, <c>b</c> or <c>m</c>
/// directly followed by a digit is alpha, beta or milestone (<c>3.15.0a1</c>, <c>2.6b2</c>, <c>9.0.0.M1</c>). So
/// <c>1.0.0-beta</c> &lt; <c>1.0.0-rc.1</c> &lt; <c>1.0.0</c> &lt; <c>1.0.0.1</c>.</item>
/// <item><c>final</c>, <c>ga</c>, <c>release</c> and <c>stable</c> are dropped (<c>4.2.0.final</c> = <c>4.2.0</c>).</item>
/// <item>Any other word is a post-release suffix: above a missing token or 0 and above any pre-release word
/// (<c>2.4.57a</c> &gt; <c>2.4.57</c>, <c>7.9p1</c> &gt; <c>7.9</c>, <c>2.4.7-p3</c> &gt; <c>2.4.7</c>); two such
/// words compare alphabetically (<c>1.0.2k</c> &lt; <c>1.0.2m</c> &lt; <c>1.0.2za</c>).</item>
/// <item>A post-release word against a non-zero number (<c>1.0.2k</c> vs <c>1.0.2.1</c>, <c>7.9p1</c> vs
/// <c>7.9.1</c>) is undefined: <see cref="Compare(DottedVersion, DottedVersion)"/> returns null, so that callers send
/// the case to review instead of guessing.</item>
/// <item>Text without any digit (<c>n/a</c>, <c>unspecified</c>, <c>*</c>, <c>-</c>) is not a version:
/// <see cref="TryParse"/> fails.</item>
/// </list>
/// A trailing <c>-0</c> is semver's lowest pre-release, which NVD uses to open a range before a release's
/// pre-releases: <c>1.21.0-0</c> &lt; <c>1.21.0-rc.1</c> &lt; <c>1.21.0</c>. A bound may also name a whole series:
/// <c>6.1.*</c> or <c>8.0.x</c> (see <see cref="TryParseSeries"/>).
/// </summary>
public sealed class DottedVersion
{
    private static readonly HashSet<string> ReleaseWords = ["final", "ga", "release", "stable"];

    private static readonly Dictionary<string, int> PreReleaseRanks = new(StringComparer.Ordinal)
    {
        ["dev"] = 0,
        ["snapshot"] = 0,
        ["nightly"] = 0,
        ["canary"] = 0,
        ["next"] = 0,
        ["latest"] = 0,
        ["alpha"] = 1,
        ["beta"] = 2,
        ["milestone"] = 3,
        ["ea"] = 4,
        ["pre"] = 4,
        ["preview"] = 4,
        ["rc"] = 5,
        ["cr"] = 5,
    };

    private static readonly Token Missing = new(TokenKind.Number, "", 0);

    private static readonly Token LowestPreRelease = new(TokenKind.PreRelease, "-0", -1);

    private readonly Token[] _tokens;

    private DottedVersion(string original, Token[] tokens)
    {
        Original = original;
        _tokens = tokens;
    }

    private enum TokenKind
    {
        PreRelease,
        Number,
        Word,
    }

    /// <summary>The text as given.</summary>
    public string Original { get; }

    public static DottedVersion Parse(string text) =>
        TryParse(text, out var version)
            ? version
            : throw new FormatException($"'{text}' is not a version: it holds no digit.");

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out DottedVersion? version)
    {
        version = null;
        if (string.IsNullOrWhiteSpace(text) || !text.Any(char.IsAsciiDigit))
        {
            return false;
        }
        version = new DottedVersion(text, Tokenize(text.Trim().ToLowerInvariant()));
        return true;
    }

    /// <summary>Returns -1, 0 or 1, or null when the order is undefined (rule 7).</summary>
    public static int? Compare(DottedVersion a, DottedVersion b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return Compare(a._tokens, b._tokens, Math.Max(a._tokens.Length, b._tokens.Length));
    }

    /// <summary>Compares two strings; null when either is not a version or the order is undefined.</summary>
    public static int? Compare(string? a, string? b) =>
        TryParse(a, out var left) && TryParse(b, out var right) ? Compare(left, right) : null;

    /// <summary>
    /// Compares only as many leading tokens of <paramref name="version"/> as <paramref name="prefix"/> has: how a
    /// series bound such as <c>6.1.*</c> is read (every <c>6.1.x</c> compares equal to <c>6.1</c>).
    /// </summary>
    internal static int? ComparePrefix(DottedVersion version, DottedVersion prefix) =>
        Compare(version._tokens, prefix._tokens, prefix._tokens.Length);

    /// <summary>
    /// Reads a bound naming a whole series, <c>6.1.*</c>, <c>4.*</c> or <c>8.0.x</c>, as its prefix (<c>6.1</c>); a
    /// version belongs to the series when <see cref="ComparePrefix"/> gives 0.
    /// </summary>
    internal static bool TryParseSeries(string bound, [NotNullWhen(true)] out DottedVersion? prefix)
    {
        prefix = null;
        var text = bound.Trim();
        if (text.EndsWith('*'))
        {
            text = text.TrimEnd('*').TrimEnd('.');
        }
        else if (text.Length > 2 && text[^2] == '.' && text[^1] is 'x' or 'X' && char.IsAsciiDigit(text[^3]))
        {
            text = text[..^2];
        }
        else
        {
            return false;
        }
        return TryParse(text, out prefix);
    }

    public override string ToString() => Original;

    private static int? Compare(Token[] a, Token[] b, int positions)
    {
        for (var i = 0; i < positions; i++)
        {
            var result = CompareTokens(i < a.Length ? a[i] : Missing, i < b.Length ? b[i] : Missing);
            if (result != 0)
            {
                return result;
            }
        }
        return 0;
    }

    private static int? CompareTokens(Token a, Token b)
    {
        if (a.Kind == TokenKind.PreRelease || b.Kind == TokenKind.PreRelease)
        {
            return a.Kind == b.Kind ? a.Rank.CompareTo(b.Rank) : (a.Kind == TokenKind.PreRelease ? -1 : 1);
        }
        if (a.Kind == TokenKind.Number && b.Kind == TokenKind.Number)
        {
            return a.Text.Length != b.Text.Length
                ? a.Text.Length.CompareTo(b.Text.Length)
                : Math.Sign(string.CompareOrdinal(a.Text, b.Text));
        }
        if (a.Kind == TokenKind.Word && b.Kind == TokenKind.Word)
        {
            return Math.Sign(string.CompareOrdinal(a.Text, b.Text));
        }
        var number = a.Kind == TokenKind.Number ? a : b;
        if (number.Text.Length != 0)
        {
            return null;
        }
        return a.Kind == TokenKind.Word ? 1 : -1;
    }

    private static Token[] Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = text.Length > 1 && text[0] == 'v' && char.IsAsciiDigit(text[1]) ? 1 : 0;
        var lowestPreRelease = LowestPreReleaseSuffix(text);
        if (lowestPreRelease > 0)
        {
            text = text[..^lowestPreRelease];
        }
        while (i < text.Length)
        {
            var start = i;
            if (char.IsAsciiDigit(text[i]))
            {
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }
                tokens.Add(new Token(TokenKind.Number, text[start..i].TrimStart('0'), 0));
            }
            else if (char.IsLetter(text[i]))
            {
                while (i < text.Length && char.IsLetter(text[i]))
                {
                    i++;
                }
                var word = text[start..i];
                if (!ReleaseWords.Contains(word))
                {
                    var beforeDigit = i < text.Length && char.IsAsciiDigit(text[i]);
                    tokens.Add(PreReleaseRank(word, beforeDigit) is int rank
                        ? new Token(TokenKind.PreRelease, word, rank)
                        : new Token(TokenKind.Word, word, 0));
                }
            }
            else
            {
                i++;
            }
        }
        if (lowestPreRelease > 0)
        {
            tokens.Add(LowestPreRelease);
        }
        return [.. tokens];
    }

    // The length of a final "-0" (or "-00"…) that follows a digit, 0 when there is none.
    private static int LowestPreReleaseSuffix(string text)
    {
        var end = text.Length;
        var zeros = 0;
        while (zeros < end && text[end - 1 - zeros] == '0')
        {
            zeros++;
        }
        var hyphen = end - 1 - zeros;
        return zeros > 0 && hyphen > 0 && text[hyphen] == '-' && char.IsAsciiDigit(text[hyphen - 1]) ? zeros + 1 : 0;
    }

    private static int? PreReleaseRank(string word, bool beforeDigit)
    {
        if (PreReleaseRanks.TryGetValue(word, out var rank))
        {
            return rank;
        }
        return beforeDigit ? word switch
        {
            "a" => PreReleaseRanks["alpha"],
            "b" => PreReleaseRanks["beta"],
            "m" => PreReleaseRanks["milestone"],
            _ => null,
        } : null;
    }

    private readonly record struct Token(TokenKind Kind, string Text, int Rank);
}
