using Vigie.Core.Vulnerabilities.Matching;

namespace Vigie.Core.Tests.Vulnerabilities.Matching;

public sealed class Cve5AffectedEvaluatorTests
{
    // The status-change example of the CVE record format's version documentation.
    private const string StatusChanges = """
        [{"vendor":"Widgets LLC","product":"Flux Capacitor","defaultStatus":"unknown","versions":[
          {"version":"2.0.0","versionType":"semver","lessThan":"2.*","status":"affected","changes":[
            {"at":"2.6.3","status":"unaffected"},{"at":"2.5.2","status":"unaffected"},{"at":"2.6.0","status":"affected"}]}]}]
        """;

    [Theory]
    [InlineData("1.9.9", Cve5Status.Unknown, Cve5Basis.DefaultStatus)]
    [InlineData("2.0.0", Cve5Status.Affected, Cve5Basis.VersionRange)]
    [InlineData("2.5.1", Cve5Status.Affected, Cve5Basis.VersionRange)]
    [InlineData("2.5.2", Cve5Status.Unaffected, Cve5Basis.VersionRange)]
    [InlineData("2.6.1", Cve5Status.Affected, Cve5Basis.VersionRange)]
    [InlineData("2.6.3", Cve5Status.Unaffected, Cve5Basis.VersionRange)]
    [InlineData("2.99", Cve5Status.Unaffected, Cve5Basis.VersionRange)]
    [InlineData("3.0.0", Cve5Status.Unknown, Cve5Basis.DefaultStatus)]
    public void Evaluate_RangeWithStatusChanges_AppliesTheLastChangeAtOrBelow(string version, Cve5Status status, Cve5Basis basis)
    {
        var result = Cve5AffectedEvaluator.Evaluate(Cve5AffectedParser.Parse(StatusChanges), "widgets llc", "flux capacitor", version);

        Assert.Equal(status, result.Status);
        Assert.Equal(basis, result.Basis);
        Assert.Equal("Flux Capacitor", result.Product?.Product);
    }

    [Theory]
    [InlineData("0.9", Cve5Status.Unaffected, Cve5Basis.DefaultStatus)]
    [InlineData("1.0", Cve5Status.Affected, Cve5Basis.VersionRange)]
    [InlineData("1.4.9", Cve5Status.Affected, Cve5Basis.VersionRange)]
    [InlineData("1.5", Cve5Status.Unaffected, Cve5Basis.DefaultStatus)]
    [InlineData("2.4", Cve5Status.Affected, Cve5Basis.ExactVersion)]
    [InlineData("2.4.0", Cve5Status.Affected, Cve5Basis.ExactVersion)]
    [InlineData("2.4.1", Cve5Status.Unaffected, Cve5Basis.DefaultStatus)]
    [InlineData("3.0", Cve5Status.Affected, Cve5Basis.VersionRange)]
    [InlineData("3.2", Cve5Status.Affected, Cve5Basis.VersionRange)]
    [InlineData("3.2.1", Cve5Status.Unaffected, Cve5Basis.DefaultStatus)]
    [InlineData("9.0", Cve5Status.Unknown, Cve5Basis.VersionRange)]
    public void Evaluate_ExactAndRanges_FirstHoldingEntryDecides(string version, Cve5Status status, Cve5Basis basis)
    {
        Cve5Affected[] affected =
        [
            new("Vendor", "Product", Cve5Status.Unaffected,
            [
                new Cve5AffectedVersion("1.0", Cve5Status.Affected, "semver", LessThan: "1.5"),
                new Cve5AffectedVersion("2.4", Cve5Status.Affected),
                new Cve5AffectedVersion("3.0", Cve5Status.Affected, "custom", LessThanOrEqual: "3.2"),
                new Cve5AffectedVersion("9.0", Cve5Status.Unknown, "custom", LessThan: "*"),
                new Cve5AffectedVersion("9.5", Cve5Status.Affected),
            ]),
        ];

        var result = Cve5AffectedEvaluator.Evaluate(affected, "Vendor", "Product", version);

        Assert.Equal(status, result.Status);
        Assert.Equal(basis, result.Basis);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("n/a")]
    [InlineData("unspecified")]
    [InlineData("*")]
    [InlineData("All versions")]
    [InlineData("")]
    public void Evaluate_LowerBoundWithoutVersion_OpensTheRange(string lower)
    {
        Cve5Affected[] affected = [new("v", "p", Cve5Status.Unaffected, [new Cve5AffectedVersion(lower, Cve5Status.Affected, "custom", LessThan: "2.0")])];

        Assert.Equal(Cve5Status.Affected, Cve5AffectedEvaluator.Evaluate(affected, "v", "p", "0.0.1").Status);
        Assert.Equal(Cve5Status.Unaffected, Cve5AffectedEvaluator.Evaluate(affected, "v", "p", "2.0").Status);
    }

