using Vigie.Core.Vulnerabilities.Matching;

namespace Vigie.Core.Tests.Vulnerabilities.Matching;

/// <summary>
/// Real NVD records: the vunnel API page (NVD's own analysis) and Anchore's overrides (same format). Each case puts
/// an installed version inside, on and just outside the ranges the record gives.
/// </summary>
public sealed class NvdRealRecordTests
{
    [SkippableFact]
    public void NvdPage_EveryRecord_Parses()
    {
        string[] awaitingAnalysis = ["CVE-2023-30781", "CVE-2023-45602", "CVE-2023-5631", "CVE-2023-20261"];

        Assert.Equal(9, CveTestData.NvdPageConfigurations("CVE-2023-27314").Single().Nodes.Single().CpeMatches.Count);
        Assert.All(awaitingAnalysis, id => Assert.Empty(CveTestData.NvdPageConfigurations(id)));
        Assert.Equal(MatchOutcome.NotMatched,
            NvdConfigurationEvaluator.Evaluate(CveTestData.NvdPageConfigurations("CVE-2023-30781"), [InstalledProduct.Application("a", "b", "1")]).Outcome);
    }

    [SkippableTheory]
    [InlineData("9.7", "*", "D9342DC4-2928-49B6-AACA-95B3DE9C994A")]
    [InlineData("9.0", "*", "D9342DC4-2928-49B6-AACA-95B3DE9C994A")]
    [InlineData("9.8", "p7", "B353C687-391F-476E-9199-2D769842E019")]
    [InlineData("9.8", "-", "BE523D87-B51F-41F2-9B6F-A85AB28FF3DC")]
    [InlineData("9.9.1", "p3", "76CBFD8A-CE4C-4337-8F22-397DDCC1B074")]
    [InlineData("9.13.0", "-", "BE4AE3BB-685A-466F-B4FA-D49D366C6598")]
    [InlineData("9.8", "p19", null)]
    [InlineData("9.9.1", "p16", null)]
    [InlineData("9.11.1", "-", null)]
    [InlineData("8.3", "*", null)]
    [InlineData("9.13.1", "*", null)]
    public void OntapCve202327314_RangeAndExactBuilds(string version, string update, string? matchCriteriaId)
    {
        var installed = new InstalledProduct(Cpe23.Create('a', "netapp", "clustered_data_ontap", version)
            .With(CpeAttribute.Update, CpeValue.ParseFormatted(update)));

        var result = NvdConfigurationEvaluator.Evaluate(CveTestData.NvdPageConfigurations("CVE-2023-27314"), [installed]);

        if (matchCriteriaId is null)
        {
            Assert.False(result.IsVulnerable);
            Assert.Empty(result.Undetermined);
        }
        else
        {
            Assert.True(result.IsVulnerable);
            Assert.Contains(result.Matches, m => m.CpeMatch.MatchCriteriaId == matchCriteriaId);
        }
    }

    [SkippableTheory]
    [InlineData("8.0", true)]
    [InlineData("8.0.0", true)]
    [InlineData("8.0.34", true)]
    [InlineData("8.0.35", false)]
    [InlineData("8.1.0", true)]
    [InlineData("8.1.1", false)]
    [InlineData("5.7.44", false)]
    public void MysqlCve202322068_EndIncludingAndExactVersion(string version, bool vulnerable)
    {
        var result = NvdConfigurationEvaluator.Evaluate(
            CveTestData.NvdPageConfigurations("CVE-2023-22068"), [InstalledProduct.Application("oracle", "mysql", version)]);

        Assert.Equal(vulnerable, result.IsVulnerable);
    }

    [SkippableFact]
    public void IbmCve202222377_RunningOnWindowsOrMacos()
    {
        var configurations = CveTestData.NvdPageConfigurations("CVE-2022-22377");
        var app = InstalledProduct.Application("ibm", "security_verify_privilege_on-premises", "11.4.2");

        var onWindows = NvdConfigurationEvaluator.Evaluate(configurations, [app, InstalledProduct.OperatingSystem("microsoft", "windows", "10.0.19045")]);
        var onMacos = NvdConfigurationEvaluator.Evaluate(configurations, [InstalledProduct.OperatingSystem("apple", "macos"), app]);
        var onLinux = NvdConfigurationEvaluator.Evaluate(configurations, [app, InstalledProduct.OperatingSystem("linux", "linux_kernel", "6.1")]);
        var fixedVersion = NvdConfigurationEvaluator.Evaluate(configurations,
            [InstalledProduct.Application("ibm", "security_verify_privilege_on-premises", "11.5"), InstalledProduct.OperatingSystem("microsoft", "windows")]);

        var match = Assert.Single(onWindows.Matches);
        Assert.Same(app, match.Product);
        Assert.Equal("11.5", match.CpeMatch.VersionEndExcluding);
        Assert.True(onMacos.IsVulnerable);
        Assert.Equal(MatchOutcome.NotMatched, onLinux.Outcome);
        Assert.Equal(MatchOutcome.NotMatched, fixedVersion.Outcome);
    }

