using Vigie.Core.Vulnerabilities.Matching;

namespace Vigie.Core.Tests.Vulnerabilities.Matching;

public sealed class NvdConfigurationEvaluatorTests
{
    private const string Curl = "cpe:2.3:a:haxx:curl:*:*:*:*:*:*:*:*";

    [Theory]
    [InlineData("7.27.0", MatchOutcome.Matched)]
    [InlineData("7.27", MatchOutcome.Matched)]
    [InlineData("7.28.1", MatchOutcome.Matched)]
    [InlineData("7.26.9", MatchOutcome.NotMatched)]
    [InlineData("7.27.0-rc1", MatchOutcome.NotMatched)]
    public void Match_VersionStartIncluding_HoldsFromTheBoundOn(string installed, MatchOutcome expected)
    {
        var entry = new NvdCpeMatch(true, Cpe23.Parse(Curl), VersionStartIncluding: "7.27.0");

        Assert.Equal(expected, NvdConfigurationEvaluator.Match(entry, InstalledProduct.Application("haxx", "curl", installed)));
    }

    [Theory]
    [InlineData("7.27.0", MatchOutcome.NotMatched)]
    [InlineData("7.27.0.0", MatchOutcome.NotMatched)]
    [InlineData("7.27.1", MatchOutcome.Matched)]
    [InlineData("7.27.0a", MatchOutcome.Matched)]
    public void Match_VersionStartExcluding_HoldsAboveTheBound(string installed, MatchOutcome expected)
    {
        var entry = new NvdCpeMatch(true, Cpe23.Parse(Curl), VersionStartExcluding: "7.27.0");

        Assert.Equal(expected, NvdConfigurationEvaluator.Match(entry, InstalledProduct.Application("haxx", "curl", installed)));
    }

    [Theory]
    [InlineData("8.4.0", MatchOutcome.Matched)]
    [InlineData("8.4", MatchOutcome.Matched)]
    [InlineData("8.3.99", MatchOutcome.Matched)]
    [InlineData("8.4.1", MatchOutcome.NotMatched)]
    [InlineData("8.4.0a", MatchOutcome.NotMatched)]
    public void Match_VersionEndIncluding_HoldsUpToTheBound(string installed, MatchOutcome expected)
    {
        var entry = new NvdCpeMatch(true, Cpe23.Parse(Curl), VersionEndIncluding: "8.4.0");

        Assert.Equal(expected, NvdConfigurationEvaluator.Match(entry, InstalledProduct.Application("haxx", "curl", installed)));
    }

    [Theory]
    [InlineData("7.36.0", MatchOutcome.NotMatched)]
    [InlineData("7.35.99", MatchOutcome.Matched)]
    [InlineData("7.36.0-rc2", MatchOutcome.Matched)]
    [InlineData("v7.9", MatchOutcome.Matched)]
    public void Match_VersionEndExcluding_HoldsBelowTheBound(string installed, MatchOutcome expected)
    {
        var entry = new NvdCpeMatch(true, Cpe23.Parse(Curl), VersionEndExcluding: "7.36.0");

        Assert.Equal(expected, NvdConfigurationEvaluator.Match(entry, InstalledProduct.Application("haxx", "curl", installed)));
    }

    [Theory]
    [InlineData("7.26.0", MatchOutcome.NotMatched)]
    [InlineData("7.27.0", MatchOutcome.Matched)]
    [InlineData("7.35.0", MatchOutcome.Matched)]
    [InlineData("7.36.0", MatchOutcome.NotMatched)]
    public void Match_BothBounds_HoldInsideTheRange(string installed, MatchOutcome expected)
    {
        var entry = new NvdCpeMatch(true, Cpe23.Parse(Curl), VersionStartIncluding: "7.27.0", VersionEndExcluding: "7.36.0");

        Assert.Equal(expected, NvdConfigurationEvaluator.Match(entry, InstalledProduct.Application("haxx", "curl", installed)));
    }

