namespace Vigie.Core.Vulnerabilities.Matching;

/// <summary>The version side of an NVD <c>cpeMatch</c>: exact version, range bounds, or NA.</summary>
internal static class NvdVersionCheck
{
    public static MatchOutcome Evaluate(NvdCpeMatch entry, CpeValue installed)
    {
        var criterion = entry.Criteria.Version;
        if (criterion.IsNotApplicable)
        {
            // NVD writes "running on" platforms unversioned (cpe:2.3:o:microsoft:windows:-); every NA criterion in
            // the overrides sample is such a vulnerable=false platform, meant to hold whatever the platform's version.
            return installed.Kind != CpeValueKind.Value || !entry.Vulnerable ? MatchOutcome.Matched : MatchOutcome.NotMatched;
        }
        if (criterion.IsAny && !entry.HasVersionRange)
        {
            return MatchOutcome.Matched;
        }
        if (installed.IsNotApplicable)
        {
            return MatchOutcome.NotMatched;
        }
        if (installed.IsAny || installed.HasWildcards)
        {
            return MatchOutcome.Undetermined;
        }
        var exact = criterion.IsAny ? MatchOutcome.Matched : Exact(criterion, installed.Value);
        return entry.HasVersionRange ? MatchLogic.And(exact, InRange(entry, installed.Value)) : exact;
    }

    // Equality needs no ordering: where two versions cannot be ordered (a word against a number) they differ.
    private static MatchOutcome Exact(CpeValue criterion, string installed)
    {
        if (criterion.HasWildcards)
        {
            return criterion.MatchesText(installed) ? MatchOutcome.Matched : MatchOutcome.NotMatched;
        }
        var same = string.Equals(criterion.Value, installed, StringComparison.OrdinalIgnoreCase)
            || DottedVersion.Compare(criterion.Value, installed) == 0;
        return same ? MatchOutcome.Matched : MatchOutcome.NotMatched;
    }

    private static MatchOutcome InRange(NvdCpeMatch entry, string installed)
    {
        if (!DottedVersion.TryParse(installed, out var version))
        {
            return MatchOutcome.Undetermined;
        }
        var outcome = Bound(version, entry.VersionStartIncluding, c => c >= 0, c => c >= 0);
        outcome = MatchLogic.And(outcome, Bound(version, entry.VersionStartExcluding, c => c > 0, c => c > 0));
        outcome = MatchLogic.And(outcome, Bound(version, entry.VersionEndIncluding, c => c <= 0, c => c <= 0));
        return MatchLogic.And(outcome, Bound(version, entry.VersionEndExcluding, c => c < 0, c => c <= 0));
    }

    // A series bound (4.*, 8.0.x) stands for the whole series: "excluding 4.*" still holds every 4.x, as in the
    // overrides data ([4.0, 4.*) for Node.js 4).
    private static MatchOutcome Bound(DottedVersion version, string? bound, Func<int, bool> holds, Func<int, bool> holdsForSeries)
    {
        if (bound is null)
        {
            return MatchOutcome.Matched;
        }
        int? comparison;
        Func<int, bool> test;
        if (DottedVersion.TryParseSeries(bound, out var series))
        {
            comparison = DottedVersion.ComparePrefix(version, series);
            test = holdsForSeries;
        }
        else
        {
            comparison = DottedVersion.TryParse(bound, out var limit) ? DottedVersion.Compare(version, limit) : null;
            test = holds;
        }
        if (comparison is not int c)
        {
            return MatchOutcome.Undetermined;
        }
        return test(c) ? MatchOutcome.Matched : MatchOutcome.NotMatched;
    }
}
