using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Vigie.Core.Vulnerabilities.Matching;

/// <summary>
/// A Debian package version <c>[epoch:]upstream[-revision]</c>, validated and ordered exactly as dpkg does
/// (deb-version(7)). The epoch is compared numerically first; then the upstream version and the revision are each
/// compared as alternating runs: a run of non-digits character by character, where <c>~</c> sorts before
/// everything (even the end of the string), the end of the string and digits come next, then letters, then any
/// other character; and a run of digits numerically. A missing revision equals <c>0</c>, a missing epoch equals
/// <c>0</c>. Equality is dpkg's (<c>1.0</c> = <c>1.00</c> = <c>0:1.0-0</c>), so two equal versions may print
/// differently.
/// </summary>
public sealed class DpkgVersion : IComparable<DpkgVersion>, IEquatable<DpkgVersion>
{
    private readonly string _text;
    private readonly string _canonical;

    private DpkgVersion(string text, int epoch, string upstream, string revision)
    {
        _text = text;
        Epoch = epoch;
        Upstream = upstream;
        Revision = revision;
        _canonical = FormattableString.Invariant($"{epoch}:{Canonical(upstream)}-{Canonical(revision)}");
    }

    public int Epoch { get; }

    public string Upstream { get; }

    /// <summary>The Debian revision, empty when the version has none.</summary>
    public string Revision { get; }

    public static DpkgVersion Parse(string text)
    {
        if (!TryParse(text, out var version, out var error))
        {
            throw new FormatException($"'{text}' is not a valid dpkg version: {error}.");
        }
        return version;
    }

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out DpkgVersion? version) =>
        TryParse(text, out version, out _);

    /// <summary>
    /// Parses with dpkg's rules; <paramref name="error"/> carries dpkg's own wording. <c>dpkg --compare-versions</c>
    /// only warns about an upstream version not starting with a digit or holding an invalid character, but dpkg's
    /// package parser rejects such versions, and so does this.
    /// </summary>
    public static bool TryParse(
        [NotNullWhen(true)] string? text,
        [NotNullWhen(true)] out DpkgVersion? version,
        [NotNullWhen(false)] out string? error)
    {
        version = null;
        error = DpkgVersionSyntax.Validate(text, out var parts);
        if (error is not null)
        {
            return false;
        }
        version = new DpkgVersion(parts.Text, parts.Epoch, parts.Upstream, parts.Revision);
        return true;
    }

    /// <summary>Compares two version strings; throws <see cref="FormatException"/> when either is invalid.</summary>
    public static int Compare(string a, string b) => Compare(Parse(a), Parse(b));

    /// <summary>Returns -1, 0 or 1; null sorts first.</summary>
    public static int Compare(DpkgVersion? a, DpkgVersion? b)
    {
        if (ReferenceEquals(a, b))
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
        if (a.Epoch != b.Epoch)
        {
            return a.Epoch < b.Epoch ? -1 : 1;
        }
        var upstream = ComparePart(a.Upstream, b.Upstream);
        return upstream != 0 ? upstream : ComparePart(a.Revision, b.Revision);
    }

    public int CompareTo(DpkgVersion? other) => Compare(this, other);

    public bool Equals(DpkgVersion? other) => other is not null && _canonical == other._canonical;

    public override bool Equals(object? obj) => obj is DpkgVersion other && Equals(other);

    public override int GetHashCode() => _canonical.GetHashCode(StringComparison.Ordinal);

    /// <summary>The version as given, without surrounding blanks.</summary>
    public override string ToString() => _text;

    public static bool operator ==(DpkgVersion? left, DpkgVersion? right) => Compare(left, right) == 0;

    public static bool operator !=(DpkgVersion? left, DpkgVersion? right) => Compare(left, right) != 0;

    public static bool operator <(DpkgVersion? left, DpkgVersion? right) => Compare(left, right) < 0;

    public static bool operator <=(DpkgVersion? left, DpkgVersion? right) => Compare(left, right) <= 0;

    public static bool operator >(DpkgVersion? left, DpkgVersion? right) => Compare(left, right) > 0;

    public static bool operator >=(DpkgVersion? left, DpkgVersion? right) => Compare(left, right) >= 0;

    private static int ComparePart(string a, string b)
    {
        var i = 0;
        var j = 0;
        while (i < a.Length || j < b.Length)
        {
            while ((i < a.Length && !char.IsAsciiDigit(a[i])) || (j < b.Length && !char.IsAsciiDigit(b[j])))
            {
                var wa = Weight(a, i);
                var wb = Weight(b, j);
                if (wa != wb)
                {
                    return wa < wb ? -1 : 1;
                }
                i++;
                j++;
            }

            while (i < a.Length && a[i] == '0')
            {
                i++;
            }
            while (j < b.Length && b[j] == '0')
            {
                j++;
            }
            var startA = i;
            var startB = j;
            while (i < a.Length && char.IsAsciiDigit(a[i]))
            {
                i++;
            }
            while (j < b.Length && char.IsAsciiDigit(b[j]))
            {
                j++;
            }
            var lengthA = i - startA;
            var lengthB = j - startB;
            if (lengthA != lengthB)
            {
                return lengthA < lengthB ? -1 : 1;
            }
            var digits = string.CompareOrdinal(a, startA, b, startB, lengthA);
            if (digits != 0)
            {
                return digits < 0 ? -1 : 1;
            }
        }
        return 0;
    }

    private static int Weight(string s, int index)
    {
        if (index >= s.Length || char.IsAsciiDigit(s[index]))
        {
            return 0;
        }
        var c = s[index];
        if (char.IsAsciiLetter(c))
        {
            return c;
        }
        return c == '~' ? -1 : c + 256;
    }

    // Two parts compare equal exactly when their canonical forms are equal: leading zeros of each digit run do not
    // count, and a final run of zeros equals no run at all.
    private static string Canonical(string part)
    {
        var builder = new StringBuilder(part.Length);
        var i = 0;
        while (i < part.Length)
        {
            if (!char.IsAsciiDigit(part[i]))
            {
                builder.Append(part[i]);
                i++;
                continue;
            }
            var start = i;
            while (i < part.Length && char.IsAsciiDigit(part[i]))
            {
                i++;
            }
            var digits = part.AsSpan(start, i - start).TrimStart('0');
            if (digits.IsEmpty && i < part.Length)
            {
                builder.Append('0');
            }
            else
            {
                builder.Append(digits);
            }
        }
        return builder.ToString();
    }
}