    [Theory]
    [InlineData("9.0.7", MatchOutcome.Matched)]
    [InlineData("9.0.7.0", MatchOutcome.Matched)]
    [InlineData("9.0.70", MatchOutcome.NotMatched)]
    [InlineData("9.0.6", MatchOutcome.NotMatched)]
    [InlineData("9.0.7a", MatchOutcome.NotMatched)]
    [InlineData("9.0.7.1", MatchOutcome.NotMatched)]
    public void Match_ExactVersionInCriteria_MustEqualTheInstalledVersion(string installed, MatchOutcome expected)
    {
        var entry = new NvdCpeMatch(true, Cpe23.Parse("cpe:2.3:a:grandingteco:utime_master:9.0.7:*:*:*:*:*:*:*"));

        Assert.Equal(expected, NvdConfigurationEvaluator.Match(entry, InstalledProduct.Application("grandingteco", "utime_master", installed)));
    }

    [Fact]
    public void Match_ExactVersionWithWildcard_MatchesThePattern()
    {
        var entry = new NvdCpeMatch(true, Cpe23.Parse("cpe:2.3:a:vendor:app:1.2.*:*:*:*:*:*:*:*"));

        Assert.Equal(MatchOutcome.Matched, NvdConfigurationEvaluator.Match(entry, InstalledProduct.Application("vendor", "app", "1.2.5")));
        Assert.Equal(MatchOutcome.NotMatched, NvdConfigurationEvaluator.Match(entry, InstalledProduct.Application("vendor", "app", "1.3.0")));
    }

    [Fact]
    public void Match_ExactVersionAndUpdate_UnknownUpdateIsNotHeldAgainst()
    {
        var entry = new NvdCpeMatch(true, Cpe23.Parse("cpe:2.3:a:netapp:clustered_data_ontap:9.8:p7:*:*:*:*:*:*"));
        var unknownUpdate = InstalledProduct.Application("netapp", "clustered_data_ontap", "9.8");
        var p7 = new InstalledProduct(unknownUpdate.Cpe.With(CpeAttribute.Update, CpeValue.Literal("P7")));
        var p19 = new InstalledProduct(unknownUpdate.Cpe.With(CpeAttribute.Update, CpeValue.Literal("p19")));

        Assert.Equal(MatchOutcome.Matched, NvdConfigurationEvaluator.Match(entry, unknownUpdate));
        Assert.Equal(MatchOutcome.Matched, NvdConfigurationEvaluator.Match(entry, p7));
        Assert.Equal(MatchOutcome.NotMatched, NvdConfigurationEvaluator.Match(entry, p19));
    }

    [Fact]
    public void Match_AnyVersionWithoutBounds_MatchesEveryVersionEvenUnknown()
    {
        var entry = new NvdCpeMatch(true, Cpe23.Parse(Curl));

        Assert.Equal(MatchOutcome.Matched, NvdConfigurationEvaluator.Match(entry, InstalledProduct.Application("haxx", "curl", "1.0")));
        Assert.Equal(MatchOutcome.Matched, NvdConfigurationEvaluator.Match(entry, InstalledProduct.Application("haxx", "curl", null)));
    }

    [Theory]
    [InlineData("4.0", MatchOutcome.Matched)]
    [InlineData("4.9.1", MatchOutcome.Matched)]
    [InlineData("5.0", MatchOutcome.NotMatched)]
    [InlineData("3.9", MatchOutcome.NotMatched)]
    public void Match_SeriesBound_StandsForTheWholeSeries(string installed, MatchOutcome expected)
    {
        var excluding = new NvdCpeMatch(true, Cpe23.Parse("cpe:2.3:a:nodejs:node.js:*:*:*:*:*:*:*:*"), VersionStartIncluding: "4.0", VersionEndExcluding: "4.*");
        var including = new NvdCpeMatch(true, Cpe23.Parse("cpe:2.3:a:nodejs:node.js:*:*:*:*:*:*:*:*"), VersionStartIncluding: "4.x", VersionEndIncluding: "4.*");
        var product = InstalledProduct.Application("nodejs", "node.js", installed);

        Assert.Equal(expected, NvdConfigurationEvaluator.Match(excluding, product));
        Assert.Equal(expected, NvdConfigurationEvaluator.Match(including, product));
    }