    [Theory]
    [InlineData("1.8.0", Cve5Status.Affected)]
    [InlineData("1.8.2", Cve5Status.Affected)]
    [InlineData("1.8.3", Cve5Status.Unknown)]
    [InlineData("1.10.3", Cve5Status.Affected)]
    [InlineData("1.10.4", Cve5Status.Unknown)]
    [InlineData("1.9", Cve5Status.Unknown)]
    public void Evaluate_ConstraintStringsInVersion_AreRanges(string version, Cve5Status status)
    {
        Cve5Affected[] affected =
        [
            new("flatpak", "flatpak", Cve5Status.Unknown,
            [
                new Cve5AffectedVersion(">= 1.8.0, <= 1.8.2", Cve5Status.Affected),
                new Cve5AffectedVersion(">= 1.10.0, < 1.10.4", Cve5Status.Affected),
            ]),
        ];

        Assert.Equal(status, Cve5AffectedEvaluator.Evaluate(affected, "flatpak", "flatpak", version).Status);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("all versions")]
    [InlineData("All")]
    public void Evaluate_ExactEntryForEveryVersion_MatchesAnyVersion(string listed)
    {
        Cve5Affected[] affected = [new("v", "p", Cve5Status.Unaffected, [new Cve5AffectedVersion(listed, Cve5Status.Affected)])];

        Assert.Equal(Cve5Status.Affected, Cve5AffectedEvaluator.Evaluate(affected, "v", "p", "4.2").Status);
    }

    [Fact]
    public void Evaluate_DebVersionType_UsesDpkgOrder()
    {
        Cve5Affected[] affected = [new("Debian", "openssl", Cve5Status.Unaffected, [new Cve5AffectedVersion("0", Cve5Status.Affected, "deb", LessThan: "3.0.11-1~deb12u2")])];

        Assert.Equal(Cve5Status.Affected, Cve5AffectedEvaluator.Evaluate(affected, null, "openssl", "3.0.11-1~deb12u1").Status);
        Assert.Equal(Cve5Status.Unaffected, Cve5AffectedEvaluator.Evaluate(affected, null, "openssl", "3.0.11-1~deb12u2").Status);
        Assert.Equal(Cve5Status.Unaffected, Cve5AffectedEvaluator.Evaluate(affected, null, "openssl", "1:0.9").Status);
    }

    [Theory]
    [InlineData("1:1.1.1k-4.el8", Cve5Status.Affected)]
    [InlineData("1:1.1.1g-15.el8_3", Cve5Status.Affected)]
    [InlineData("1.1.1k-12.el8", Cve5Status.Affected)]
    [InlineData("1:1.1.1k-5.el8", Cve5Status.Unaffected)]
    [InlineData("1:1.1.1k-12.el8_9", Cve5Status.Unaffected)]
    [InlineData("1:3.0.7-27.el9", Cve5Status.Unaffected)]
    public void Evaluate_RpmVersionType_UsesRpmOrder(string version, Cve5Status status)
    {
        Cve5Affected[] affected = [new("Red Hat", "openssl", Cve5Status.Unaffected, [new Cve5AffectedVersion("0", Cve5Status.Affected, "rpm", LessThan: "1:1.1.1k-5.el8")])];

        var result = Cve5AffectedEvaluator.Evaluate(affected, "Red Hat", "openssl", version);

        Assert.Equal(status, result.Status);
        Assert.Equal(status == Cve5Status.Affected ? Cve5Basis.VersionRange : Cve5Basis.DefaultStatus, result.Basis);
    }

