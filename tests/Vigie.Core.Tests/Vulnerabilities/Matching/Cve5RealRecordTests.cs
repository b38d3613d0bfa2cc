using Vigie.Core.Vulnerabilities.Matching;

namespace Vigie.Core.Tests.Vulnerabilities.Matching;

/// <summary>Real CVE JSON 5 records from CISA vulnrichment, each shape a CNA actually uses.</summary>
public sealed class Cve5RealRecordTests
{
    // Linux CNA: commit ranges in one entry, release ranges with series bounds and defaultStatus affected in another.
    [SkippableTheory]
    [InlineData("5.18", Cve5Status.Unaffected, Cve5Basis.VersionRange)]
    [InlineData("5.19", Cve5Status.Affected, Cve5Basis.ExactVersion)]
    [InlineData("5.19.17", Cve5Status.Affected, Cve5Basis.DefaultStatus)]
    [InlineData("6.1.90", Cve5Status.Affected, Cve5Basis.DefaultStatus)]
    [InlineData("6.1.95", Cve5Status.Unaffected, Cve5Basis.VersionRange)]
    [InlineData("6.1.120", Cve5Status.Unaffected, Cve5Basis.VersionRange)]
    [InlineData("6.6.30", Cve5Status.Affected, Cve5Basis.DefaultStatus)]
    [InlineData("6.6.35", Cve5Status.Unaffected, Cve5Basis.VersionRange)]
    [InlineData("6.9.5", Cve5Status.Affected, Cve5Basis.DefaultStatus)]
    [InlineData("6.10", Cve5Status.Unaffected, Cve5Basis.VersionRange)]
    [InlineData("6.11.2", Cve5Status.Unaffected, Cve5Basis.VersionRange)]
    public void LinuxCve202440900_SeriesBoundsOverDefaultAffected(string version, Cve5Status status, Cve5Basis basis)
    {
        var result = Cve5AffectedEvaluator.Evaluate(CveTestData.VulnrichmentAffected("CVE-2024-40900"), "Linux", "Linux", version);

        Assert.Equal((status, basis), (result.Status, result.Basis));
    }

    // GitHub CNA: constraint strings in "version", no defaultStatus.
    [SkippableTheory]
    [InlineData("1.8.0", Cve5Status.Affected)]
    [InlineData("1.8.2", Cve5Status.Affected)]
    [InlineData("1.8.3", Cve5Status.Unknown)]
    [InlineData("1.10.3", Cve5Status.Affected)]
    [InlineData("1.10.4", Cve5Status.Unknown)]
    [InlineData("1.11.9", Cve5Status.Affected)]
    [InlineData("1.12.0", Cve5Status.Unknown)]
    public void FlatpakCve202141133_ConstraintStrings(string version, Cve5Status status)
    {
        var result = Cve5AffectedEvaluator.Evaluate(CveTestData.VulnrichmentAffected("CVE-2021-41133"), "flatpak", "flatpak", version);

        Assert.Equal(status, result.Status);
    }

    // Hitachi: ranges with a status change at the bound, restricted to Linux.
    [SkippableFact]
    public void HitachiCve202036695_ChangesAndPlatforms()
    {
        var affected = CveTestData.VulnrichmentAffected("CVE-2020-36695");

        Assert.Equal(5, affected.Count);
        Assert.Equal(Cve5Status.Affected, Cve5AffectedEvaluator.Evaluate(affected, "Hitachi", "Hitachi Device Manager", "8.8.5-01").Status);
        Assert.Equal(Cve5Status.Affected, Cve5AffectedEvaluator.Evaluate(affected, "Hitachi", "Hitachi Device Manager", "8.8.5-01", "linux").Status);
        Assert.Equal(Cve5Status.Unaffected, Cve5AffectedEvaluator.Evaluate(affected, "Hitachi", "Hitachi Device Manager", "8.8.5-02").Status);
        Assert.Equal(Cve5Basis.ProductNotListed, Cve5AffectedEvaluator.Evaluate(affected, "Hitachi", "Hitachi Device Manager", "8.8.5-01", "Windows").Basis);
        Assert.Equal(Cve5Status.Affected, Cve5AffectedEvaluator.Evaluate(affected, "Hitachi", "Hitachi Compute Systems Manager", "8.8.3-07").Status);
        Assert.Equal(Cve5Status.Unaffected, Cve5AffectedEvaluator.Evaluate(affected, "Hitachi", "Hitachi Compute Systems Manager", "8.8.5-01").Status);
    }