    [Fact]
    public void Match_UnknownOrUncomparableVersion_IsUndetermined()
    {
        var range = new NvdCpeMatch(true, Cpe23.Parse("cpe:2.3:a:openbsd:openssh:*:*:*:*:*:*:*:*"), VersionEndExcluding: "7.9.1");
        var exact = new NvdCpeMatch(true, Cpe23.Parse("cpe:2.3:a:openbsd:openssh:7.9:p1:*:*:*:*:*:*"));
        var badBound = range with { VersionEndExcluding = "latest" };

        Assert.Equal(MatchOutcome.Undetermined, NvdConfigurationEvaluator.Match(range, InstalledProduct.Application("openbsd", "openssh", null)));
        Assert.Equal(MatchOutcome.Undetermined, NvdConfigurationEvaluator.Match(exact, InstalledProduct.Application("openbsd", "openssh", null)));
        Assert.Equal(MatchOutcome.Undetermined, NvdConfigurationEvaluator.Match(range, InstalledProduct.Application("openbsd", "openssh", "7.9p1")));
        Assert.Equal(MatchOutcome.Undetermined, NvdConfigurationEvaluator.Match(range, InstalledProduct.Application("openbsd", "openssh", "unknown")));
        Assert.Equal(MatchOutcome.Undetermined, NvdConfigurationEvaluator.Match(badBound, InstalledProduct.Application("openbsd", "openssh", "7.0")));
        Assert.Equal(MatchOutcome.NotMatched, NvdConfigurationEvaluator.Match(range, InstalledProduct.Application("openbsd", "openssh", "8.0p1")));
    }

    [Fact]
    public void Match_InstalledVersionNotApplicable_FailsVersionedCriteria()
    {
        var installed = new InstalledProduct(Cpe23.Create('h', "cisco", "asa_5505").With(CpeAttribute.Version, CpeValue.NotApplicable));

        Assert.Equal(MatchOutcome.NotMatched, NvdConfigurationEvaluator.Match(
            new NvdCpeMatch(true, Cpe23.Parse("cpe:2.3:h:cisco:asa_5505:*:*:*:*:*:*:*:*"), VersionEndExcluding: "2"), installed));
        Assert.Equal(MatchOutcome.NotMatched, NvdConfigurationEvaluator.Match(
            new NvdCpeMatch(true, Cpe23.Parse("cpe:2.3:h:cisco:asa_5505:1.0:*:*:*:*:*:*:*")), installed));
        Assert.Equal(MatchOutcome.Matched, NvdConfigurationEvaluator.Match(
            new NvdCpeMatch(false, Cpe23.Parse("cpe:2.3:h:cisco:asa_5505:-:*:*:*:*:*:*:*")), installed));
    }

    [Fact]
    public void Match_NotApplicableVersion_PlatformMatchesAnyVersionVulnerableOnlyNone()
    {
        var platform = new NvdCpeMatch(false, Cpe23.Parse("cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*"));
        var vulnerable = platform with { Vulnerable = true };
        var versioned = InstalledProduct.OperatingSystem("microsoft", "windows", "10.0.19045");
        var unversioned = InstalledProduct.OperatingSystem("microsoft", "windows");

        Assert.Equal(MatchOutcome.Matched, NvdConfigurationEvaluator.Match(platform, versioned));
        Assert.Equal(MatchOutcome.Matched, NvdConfigurationEvaluator.Match(platform, unversioned));
        Assert.Equal(MatchOutcome.NotMatched, NvdConfigurationEvaluator.Match(vulnerable, versioned));
        Assert.Equal(MatchOutcome.Matched, NvdConfigurationEvaluator.Match(vulnerable, unversioned));
        Assert.Equal(MatchOutcome.NotMatched, NvdConfigurationEvaluator.Match(platform, InstalledProduct.OperatingSystem("apple", "macos")));
        Assert.Equal(MatchOutcome.NotMatched, NvdConfigurationEvaluator.Match(platform, InstalledProduct.Application("microsoft", "windows", null)));
    }