    [Theory]
    [InlineData("1:1.1.1k-5.el8", "1.1.1k-12.el8", Cve5Status.Unknown)]
    [InlineData("1.0.1-1.fc40", "1.0^20240101git1-3.fc40", Cve5Status.Unaffected)]
    public void Evaluate_RpmVersionType_DecidesWhereDottedOrderCannotOrErrs(string lessThan, string version, Cve5Status dottedStatus)
    {
        Cve5Affected Entry(string versionType) =>
            new("Red Hat", "p", Cve5Status.Unaffected, [new Cve5AffectedVersion("0", Cve5Status.Affected, versionType, LessThan: lessThan)]);

        // An epoch on one side only, and a caret snapshot (which rpm sorts before 1.0.1), are beyond dotted order.
        Assert.Equal(dottedStatus, Cve5AffectedEvaluator.Evaluate([Entry("custom")], null, "p", version).Status);
        Assert.Equal(Cve5Status.Affected, Cve5AffectedEvaluator.Evaluate([Entry("rpm")], null, "p", version).Status);
    }

    [Fact]
    public void Evaluate_RpmVersionType_UnparsableVersionIsNotComparable()
    {
        Cve5Affected[] affected = [new("Red Hat", "kernel", Cve5Status.Affected, [new Cve5AffectedVersion("0", Cve5Status.Unaffected, "rpm", LessThan: "0:4.18.0-513.el8")])];

        var result = Cve5AffectedEvaluator.Evaluate(affected, "Red Hat", "kernel", "a:4.18.0-477.el8");

        Assert.Equal(Cve5Status.Unknown, result.Status);
        Assert.Equal(Cve5Basis.NotComparable, result.Basis);
        Assert.NotNull(result.Version);
    }

    [Fact]
    public void Evaluate_GitEntries_AreSkippedAndAGitOnlyProductIgnored()
    {
        Cve5Affected[] affected =
        [
            new("Linux", "Linux", Cve5Status.Affected, [new Cve5AffectedVersion("c8383054506c", Cve5Status.Affected, "git", LessThan: "9f13aacdd4ee")]),
            new("Linux", "Linux", Cve5Status.Unaffected,
            [
                new Cve5AffectedVersion("1f2e3d4", Cve5Status.Unknown, "git", LessThan: "*"),
                new Cve5AffectedVersion("6.1", Cve5Status.Affected, "semver", LessThan: "6.1.95"),
            ]),
        ];

        Assert.Equal(Cve5Status.Affected, Cve5AffectedEvaluator.Evaluate(affected, "linux", "linux", "6.1.90").Status);
        Assert.Equal(Cve5Status.Unaffected, Cve5AffectedEvaluator.Evaluate(affected, "linux", "linux", "6.1.95").Status);
    }

    [Fact]
    public void Evaluate_NamesAndPlatforms_SelectTheProductEntries()
    {
        Cve5Affected[] affected =
        [
            new("Widgets  LLC", " Flux Capacitor ", Cve5Status.Unaffected, [new Cve5AffectedVersion("1.0", Cve5Status.Affected)]) { Platforms = ["macOS"] },
            new("n/a", "n/a", Cve5Status.Affected, []),
            new(null, null, Cve5Status.Affected, []) { PackageName = "left-pad" },
        ];

        Assert.Equal(Cve5Status.Affected, Cve5AffectedEvaluator.Evaluate(affected, "widgets llc", "FLUX CAPACITOR", "1.0").Status);
        Assert.Equal(Cve5Status.Affected, Cve5AffectedEvaluator.Evaluate(affected, "widgets llc", "flux capacitor", "1.0", "MacOS").Status);
        Assert.Equal(Cve5Basis.ProductNotListed, Cve5AffectedEvaluator.Evaluate(affected, "widgets llc", "flux capacitor", "1.0", "Windows").Basis);
        Assert.Equal(Cve5Basis.ProductNotListed, Cve5AffectedEvaluator.Evaluate(affected, "other", "flux capacitor", "1.0").Basis);
        Assert.Equal(Cve5Status.Affected, Cve5AffectedEvaluator.Evaluate(affected, null, "flux capacitor", "1.0").Status);
        Assert.Equal(Cve5Basis.ProductNotListed, Cve5AffectedEvaluator.Evaluate(affected, "n/a", "n/a", "1.0").Basis);
        var package = Cve5AffectedEvaluator.Evaluate(affected, null, "left-pad", "1.3.0");
        Assert.Equal(Cve5Status.Affected, package.Status);
        Assert.Equal(Cve5Basis.DefaultStatus, package.Basis);
    }