    [SkippableTheory]
    [InlineData("1.1.5", "wordpress", true)]
    [InlineData("1.1.5", null, true)]
    [InlineData("1.0", "wordpress", true)]
    [InlineData("1.1.6", "wordpress", false)]
    [InlineData("1.1.5", "joomla", false)]
    public void WordpressPluginCve202345109_EndIncludingOnTargetSoftware(string version, string? targetSoftware, bool vulnerable)
    {
        var cpe = Cpe23.Create('a', "myback.link", "whitepage", version);
        if (targetSoftware is not null)
        {
            cpe = cpe.With(CpeAttribute.TargetSoftware, CpeValue.Literal(targetSoftware));
        }

        var result = NvdConfigurationEvaluator.Evaluate(CveTestData.NvdPageConfigurations("CVE-2023-45109"), [new InstalledProduct(cpe)]);

        Assert.Equal(vulnerable, result.IsVulnerable);
    }

    [SkippableTheory]
    [InlineData("openssl", "openssl", "1.0.2s", true)]
    [InlineData("openssl", "openssl", "1.0.2u", true)]
    [InlineData("openssl", "openssl", "1.0.2x", true)]
    [InlineData("openssl", "openssl", "1.0.2y", false)]
    [InlineData("openssl", "openssl", "1.0.2r", false)]
    [InlineData("openssl", "openssl", "1.0.2", false)]
    [InlineData("openssl", "openssl", "1.1.1k", false)]
    [InlineData("oracle", "graalvm", "19.3.5", true)]
    [InlineData("oracle", "graalvm", "19.3.6", false)]
    [InlineData("oracle", "graalvm", "20.3.1", true)]
    [InlineData("oracle", "graalvm", "20.3.2", false)]
    [InlineData("oracle", "graalvm", "21.0.0", true)]
    [InlineData("oracle", "graalvm", "21.1.0", false)]
    public void OpensslCve202123839_LetterSuffixesAndEarlyAccessBounds(string vendor, string product, string version, bool vulnerable)
    {
        var result = NvdConfigurationEvaluator.Evaluate(
            CveTestData.OverrideConfigurations("CVE-2021-23839"), [InstalledProduct.Application(vendor, product, version)]);

        Assert.Equal(vulnerable, result.IsVulnerable);
    }

    [SkippableTheory]
    [InlineData("11.0.0-M1", true)]
    [InlineData("11.0.0-M16", true)]
    [InlineData("11.0.0-M17", false)]
    [InlineData("10.0.0-M1", true)]
    [InlineData("10.1.18", true)]
    [InlineData("10.1.19", false)]
    [InlineData("9.0.0.M1", true)]
    [InlineData("9.0.85", true)]
    [InlineData("9.0.86", false)]
    [InlineData("8.5.98", true)]
    [InlineData("8.5.99", false)]
    [InlineData("7.0.109", false)]
    public void TomcatCve202423672_MilestoneBounds(string version, bool vulnerable)
    {
        var installed = new InstalledProduct(Cpe23.Create('a', "apache", "tomcat-embed-websocket", version)
            .With(CpeAttribute.TargetSoftware, CpeValue.Literal("maven")));

        var result = NvdConfigurationEvaluator.Evaluate(CveTestData.OverrideConfigurations("CVE-2024-23672"), [installed]);

        Assert.Equal(vulnerable, result.IsVulnerable);
    }

    [SkippableTheory]
    [InlineData("miyagawa", "plack::middleware::session::cookie", "0.22", true)]
    [InlineData("miyagawa", "Plack::Middleware::Session::Cookie", "0.21", true)]
    [InlineData("miyagawa", "plack::middleware::session::cookie", "0.23", false)]
    [InlineData("miyagawa", "plack-middleware-session", "0.22", true)]
    [InlineData("miyagawa", "plack::middleware::session", "0.22", false)]
    public void PerlModuleCve2014125112_EscapedColonsInProduct(string vendor, string product, string version, bool vulnerable)
    {
        var result = NvdConfigurationEvaluator.Evaluate(
            CveTestData.OverrideConfigurations("CVE-2014-125112"), [InstalledProduct.Application(vendor, product, version)]);

        Assert.Equal(vulnerable, result.IsVulnerable);
    }