    [Fact]
    public void Evaluate_FirmwareRunningOnHardware_NeedsBothAndReportsTheFirmware()
    {
        var configuration = Configuration(NvdOperator.And,
            Node(new NvdCpeMatch(true, Cpe23.Parse("cpe:2.3:o:zyxel:nas326_firmware:*:*:*:*:*:*:*:*"), VersionEndExcluding: "5.21(AAZF.15)c0")),
            Node(new NvdCpeMatch(false, Cpe23.Parse("cpe:2.3:h:zyxel:nas326:-:*:*:*:*:*:*:*"))));
        var firmware = InstalledProduct.OperatingSystem("zyxel", "nas326_firmware", "5.21(AAZF.14)C0") with { Reference = "row-7" };
        var device = InstalledProduct.Hardware("zyxel", "nas326");

        var both = NvdConfigurationEvaluator.Evaluate(configuration, [firmware, device]);
        var firmwareOnly = NvdConfigurationEvaluator.Evaluate(configuration, [firmware]);
        var deviceOnly = NvdConfigurationEvaluator.Evaluate(configuration, [device]);
        var patched = NvdConfigurationEvaluator.Evaluate(configuration, [firmware with { Cpe = Cpe23.Create('o', "zyxel", "nas326_firmware", "5.21(AAZF.15)C0") }, device]);

        Assert.True(both.IsVulnerable);
        var match = Assert.Single(both.Matches);
        Assert.Same(firmware, match.Product);
        Assert.Equal("row-7", match.Product.Reference);
        Assert.Equal("5.21(AAZF.15)c0", match.CpeMatch.VersionEndExcluding);
        Assert.Equal(MatchOutcome.NotMatched, firmwareOnly.Outcome);
        Assert.Equal(MatchOutcome.NotMatched, deviceOnly.Outcome);
        Assert.False(patched.IsVulnerable);
        Assert.Empty(patched.Matches);
    }

    [Fact]
    public void Evaluate_AndConfigurationWithUnknownVersion_IsUndeterminedWithTheCandidate()
    {
        var configuration = Configuration(NvdOperator.And,
            Node(new NvdCpeMatch(true, Cpe23.Parse("cpe:2.3:a:ibm:security_verify_privilege_on-premises:*:*:*:*:*:*:*:*"), VersionEndExcluding: "11.5")),
            Node(new NvdCpeMatch(false, Cpe23.Parse("cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*"))));

        var result = NvdConfigurationEvaluator.Evaluate(configuration,
            [InstalledProduct.Application("ibm", "security_verify_privilege_on-premises", null), InstalledProduct.OperatingSystem("microsoft", "windows")]);

        Assert.Equal(MatchOutcome.Undetermined, result.Outcome);
        Assert.False(result.IsVulnerable);
        Assert.Empty(result.Matches);
        Assert.Equal("security_verify_privilege_on-premises", Assert.Single(result.Undetermined).CpeMatch.Criteria.Product.Value);
    }

    [Fact]
    public void Evaluate_NegatedNode_ExcludesAndNeverReports()
    {
        var app = new NvdCpeMatch(true, Cpe23.Parse("cpe:2.3:a:vendor:app:*:*:*:*:*:*:*:*"), VersionEndExcluding: "2.0");
        var excluded = new NvdCpeMatch(true, Cpe23.Parse("cpe:2.3:a:vendor:hardening_pack:*:*:*:*:*:*:*:*"));
        var configuration = Configuration(NvdOperator.And, Node(app), Node(NvdOperator.Or, true, excluded));
        var installedApp = InstalledProduct.Application("vendor", "app", "1.0");

        var withoutPack = NvdConfigurationEvaluator.Evaluate(configuration, [installedApp]);
        var withPack = NvdConfigurationEvaluator.Evaluate(configuration, [installedApp, InstalledProduct.Application("vendor", "hardening_pack", "1")]);

        Assert.True(withoutPack.IsVulnerable);
        Assert.Equal(app, Assert.Single(withoutPack.Matches).CpeMatch);
        Assert.Equal(MatchOutcome.NotMatched, withPack.Outcome);
        Assert.Empty(withPack.Matches);
    }

    [Fact]
    public void Evaluate_NegatedConfiguration_MatchesWithoutFindings()
    {
        var configuration = new NvdConfiguration(NvdOperator.Or, true, [Node(new NvdCpeMatch(true, Cpe23.Parse(Curl)))]);

        var absent = NvdConfigurationEvaluator.Evaluate(configuration, [InstalledProduct.Application("vendor", "other", "1")]);
        var present = NvdConfigurationEvaluator.Evaluate(configuration, [InstalledProduct.Application("haxx", "curl", "1")]);

        Assert.Equal(MatchOutcome.Matched, absent.Outcome);
        Assert.False(absent.IsVulnerable);
        Assert.Equal(MatchOutcome.NotMatched, present.Outcome);
    }

