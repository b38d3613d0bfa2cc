namespace Vigie.Core.Vulnerabilities.Matching;

/// <summary>
/// Evaluates NVD configurations against what an asset has installed. A <c>cpeMatch</c> entry holds when some
/// installed product matches its criteria: every attribute but the version by CPE name matching (attributes the
/// inventory does not know are not held against it), the version as an exact version (compared with
/// <see cref="DottedVersion"/>, so <c>1.2</c> = <c>1.2.0</c>), a range (its bounds, with <see cref="DottedVersion"/>;
/// <c>4.*</c> stands for the whole 4.x series) or NA (an unversioned product; a <c>vulnerable: false</c> platform
/// such as <c>cpe:2.3:o:microsoft:windows:-</c> holds whatever the platform's version). An unknown installed version
/// leaves versioned criteria undetermined. Nodes and configurations combine their parts with AND/OR and apply <c>negate</c>, in three-valued logic.
/// Only <c>vulnerable: true</c> entries of configurations that match become matches; entries of negated nodes never
/// do.
/// </summary>
public static class NvdConfigurationEvaluator
{
    /// <summary>A CVE's configurations: it applies when any configuration matches.</summary>
    public static NvdEvaluation Evaluate(IEnumerable<NvdConfiguration> configurations, IReadOnlyCollection<InstalledProduct> installed)
    {
        ArgumentNullException.ThrowIfNull(configurations);
        var outcome = MatchOutcome.NotMatched;
        var matches = new List<NvdVulnerableMatch>();
        var undetermined = new List<NvdVulnerableMatch>();
        foreach (var configuration in configurations)
        {
            var result = Evaluate(configuration, installed);
            outcome = MatchLogic.Or(outcome, result.Outcome);
            matches.AddRange(result.Matches);
            undetermined.AddRange(result.Undetermined);
        }
        return new NvdEvaluation(outcome, [.. matches.Distinct()], [.. undetermined.Distinct()]);
    }

    public static NvdEvaluation Evaluate(NvdConfiguration configuration, IReadOnlyCollection<InstalledProduct> installed)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(installed);
        var hits = new List<(NvdVulnerableMatch Match, MatchOutcome Outcome)>();
        MatchOutcome? combined = null;
        foreach (var node in configuration.Nodes)
        {
            var nodeOutcome = EvaluateNode(node, installed, node.Negate ? null : hits);
            combined = combined is { } sofar ? MatchLogic.Combine(configuration.Operator, sofar, nodeOutcome) : nodeOutcome;
        }
        var outcome = combined ?? MatchOutcome.NotMatched;
        if (configuration.Negate)
        {
            return new NvdEvaluation(MatchLogic.Not(outcome), [], []);
        }
        return new NvdEvaluation(
            outcome,
            outcome == MatchOutcome.Matched ? [.. hits.Where(h => h.Outcome == MatchOutcome.Matched).Select(h => h.Match).Distinct()] : [],
            outcome == MatchOutcome.Undetermined ? [.. hits.Select(h => h.Match).Distinct()] : []);
    }

    /// <summary>One criterion against one installed product.</summary>
    public static MatchOutcome Match(NvdCpeMatch entry, InstalledProduct product)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(product);
        if (!entry.Criteria.Matches(product.Cpe, CpeMatchMode.UnknownTargetMatches, CpeAttribute.Version))
        {
            return MatchOutcome.NotMatched;
        }
        return NvdVersionCheck.Evaluate(entry, product.Cpe.Version);
    }

    private static MatchOutcome EvaluateNode(
        NvdNode node,
        IReadOnlyCollection<InstalledProduct> installed,
        List<(NvdVulnerableMatch Match, MatchOutcome Outcome)>? hits)
    {
        MatchOutcome? combined = null;
        foreach (var entry in node.CpeMatches)
        {
            var entryOutcome = MatchOutcome.NotMatched;
            foreach (var product in installed)
            {
                var outcome = Match(entry, product);
                if (outcome != MatchOutcome.NotMatched && entry.Vulnerable)
                {
                    hits?.Add((new NvdVulnerableMatch(entry, product), outcome));
                }
                entryOutcome = MatchLogic.Or(entryOutcome, outcome);
            }
            combined = combined is { } sofar ? MatchLogic.Combine(node.Operator, sofar, entryOutcome) : entryOutcome;
        }
        var result = combined ?? MatchOutcome.NotMatched;
        return node.Negate ? MatchLogic.Not(result) : result;
    }
}
