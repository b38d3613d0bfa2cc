namespace Vigie.Core.Vulnerabilities.Matching;

/// <summary>
/// How a CVE JSON 5 version entry holds a version: the comparator chosen by <c>versionType</c>, the conventions for
/// open bounds, and the constraint strings some CNAs put in <c>version</c> (<c>&gt;= 1.8.0, &lt;= 1.8.2</c>).
/// </summary>
internal static class Cve5VersionRules
{
    private static readonly string[] Operators = ["<=", ">=", "==", "<", ">", "="];

    private static readonly HashSet<string> EveryVersion = new(StringComparer.OrdinalIgnoreCase) { "*", "all", "all versions" };

    /// <summary>Commit identifiers, not release versions: such entries say nothing about an installed version.</summary>
    public static bool IsSourceControl(string? versionType) =>
        versionType?.Trim().ToLowerInvariant() is "git" or "hg" or "mercurial" or "svn";

    public static bool IsRangeLike(Cve5AffectedVersion entry) => entry.IsRange || TryParseConstraints(entry.Version, out _);

    public static MatchOutcome Contains(Cve5AffectedVersion entry, string version)
    {
        if (!entry.IsRange)
        {
            if (TryParseConstraints(entry.Version, out var constraints))
            {
                return constraints.Aggregate(MatchOutcome.Matched, (outcome, constraint) =>
                    MatchLogic.And(outcome, Holds(version, constraint.Operator, constraint.Bound, entry.VersionType)));
            }
            return EveryVersion.Contains(entry.Version.Trim()) || AreEqual(entry.Version, version, entry.VersionType)
                ? MatchOutcome.Matched
                : MatchOutcome.NotMatched;
        }
        // Some CNAs (Chrome's) write the fixed version in both fields: an empty range by the letter, "every version below" by intent.
        var lower = IsOpenLowerBound(entry.Version) || string.Equals(entry.Version.Trim(), entry.LessThan?.Trim(), StringComparison.OrdinalIgnoreCase)
            ? MatchOutcome.Matched
            : Holds(version, ">=", entry.Version, entry.VersionType);
        var upper = entry.LessThan is not null
            ? Holds(version, "<", entry.LessThan, entry.VersionType)
            : Holds(version, "<=", entry.LessThanOrEqual!, entry.VersionType);
        return MatchLogic.And(lower, upper);
    }

    /// <summary>The sign of <paramref name="a"/> against <paramref name="b"/>; null when they cannot be ordered.</summary>
    public static int? Compare(string a, string b, string? versionType)
    {
        switch (versionType?.Trim().ToLowerInvariant())
        {
            case "deb" or "dpkg" or "debian":
                return DpkgVersion.TryParse(a, out var left) && DpkgVersion.TryParse(b, out var right) ? DpkgVersion.Compare(left, right) : null;
            case "rpm":
                return RpmVersion.TryParse(a, out var rpmLeft) && RpmVersion.TryParse(b, out var rpmRight) ? RpmVersion.Compare(rpmLeft, rpmRight) : null;
            default:
                return DottedVersion.Compare(a, b);
        }
    }

    // Equality needs no ordering: where two versions cannot be ordered they differ.
    private static bool AreEqual(string listed, string version, string? versionType) =>
        string.Equals(listed.Trim(), version.Trim(), StringComparison.OrdinalIgnoreCase) || Compare(listed, version, versionType) == 0;

    private static MatchOutcome Holds(string version, string op, string bound, string? versionType)
    {
        bound = bound.Trim();
        if (bound == "*")
        {
            return op is "<" or "<=" ? MatchOutcome.Matched : MatchOutcome.Undetermined;
        }
        int? comparison;
        if (DottedVersion.TryParseSeries(bound, out var series))
        {
            // "2.*" is the end of the 2.x series, for lessThan as for lessThanOrEqual: every 2.x is below it.
            comparison = DottedVersion.TryParse(version, out var parsed) ? DottedVersion.ComparePrefix(parsed, series) : null;
            op = op == "<" ? "<=" : op;
        }
        else
        {
            comparison = Compare(version, bound, versionType);
        }
        if (comparison is not int c)
        {
            return MatchOutcome.Undetermined;
        }
        var holds = op switch
        {
            "<" => c < 0,
            "<=" => c <= 0,
            ">" => c > 0,
            ">=" => c >= 0,
            _ => c == 0,
        };
        return holds ? MatchOutcome.Matched : MatchOutcome.NotMatched;
    }

    // By convention "0" opens a range; CNAs also write "n/a", "unspecified", "*" or "All versions" there.
    private static bool IsOpenLowerBound(string version) =>
        version.Trim() == "0" || !version.Any(char.IsAsciiDigit);

    private static bool TryParseConstraints(string text, out List<(string Operator, string Bound)> constraints)
    {
        constraints = [];
        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var op = Operators.FirstOrDefault(o => raw.StartsWith(o, StringComparison.Ordinal));
            var bound = op is null ? "" : raw[op.Length..].Trim();
            if (op is null || bound.Length == 0 || bound.Contains(' ', StringComparison.Ordinal))
            {
                constraints = [];
                return false;
            }
            constraints.Add((op, bound));
        }
        return constraints.Count > 0;
    }
}
