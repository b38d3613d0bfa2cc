using System.Text;

namespace Vigie.Core.Vulnerabilities.Matching;

/// <summary>
/// rpm's <c>rpmvercmp</c> order of one version or release string. Characters other than ASCII letters, digits,
/// <c>~</c> and <c>^</c> only separate. <c>~</c> sorts before anything, even the end of the string; <c>^</c> sorts
/// after the end of the string but before anything else. The rest is cut into runs of digits and runs of letters,
/// compared in turn: a run of digits is newer than a run of letters, digits compare numerically (of any length),
/// letters ordinally. When one string runs out, the one with a run left is newer.
/// </summary>
internal static class RpmVersionSegments
{
    /// <summary>Returns -1, 0 or 1.</summary>
    public static int Compare(string a, string b)
    {
        if (string.Equals(a, b, StringComparison.Ordinal))
        {
            return 0;
        }
        var i = 0;
        var j = 0;
        while (i < a.Length || j < b.Length)
        {
            i = SkipSeparators(a, i);
            j = SkipSeparators(b, j);
            var endA = i == a.Length;
            var endB = j == b.Length;

            if ((!endA && a[i] == '~') || (!endB && b[j] == '~'))
            {
                if (endA || a[i] != '~')
                {
                    return 1;
                }
                if (endB || b[j] != '~')
                {
                    return -1;
                }
                i++;
                j++;
                continue;
            }

            if ((!endA && a[i] == '^') || (!endB && b[j] == '^'))
            {
                if (endA)
                {
                    return -1;
                }
                if (endB)
                {
                    return 1;
                }
                if (a[i] != '^')
                {
                    return 1;
                }
                if (b[j] != '^')
                {
                    return -1;
                }
                i++;
                j++;
                continue;
            }

            if (endA || endB)
            {
                break;
            }

            var numeric = char.IsAsciiDigit(a[i]);
            var segmentA = TakeSegment(a, ref i, numeric);
            var segmentB = TakeSegment(b, ref j, numeric);
            if (segmentB.IsEmpty)
            {
                // b holds a run of the other kind here, and digits are newer than letters.
                return numeric ? 1 : -1;
            }
            var order = numeric ? CompareDigits(segmentA, segmentB) : segmentA.SequenceCompareTo(segmentB);
            if (order != 0)
            {
                return order < 0 ? -1 : 1;
            }
        }
        var doneA = i == a.Length;
        var doneB = j == b.Length;
        return doneA == doneB ? 0 : doneA ? -1 : 1;
    }

    /// <summary>
    /// A form that two strings share exactly when <see cref="Compare"/> calls them equal: the runs and the
    /// <c>~</c> / <c>^</c> marks in order, digit runs without their leading zeros.
    /// </summary>
    public static string Canonical(string text)
    {
        var builder = new StringBuilder(text.Length);
        var i = SkipSeparators(text, 0);
        while (i < text.Length)
        {
            if (builder.Length > 0)
            {
                builder.Append('.');
            }
            if (text[i] is '~' or '^')
            {
                builder.Append(text[i]);
                i++;
            }
            else
            {
                var numeric = char.IsAsciiDigit(text[i]);
                var segment = TakeSegment(text, ref i, numeric);
                if (numeric)
                {
                    segment = segment.TrimStart('0');
                    builder.Append(segment.IsEmpty ? "0" : segment);
                }
                else
                {
                    builder.Append(segment);
                }
            }
            i = SkipSeparators(text, i);
        }
        return builder.ToString();
    }

    private static int SkipSeparators(string text, int index)
    {
        while (index < text.Length && !char.IsAsciiLetterOrDigit(text[index]) && text[index] is not ('~' or '^'))
        {
            index++;
        }
        return index;
    }

    private static ReadOnlySpan<char> TakeSegment(string text, ref int index, bool digits)
    {
        var start = index;
        while (index < text.Length && (digits ? char.IsAsciiDigit(text[index]) : char.IsAsciiLetter(text[index])))
        {
            index++;
        }
        return text.AsSpan(start, index - start);
    }

    // Without leading zeros, a longer run of digits is the larger number; equal lengths compare digit by digit.
    private static int CompareDigits(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        a = a.TrimStart('0');
        b = b.TrimStart('0');
        return a.Length != b.Length ? a.Length.CompareTo(b.Length) : a.SequenceCompareTo(b);
    }
}