    [SkippableTheory]
    [InlineData("5.0.0", true)]
    [InlineData("5.0.12", true)]
    [InlineData("5.0.13", false)]
    [InlineData("4.1.68", true)]
    [InlineData("4.1.69", false)]
    [InlineData("4.0.63", true)]
    [InlineData("3.6.0", true)]
    [InlineData("5.1.0", false)]
    public void BackpackCve202231114_EscapedBackslashAndSeveralRanges(string version, bool vulnerable)
    {
        var result = NvdConfigurationEvaluator.Evaluate(
            CveTestData.OverrideConfigurations("CVE-2022-31114"), [InstalledProduct.Application("backpackforlaravel", @"backpack\crud", version)]);

        Assert.Equal(vulnerable, result.IsVulnerable);
    }

    [SkippableTheory]
    [InlineData("events_calendar", "2.3.28", true)]
    [InlineData("events_calendar_for_geodirectory", "2.3.1", true)]
    [InlineData("events_calendar", "2.3.29", false)]
    [InlineData("the_events_calendar", "2.3.1", false)]
    public void GeodirectoryCve202611616_WildcardProductCriterion(string product, string version, bool vulnerable)
    {
        var installed = new InstalledProduct(Cpe23.Create('a', "wpgeodirectory", product, version)
            .With(CpeAttribute.TargetSoftware, CpeValue.Literal("wordpress")));

        var result = NvdConfigurationEvaluator.Evaluate(CveTestData.OverrideConfigurations("CVE-2026-11616"), [installed]);

        Assert.Equal(vulnerable, result.IsVulnerable);
    }

    [SkippableFact]
    public void IlliLinkPartyCve20237228_LiteralAndWildcardCriteriaBothMatch()
    {
        var result = NvdConfigurationEvaluator.Evaluate(
            CveTestData.OverrideConfigurations("CVE-2023-7228"), [InstalledProduct.Application("evanliewer", "illi_link_party!", "1.0")]);
        var newer = NvdConfigurationEvaluator.Evaluate(
            CveTestData.OverrideConfigurations("CVE-2023-7228"), [InstalledProduct.Application("evanliewer", "illi_link_party!", "1.0.1")]);

        Assert.Equal(2, result.Matches.Count);
        Assert.False(newer.IsVulnerable);
    }

    [SkippableFact]
    public void CurlCve20142522_ThreeNodeAndConfigurationNeedsAllThree()
    {
        var configurations = CveTestData.OverrideConfigurations("CVE-2014-2522");
        var curl = InstalledProduct.Application("haxx", "curl", "7.30.0");
        var libcurl = InstalledProduct.Application("haxx", "libcurl", "7.30.0");
        var windows = InstalledProduct.OperatingSystem("microsoft", "windows", "6.1.7601");

        var all = NvdConfigurationEvaluator.Evaluate(configurations, [curl, libcurl, windows]);

        Assert.Equal([curl, libcurl], all.Matches.Select(m => m.Product));
        Assert.False(NvdConfigurationEvaluator.Evaluate(configurations, [curl, windows]).IsVulnerable);
        Assert.False(NvdConfigurationEvaluator.Evaluate(configurations, [curl, libcurl, InstalledProduct.OperatingSystem("linux", "linux_kernel")]).IsVulnerable);
        Assert.False(NvdConfigurationEvaluator.Evaluate(configurations,
            [InstalledProduct.Application("haxx", "curl", "7.36.0"), InstalledProduct.Application("haxx", "libcurl", "7.36.0"), windows]).IsVulnerable);
    }

    [SkippableFact]
    public void ChromeCve20113109_RunningOnVersionedLinuxKernel()
    {
        var configurations = CveTestData.OverrideConfigurations("CVE-2011-3109");
        var kernel = InstalledProduct.OperatingSystem("linux", "linux_kernel", "6.1.0");

        Assert.True(NvdConfigurationEvaluator.Evaluate(configurations, [InstalledProduct.Application("google", "chrome", "19.0.1084.51"), kernel]).IsVulnerable);
        Assert.False(NvdConfigurationEvaluator.Evaluate(configurations, [InstalledProduct.Application("google", "chrome", "19.0.1084.52"), kernel]).IsVulnerable);
    }

    [SkippableFact]
    public void SourcetreeCve202322514_MatchesWithoutAnyVulnerableEntry()
    {
        var result = NvdConfigurationEvaluator.Evaluate(CveTestData.OverrideConfigurations("CVE-2023-22514"),
            [InstalledProduct.Application("atlassian", "sourcetree", "3.4.14"), InstalledProduct.OperatingSystem("microsoft", "windows")]);

        Assert.Equal(MatchOutcome.Matched, result.Outcome);
        Assert.False(result.IsVulnerable);
        Assert.Empty(result.Matches);
    }