    [Fact]
    public void Evaluate_SeveralProductEntries_AffectedWinsOverUnknownOverUnaffected()
    {
        Cve5Affected[] affected =
        [
            new("v", "p", Cve5Status.Unaffected, []) { Platforms = ["Windows"] },
            new("v", "p", Cve5Status.Unknown, []) { Platforms = ["Linux"] },
            new("v", "p", Cve5Status.Affected, []) { Platforms = ["macOS"] },
        ];

        Assert.Equal(Cve5Status.Affected, Cve5AffectedEvaluator.Evaluate(affected, "v", "p", "1").Status);
        Assert.Equal(Cve5Status.Unknown, Cve5AffectedEvaluator.Evaluate(affected.Take(2), "v", "p", "1").Status);
        Assert.Equal(Cve5Status.Unaffected, Cve5AffectedEvaluator.Evaluate(affected, "v", "p", "1", "windows").Status);
    }

    [Fact]
    public void Evaluate_UncomparableEntryAndNoneDeciding_IsNotComparable()
    {
        Cve5Affected[] affected =
        [
            new("v", "p", Cve5Status.Unaffected,
            [
                new Cve5AffectedVersion("1.0", Cve5Status.Affected, "custom", LessThan: "unspecified"),
                new Cve5AffectedVersion("0", Cve5Status.Affected, "custom", LessThan: "0.5"),
            ]),
        ];

        var undecided = Cve5AffectedEvaluator.Evaluate(affected, "v", "p", "1.2");
        var decided = Cve5AffectedEvaluator.Evaluate(affected, "v", "p", "0.4");

        Assert.Equal(Cve5Status.Unknown, undecided.Status);
        Assert.Equal(Cve5Basis.NotComparable, undecided.Basis);
        Assert.Equal("unspecified", undecided.Version?.LessThan);
        Assert.Equal(Cve5Status.Affected, decided.Status);
    }

    [Fact]
    public void Evaluate_BadArguments_Throw()
    {
        Assert.Throws<ArgumentException>(() => Cve5AffectedEvaluator.Evaluate([], "v", " ", "1"));
        Assert.Throws<ArgumentException>(() => Cve5AffectedEvaluator.Evaluate([], "v", "p", ""));
    }

    [Fact]
    public void Parse_RecordContainerOrArray_ReadsTheAffectedEntries()
    {
        const string record = """
            {"dataType":"CVE_RECORD","containers":{"cna":{"affected":[
              {"vendor":"V","product":"P","defaultStatus":"AFFECTED","platforms":["Linux",3],"packageName":"pkg",
               "versions":[{"version":"1.0","status":"unaffected","versionType":"semver","lessThanOrEqual":"1.2",
                            "changes":[{"at":"1.1","status":"affected"}]},{"version":"2.0","status":"fixed"}]}]},
              "adp":[{"affected":[{"vendor":"V","product":"Q"}]}]}}
            """;

        var entry = Assert.Single(Cve5AffectedParser.Parse(record));

        Assert.Equal(("V", "P", "pkg", Cve5Status.Affected), (entry.Vendor, entry.Product, entry.PackageName, entry.DefaultStatus));
        Assert.Equal(["Linux"], entry.Platforms);
        Assert.Equal(2, entry.Versions.Count);
        var range = entry.Versions[0];
        Assert.Equal(("1.0", Cve5Status.Unaffected, "semver", (string?)null, "1.2"), (range.Version, range.Status, range.VersionType, range.LessThan, range.LessThanOrEqual));
        Assert.True(range.IsRange);
        Assert.Equal(new Cve5VersionChange("1.1", Cve5Status.Affected), Assert.Single(range.Changes));
        Assert.Equal(Cve5Status.Unknown, entry.Versions[1].Status);
        Assert.False(entry.Versions[1].IsRange);
        Assert.Equal("Q", Assert.Single(Cve5AffectedParser.Parse("""{"affected":[{"vendor":"V","product":"Q"}]}""")).Product);
        Assert.Equal(Cve5Status.Unknown, Assert.Single(Cve5AffectedParser.Parse("""[{"product":"Q"}]""")).DefaultStatus);
        Assert.Empty(Cve5AffectedParser.Parse("""{"containers":{}}"""));
    }