    [Fact]
    public void Evaluate_AndNode_NeedsEveryEntry()
    {
        var configuration = Configuration(NvdOperator.Or, Node(NvdOperator.And, false,
            new NvdCpeMatch(true, Cpe23.Parse("cpe:2.3:a:vendor:server:*:*:*:*:*:*:*:*"), VersionEndIncluding: "3.0"),
            new NvdCpeMatch(false, Cpe23.Parse("cpe:2.3:a:vendor:plugin:*:*:*:*:*:*:*:*"))));
        var server = InstalledProduct.Application("vendor", "server", "3.0");

        Assert.False(NvdConfigurationEvaluator.Evaluate(configuration, [server]).IsVulnerable);
        Assert.True(NvdConfigurationEvaluator.Evaluate(configuration, [server, InstalledProduct.Application("vendor", "plugin", "1")]).IsVulnerable);
    }

    [Fact]
    public void Evaluate_SeveralInstalledVersions_ReportsEachVulnerableOne()
    {
        var entry = new NvdCpeMatch(true, Cpe23.Parse("cpe:2.3:a:oracle:jre:*:*:*:*:*:*:*:*"), VersionStartIncluding: "1.8", VersionEndExcluding: "1.8.0_71");
        var old = InstalledProduct.Application("oracle", "jre", "1.8.0_65");
        var older = InstalledProduct.Application("oracle", "jre", "1.8.0_51");
        var current = InstalledProduct.Application("oracle", "jre", "1.8.0_381");

        var result = NvdConfigurationEvaluator.Evaluate([Configuration(NvdOperator.Or, Node(entry))], [old, current, older]);

        Assert.Equal([old, older], result.Matches.Select(m => m.Product));
    }

    [Fact]
    public void Evaluate_SeveralConfigurations_AnyMatchingOneApplies()
    {
        var first = Configuration(NvdOperator.Or, Node(new NvdCpeMatch(true, Cpe23.Parse("cpe:2.3:a:apple:safari:*:*:*:*:*:*:*:*"), VersionEndExcluding: "8.0.7")));
        var second = Configuration(NvdOperator.Or, Node(new NvdCpeMatch(true, Cpe23.Parse("cpe:2.3:o:apple:mac_os_x:*:*:*:*:*:*:*:*"), VersionEndIncluding: "10.10.3")));
        var sameAgain = Configuration(NvdOperator.Or, Node(new NvdCpeMatch(true, Cpe23.Parse("cpe:2.3:a:apple:safari:*:*:*:*:*:*:*:*"), VersionEndExcluding: "8.0.7")));

        var result = NvdConfigurationEvaluator.Evaluate([first, second, sameAgain], [InstalledProduct.Application("apple", "safari", "8.0.6"), InstalledProduct.OperatingSystem("apple", "mac_os_x", "10.11")]);

        Assert.True(result.IsVulnerable);
        Assert.Equal("safari", Assert.Single(result.Matches).Product.Cpe.Product.Value);
        Assert.Equal(MatchOutcome.NotMatched, NvdConfigurationEvaluator.Evaluate([], [InstalledProduct.Application("apple", "safari", "8.0.6")]).Outcome);
    }

    [Fact]
    public void Evaluate_EmptyNode_DoesNotMatch()
    {
        var configuration = Configuration(NvdOperator.Or, Node(NvdOperator.And, false));

        Assert.Equal(MatchOutcome.NotMatched, NvdConfigurationEvaluator.Evaluate(configuration, [InstalledProduct.Application("a", "b", "1")]).Outcome);
    }

    private static NvdConfiguration Configuration(NvdOperator op, params NvdNode[] nodes) => new(op, false, nodes);

    private static NvdNode Node(params NvdCpeMatch[] matches) => new(NvdOperator.Or, false, matches);

    private static NvdNode Node(NvdOperator op, bool negate, params NvdCpeMatch[] matches) => new(op, negate, matches);
}