    [SkippableTheory]
    [InlineData("jre", "1.8.0_65", true)]
    [InlineData("jre", "1.8.0_71", false)]
    [InlineData("jre", "1.8.0_381", false)]
    [InlineData("jre", "1.6.0_105", true)]
    [InlineData("jre", "1.7.0_95", false)]
    [InlineData("jdk", "8.0.65", true)]
    [InlineData("jdk", "8.0.71", false)]
    public void JavaCve20160402_UnderscoreUpdateBounds(string product, string version, bool vulnerable)
    {
        var result = NvdConfigurationEvaluator.Evaluate(
            CveTestData.OverrideConfigurations("CVE-2016-0402"), [InstalledProduct.Application("oracle", product, version)]);

        Assert.Equal(vulnerable, result.IsVulnerable);
    }

    // The overrides write this record as one AND over eight nodes (java_se, jdk, jre, sun java… and Windows):
    // taken literally, as here, only an asset holding all of them on Windows matches.
    [SkippableFact]
    public void JavaCve20110786_AndOverManyNodesIsTakenLiterally()
    {
        var configurations = CveTestData.OverrideConfigurations("CVE-2011-0786");
        var windows = InstalledProduct.OperatingSystem("microsoft", "windows");
        string[] products = ["oracle:java_se", "oracle:jdk", "oracle:jre", "sun:java", "sun:java_se", "sun:jdk", "sun:jre"];
        var all = products.Select(p => InstalledProduct.Application(p.Split(':')[0], p.Split(':')[1], "1.6.0_25")).Append(windows).ToList();

        Assert.All(configurations, c => Assert.Equal(NvdOperator.And, c.Operator));
        Assert.False(NvdConfigurationEvaluator.Evaluate(configurations, [InstalledProduct.Application("oracle", "jre", "1.6.0_25"), windows]).IsVulnerable);
        Assert.Equal(7, NvdConfigurationEvaluator.Evaluate(configurations, all).Matches.Count);
    }

    [SkippableTheory]
    [InlineData("20.19.3", "windows", true)]
    [InlineData("20.19.3", "linux_kernel", false)]
    [InlineData("20.19.4", "windows", false)]
    [InlineData("24.4.0", "windows", true)]
    [InlineData("16.20.2", "linux_kernel", true)]
    [InlineData("4.0", "linux_kernel", true)]
    [InlineData("19.9.0", "linux_kernel", true)]
    [InlineData("21.7.3", "windows", false)]
    public void NodeCve202527210_SeriesBoundsAndWindowsOnlyRanges(string version, string os, bool vulnerable)
    {
        var platform = os == "windows" ? InstalledProduct.OperatingSystem("microsoft", "windows") : InstalledProduct.OperatingSystem("linux", "linux_kernel", "6.1");

        var result = NvdConfigurationEvaluator.Evaluate(
            CveTestData.OverrideConfigurations("CVE-2025-27210"), [InstalledProduct.Application("nodejs", "node.js", version), platform]);

        Assert.Equal(vulnerable, result.IsVulnerable);
    }

    [SkippableTheory]
    [InlineData("f5", "nginx_plus", "R25", true)]
    [InlineData("f5", "nginx_plus", "R29", true)]
    [InlineData("f5", "nginx_plus", "R29_P1", false)]
    [InlineData("f5", "nginx_plus", "R30", true)]
    [InlineData("f5", "nginx_plus", "R30_P1", false)]
    [InlineData("f5", "nginx_plus", "R24", false)]
    [InlineData("ietf", "http", "2.0", true)]
    [InlineData("ietf", "http", "1.1", false)]
    [InlineData("nghttp2", "nghttp2", "1.56.0", true)]
    [InlineData("nghttp2", "nghttp2", "1.57.0", false)]
    [InlineData("golang", "go", "1.21.1", true)]
    [InlineData("golang", "go", "1.21.3", false)]
    [InlineData("golang", "go", "1.20.10", false)]
    [InlineData("microsoft", ".net", "7.0.11", true)]
    [InlineData("microsoft", ".net", "7.0.12", false)]
    [InlineData("microsoft", "visual_studio_2022", "17.4.11", true)]
    [InlineData("microsoft", "visual_studio_2022", "17.4.12", false)]
    public void Http2RapidResetCve202344487_ManyConfigurations(string vendor, string product, string version, bool vulnerable)
    {
        var result = NvdConfigurationEvaluator.Evaluate(
            CveTestData.OverrideConfigurations("CVE-2023-44487"), [InstalledProduct.Application(vendor, product, version)]);

        Assert.Equal(vulnerable, result.IsVulnerable);
        Assert.All(result.Matches, m => Assert.Equal(product, m.CpeMatch.Criteria.Product.Value));
    }
}