    [Theory]
    [InlineData("""{"affected":{}}""", "affected: an array was expected")]
    [InlineData("""[{"product":1}]""", "affected[0].product: a string was expected")]
    [InlineData("""[{"product":"p","versions":[{"version":"1","changes":[{"status":"affected"}]}]}]""", "affected[0].versions[0].changes[0]: 'at' is missing")]
    [InlineData("""[{"product":"p","versions":["1.0"]}]""", "affected[0].versions[0]: an object was expected")]
    [InlineData("""[{""", "Not JSON")]
    public void Parse_Malformed_ThrowsFormatExceptionNamingThePlace(string json, string message)
    {
        var thrown = Assert.Throws<FormatException>(() => Cve5AffectedParser.Parse(json));
        Assert.Contains(message, thrown.Message, StringComparison.Ordinal);
    }

    // CVE-2023-4762 as vulnrichment publishes it: Chrome's CNA writes the fixed version in both fields, CISA's ADP adds "*".
    private const string ChromeWithAdpWildcard = """
        [{"vendor":"Google","product":"Chrome","versions":[{"version":"116.0.5845.179","status":"affected","lessThan":"116.0.5845.179","versionType":"custom"}]},
         {"cpes":["cpe:2.3:a:google:chrome:*:*:*:*:*:*:*:*"],"vendor":"google","product":"chrome","versions":[{"status":"affected","version":"*"}],
          "defaultStatus":"unknown","x_vigieOrigin":"adp"}]
        """;

    [Theory]
    [InlineData("110.0.5481.77", Cve5Status.Affected, false)]
    [InlineData("116.0.5845.140", Cve5Status.Affected, false)]
    [InlineData("116.0.5845.179", Cve5Status.Unknown, false)]
    [InlineData("130.0.6723.70", Cve5Status.Unknown, false)]
    public void Evaluate_CnaListsTheProduct_AdpWildcardDoesNotOverrideIt(string version, Cve5Status status, bool fromAdp)
    {
        var result = Cve5AffectedEvaluator.Evaluate(Cve5AffectedParser.Parse(ChromeWithAdpWildcard), "google", "chrome", version);

        Assert.Equal(status, result.Status);
        Assert.Equal(fromAdp, result.Product?.FromAdp);
    }

    [Fact]
    public void Evaluate_CnaSaysNothingOfTheProduct_AdpDecides()
    {
        var affected = Cve5AffectedParser.Parse("""
            [{"vendor":"n/a","product":"n/a","versions":[{"version":"n/a","status":"affected"}]},
             {"vendor":"ssh","product":"ssh","versions":[{"version":"1.2.27","status":"affected"}],"x_vigieOrigin":"adp"}]
            """);

        var listed = Cve5AffectedEvaluator.Evaluate(affected, "ssh", "ssh", "1.2.27");
        Assert.Equal(Cve5Status.Affected, listed.Status);
        Assert.True(listed.Product!.FromAdp);
        Assert.Equal(Cve5Basis.ProductNotListed, Cve5AffectedEvaluator.Evaluate(affected, "openbsd", "openssh", "9.0").Basis);
    }
}