    // Wordfence: "*" as lower bound of a semver range, defaultStatus unaffected.
    [SkippableTheory]
    [InlineData("3.1.2", Cve5Status.Affected)]
    [InlineData("1.0", Cve5Status.Affected)]
    [InlineData("3.1.3", Cve5Status.Unaffected)]
    public void MainwpCve201615041_StarLowerBound(string version, Cve5Status status)
    {
        var affected = CveTestData.VulnrichmentAffected("CVE-2016-15041");

        Assert.Equal(status, Cve5AffectedEvaluator.Evaluate(affected, "mainwp", "MainWP Dashboard: WordPress Management without the SaaS", version).Status);
    }

    // Philips: product name with a trailing blank, lessThanOrEqual over four components.
    [SkippableTheory]
    [InlineData("2.36.3.3", Cve5Status.Affected)]
    [InlineData("1.0", Cve5Status.Affected)]
    [InlineData("2.36.3.4", Cve5Status.Unaffected)]
    public void PhilipsCve20188863_LessThanOrEqual(string version, Cve5Status status)
    {
        Assert.Equal(status, Cve5AffectedEvaluator.Evaluate(CveTestData.VulnrichmentAffected("CVE-2018-8863"), "Philips", "EncoreAnywhere", version).Status);
    }

    // Jenkins: "unspecified" lower bound, then an entry whose upper bound is "unspecified".
    [SkippableFact]
    public void JenkinsCve201916572_UnspecifiedBounds()
    {
        var affected = CveTestData.VulnrichmentAffected("CVE-2019-16572");

        var fixedOrNot = Cve5AffectedEvaluator.Evaluate(affected, "Jenkins project", "Jenkins Weibo Plugin", "1.0.2");

        Assert.Equal(Cve5Status.Affected, Cve5AffectedEvaluator.Evaluate(affected, "Jenkins project", "Jenkins Weibo Plugin", "1.0.1").Status);
        Assert.Equal((Cve5Status.Unknown, Cve5Basis.NotComparable), (fixedOrNot.Status, fixedOrNot.Basis));
    }

    // Qualcomm: chip names listed as versions, defaultStatus unaffected.
    [SkippableFact]
    public void QualcommCve202233240_NamesAsVersions()
    {
        var affected = CveTestData.VulnrichmentAffected("CVE-2022-33240");

        Assert.Equal(Cve5Basis.ExactVersion, Cve5AffectedEvaluator.Evaluate(affected, "Qualcomm, Inc.", "Snapdragon", "qca6595").Basis);
        Assert.Equal(Cve5Status.Unaffected, Cve5AffectedEvaluator.Evaluate(affected, "Qualcomm, Inc.", "Snapdragon", "QCA6595AU2").Status);
        Assert.Equal(Cve5Status.Unaffected, Cve5AffectedEvaluator.Evaluate(affected, "Qualcomm, Inc.", "Snapdragon", "1.0").Status);
    }

    // Chrome's CNA ("version" = "lessThan" = the fix) with CISA-ADP entries added: a wildcard (CVE-2023-4762) and a
    // range with defaultStatus affected (CVE-2024-5160). The CNA decides; versions after the fix are not affected.
    [SkippableTheory]
    [InlineData("CVE-2023-4762", "116.0.5845.96", Cve5Status.Affected)]
    [InlineData("CVE-2023-4762", "130.0.6723.70", Cve5Status.Unknown)]
    [InlineData("CVE-2024-5160", "125.0.6422.60", Cve5Status.Affected)]
    [InlineData("CVE-2024-5160", "130.0.6723.70", Cve5Status.Unknown)]
    public void ChromeCnaWithAdpEntries_CnaDecides(string id, string version, Cve5Status status)
    {
        var stored = CveTestData.VulnrichmentStoredAffected(id);
        Assert.Contains(stored, e => e.FromAdp);
        Assert.Contains(stored, e => !e.FromAdp);

        var result = Cve5AffectedEvaluator.Evaluate(stored, "google", "chrome", version);

        Assert.Equal(status, result.Status);
        Assert.False(result.Product!.FromAdp);
    }
}
