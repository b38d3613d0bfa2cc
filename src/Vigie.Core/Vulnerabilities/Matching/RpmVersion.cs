using System.Diagnostics.CodeAnalysis;

namespace Vigie.Core.Vulnerabilities.Matching;

/// <summary>
/// An rpm package version <c>[epoch:]version[-release]</c> (EVR), ordered as rpm orders them: the epoch numerically
/// (missing = 0), then the version, then the release, each with rpm's <c>rpmvercmp</c> (see
/// <see cref="RpmVersionSegments"/>). The release splits at the last hyphen. When either side has no release, rpm
/// does not compare releases, so <c>1.0</c> compares equal to <c>1.0-5</c>; for that reason <see cref="Compare(RpmVersion?, RpmVersion?)"/>
/// is not an equivalence, and <see cref="Equals(RpmVersion?)"/> (with <c>==</c>) is the stricter one that hashing
/// needs: same epoch, version and release under rpm's order, a missing release equal only to a missing release.
/// </summary>
public sealed class RpmVersion : IComparable<RpmVersion>, IEquatable<RpmVersion>
{
    private readonly string _text;
    private readonly string _canonical;

    private RpmVersion(string text, string epoch, string version, string? release)
    {
        _text = text;
        Epoch = epoch;
        Version = version;
        Release = release;
        var epochDigits = epoch.TrimStart('0');
        var canonicalRelease = release is null ? "" : "-" + RpmVersionSegments.Canonical(release);
        _canonical = $"{(epochDigits.Length == 0 ? "0" : epochDigits)}:{RpmVersionSegments.Canonical(version)}{canonicalRelease}";
    }

    /// <summary>The epoch's digits as written, <c>0</c> when the version has none; any length.</summary>
    public string Epoch { get; }

    public string Version { get; }

    /// <summary>The release, null when the version has none.</summary>
    public string? Release { get; }

    public static RpmVersion Parse(string text)
    {
        if (!TryParse(text, out var version, out var error))
        {
            throw new FormatException($"'{text}' is not a valid rpm version: {error}.");
        }
        return version;
    }

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out RpmVersion? version) =>
        TryParse(text, out version, out _);

    /// <summary>
    /// Refuses what cannot be an EVR: empty text or parts, blanks inside, an epoch that is not all digits. rpm itself
    /// would read <c>a:1.0</c> as a version without epoch; such text in a vulnerability record is more likely a
    /// mistake than a version, so it stays unordered.
    /// </summary>
    public static bool TryParse(
        [NotNullWhen(true)] string? text,
        [NotNullWhen(true)] out RpmVersion? version,
        [NotNullWhen(false)] out string? error)
    {
        version = null;
        var trimmed = (text ?? "").Trim();
        error = Validate(trimmed, out var epoch, out var rest, out var release);
        if (error is not null)
        {
            return false;
        }
        version = new RpmVersion(trimmed, epoch, rest, release);
        return true;
    }

    /// <summary>Compares two version strings; throws <see cref="FormatException"/> when either is invalid.</summary>
    public static int Compare(string a, string b) => Compare(Parse(a), Parse(b));

    /// <summary>Returns -1, 0 or 1; null sorts first.</summary>
    public static int Compare(RpmVersion? a, RpmVersion? b)
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
        var order = RpmVersionSegments.Compare(a.Epoch, b.Epoch);
        if (order == 0)
        {
            order = RpmVersionSegments.Compare(a.Version, b.Version);
        }
        if (order == 0 && a.Release is not null && b.Release is not null)
        {
            order = RpmVersionSegments.Compare(a.Release, b.Release);
        }
        return order;
    }

    public int CompareTo(RpmVersion? other) => Compare(this, other);

    public bool Equals(RpmVersion? other) => other is not null && _canonical == other._canonical;

    public override bool Equals(object? obj) => obj is RpmVersion other && Equals(other);

    public override int GetHashCode() => _canonical.GetHashCode(StringComparison.Ordinal);

    /// <summary>The version as given, without surrounding blanks.</summary>
    public override string ToString() => _text;

    public static bool operator ==(RpmVersion? left, RpmVersion? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(RpmVersion? left, RpmVersion? right) => !(left == right);

    public static bool operator <(RpmVersion? left, RpmVersion? right) => Compare(left, right) < 0;

    public static bool operator <=(RpmVersion? left, RpmVersion? right) => Compare(left, right) <= 0;

    public static bool operator >(RpmVersion? left, RpmVersion? right) => Compare(left, right) > 0;

    public static bool operator >=(RpmVersion? left, RpmVersion? right) => Compare(left, right) >= 0;

    private static string? Validate(string text, out string epoch, out string version, out string? release)
    {
        epoch = "0";
        version = text;
        release = null;
        if (text.Length == 0)
        {
            return "version string is empty";
        }
        if (text.Any(char.IsWhiteSpace))
        {
            return "version string has embedded blanks";
        }
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            epoch = text[..colon];
            if (epoch.Length == 0)
            {
                return "epoch is empty";
            }
            if (!epoch.All(char.IsAsciiDigit))
            {
                return "epoch is not a number";
            }
            version = text[(colon + 1)..];
        }
        var hyphen = version.LastIndexOf('-');
        if (hyphen >= 0)
        {
            release = version[(hyphen + 1)..];
            version = version[..hyphen];
            if (release.Length == 0)
            {
                return "release is empty";
            }
        }
        return version.Length == 0 ? "version is empty" : null;
    }
}
