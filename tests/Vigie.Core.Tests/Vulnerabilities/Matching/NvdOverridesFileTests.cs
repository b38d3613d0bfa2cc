using Vigie.Core.Vulnerabilities.Matching;
using Xunit.Abstractions;

namespace Vigie.Core.Tests.Vulnerabilities.Matching;

/// <summary>Properties checked over every record of Anchore's NVD overrides (32,184 records, 97,775 cpeMatch).</summary>
public sealed class NvdOverridesFileTests(ITestOutputHelper output)
{
    private readonly ITestOutputHelper _output = output;

    [SkippableFact]
    public void EveryRecord_ParsesWithItsCounts()
    {
        var overrides = CveTestData.Overrides;

        Assert.Empty(overrides.Failures);
        Assert.Equal(32_184, overrides.RecordCount);
        Assert.Equal(37_568, overrides.ConfigurationCount);
        Assert.Equal(97_775, overrides.CpeMatchCount);
        Assert.Equal(9_912, overrides.Criteria.Count);
    }

    [SkippableFact]
    public void EveryCriteria_UnescapesToValuesThatBindBackToEqualValues()
    {
        var failures = new List<string>();
        foreach (var criteria in CveTestData.Overrides.Criteria)
        {
            var cpe = Cpe23.Parse(criteria);
            foreach (var attribute in Enum.GetValues<CpeAttribute>())
            {
                var value = cpe[attribute];
                if (value.Kind != CpeValueKind.Value || value.HasWildcards)
                {
                    continue;
                }
                var rebound = CpeValue.Literal(value.Value);
                if (!rebound.Equals(value) || !CpeValue.ParseFormatted(rebound.Formatted).Equals(value))
                {
                    failures.Add($"{criteria} {attribute}: '{value.Value}' binds as '{rebound.Formatted}'");
                }
            }
        }
        Assert.Empty(failures);
    }

    [SkippableFact]
    public void EveryCriteria_MatchesTheInstalledProductItNames()
    {
        var failures = new List<string>();
        foreach (var criteria in CveTestData.Overrides.Criteria)
        {
            var cpe = Cpe23.Parse(criteria);
            if (Enum.GetValues<CpeAttribute>().Any(a => cpe[a].HasWildcards))
            {
                continue;
            }
            var entry = new NvdCpeMatch(true, cpe);
            if (NvdConfigurationEvaluator.Match(entry, new InstalledProduct(cpe)) != MatchOutcome.Matched)
            {
                failures.Add(criteria);
            }
        }
        Assert.Empty(failures);
    }

    // Every bound of every well-formed range, installed exactly at the bound: an included bound matches, an excluded
    // one does not. Ranges the data gets wrong (start above end, commit hashes, "o" for 0) are counted, not checked.
    [SkippableFact]
    public void EveryRangeBound_IsHonouredAtTheBound()
    {
        var failures = new List<string>();
        var checkedBounds = 0;
        var malformedRanges = 0;
        foreach (var entry in CveTestData.Overrides.RangeEntries)
        {
            (string? Bound, bool Included)[] bounds =
            [
                (entry.VersionStartIncluding, true), (entry.VersionStartExcluding, false),
                (entry.VersionEndIncluding, true), (entry.VersionEndExcluding, false),
            ];
            if (bounds.Any(b => b.Bound is not null && DottedVersion.TryParseSeries(b.Bound, out _))
                || Enum.GetValues<CpeAttribute>().Any(a => entry.Criteria[a].HasWildcards))
            {
                continue;
            }
            if (!IsWellFormed(entry))
            {
                malformedRanges++;
                continue;
            }
            foreach (var (bound, included) in bounds.Where(b => b.Bound is not null))
            {
                checkedBounds++;
                var installed = new InstalledProduct(entry.Criteria.With(CpeAttribute.Version, CpeValue.Literal(bound!)));
                var outcome = NvdConfigurationEvaluator.Match(entry, installed);
                if (outcome != (included ? MatchOutcome.Matched : MatchOutcome.NotMatched))
                {
                    failures.Add($"{entry.Criteria} at {bound}: {outcome}");
                }
            }
        }
        _output.WriteLine($"{checkedBounds} bounds checked; {malformedRanges} malformed ranges of {CveTestData.Overrides.RangeEntries.Count} left out.");
        Assert.True(checkedBounds > 10_000, $"only {checkedBounds} bounds checked");
        Assert.True(malformedRanges < 200, $"{malformedRanges} malformed ranges");
        Assert.Empty(failures);
    }

    private static bool IsWellFormed(NvdCpeMatch entry)
    {
        string?[] all = [entry.VersionStartIncluding, entry.VersionStartExcluding, entry.VersionEndIncluding, entry.VersionEndExcluding];
        if (all.Any(b => b is not null && !DottedVersion.TryParse(b, out _)))
        {
            return false;
        }
        var start = entry.VersionStartIncluding ?? entry.VersionStartExcluding;
        var end = entry.VersionEndIncluding ?? entry.VersionEndExcluding;
        if (start is null || end is null)
        {
            return true;
        }
        var order = DottedVersion.Compare(start, end);
        return order < 0 || (order == 0 && entry.VersionStartIncluding is not null && entry.VersionEndIncluding is not null);
    }
}
