namespace Vigie.Core.Inventory;

/// <summary>
/// Orders version strings as people read them: numeric runs compare as numbers, other runs as text, with an
/// optional <c>epoch:</c> first ("1:2.3" &gt; "9.9"), "~" sorting before anything (pre-releases), and
/// separators ('.', '-', '_', '+') only splitting. Good enough for fleet queries; the vulnerability module
/// uses exact dpkg ordering for distribution packages.
/// </summary>
public static class TolerantVersion
{
    public static int Compare(string? a, string? b)
    {
        if (string.Equals(a, b, StringComparison.Ordinal))
        {
            return 0;
        }
        if (a is null)
        {
            return -1;
        }
        if (b is null)
        {
            return 1;
        }
        var (epochA, restA) = SplitEpoch(a.Trim());
        var (epochB, restB) = SplitEpoch(b.Trim());
        if (epochA != epochB)
        {
            return epochA.CompareTo(epochB);
        }
        var i = 0;
        var j = 0;
        while (i < restA.Length || j < restB.Length)
        {
            var tildeA = i < restA.Length && restA[i] == '~';
            var tildeB = j < restB.Length && restB[j] == '~';
            if (tildeA != tildeB)
            {
                return tildeA ? -1 : 1;
            }
            if (tildeA)
            {
                i++;
                j++;
                continue;
            }
            SkipSeparators(restA, ref i);
            SkipSeparators(restB, ref j);
            if (i >= restA.Length || j >= restB.Length)
            {
                break;
            }
            var digitA = char.IsAsciiDigit(restA[i]);
            var digitB = char.IsAsciiDigit(restB[j]);
            var runA = Run(restA, ref i, digitA);
            var runB = Run(restB, ref j, digitB);
            int cmp;
            if (digitA && digitB)
            {
                var na = runA.TrimStart('0');
                var nb = runB.TrimStart('0');
                cmp = na.Length != nb.Length ? na.Length.CompareTo(nb.Length) : string.CompareOrdinal(na, nb);
            }
            else if (digitA != digitB)
            {
                // 1.0.1 > 1.0a: a number outranks text in the same position.
                cmp = digitA ? 1 : -1;
            }
            else
            {
                cmp = string.Compare(runA, runB, StringComparison.OrdinalIgnoreCase);
            }
            if (cmp != 0)
            {
                return Math.Sign(cmp);
            }
        }
        SkipSeparators(restA, ref i);
        SkipSeparators(restB, ref j);
        var leftA = i < restA.Length;
        var leftB = j < restB.Length;
        if (leftA == leftB)
        {
            return 0;
        }
        // Whatever remains makes the version greater, except a pre-release marker.
        return leftA ? (restA[i] == '~' ? -1 : 1) : (restB[j] == '~' ? 1 : -1);
    }

    private static (long Epoch, string Remainder) SplitEpoch(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && long.TryParse(value.AsSpan(0, colon), out var epoch) ? (epoch, value[(colon + 1)..]) : (0, value);
    }

    private static void SkipSeparators(string s, ref int i)
    {
        while (i < s.Length && s[i] is '.' or '-' or '_' or '+' or ' ')
        {
            i++;
        }
    }

    private static string Run(string s, ref int i, bool digits)
    {
        var start = i;
        while (i < s.Length && s[i] != '~' && !(s[i] is '.' or '-' or '_' or '+' or ' ') && char.IsAsciiDigit(s[i]) == digits)
        {
            i++;
        }
        return s[start..i];
    }
}
