using Vigie.Core.Vulnerabilities.Matching;

namespace Vigie.Core.Tests.Vulnerabilities.Matching;

public sealed class NvdConfigurationParserTests
{
    private const string RunningOn = """
        [{"operator":"AND","nodes":[
          {"operator":"OR","negate":false,"cpeMatch":[
            {"vulnerable":true,"criteria":"cpe:2.3:a:ibm:security_verify_privilege_on-premises:*:*:*:*:*:*:*:*",
             "versionEndExcluding":"11.5","matchCriteriaId":"CEE9CBED-455C-4B83-A735-76EE4C7E331A"}]},
          {"operator":"OR","negate":true,"cpeMatch":[
            {"vulnerable":false,"criteria":"cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*"}]}]}]
        """;

    [Fact]
    public void Parse_ConfigurationsArray_ReadsEveryField()
    {
        var configurations = NvdConfigurationParser.Parse(RunningOn);

        var configuration = Assert.Single(configurations);
        Assert.Equal(NvdOperator.And, configuration.Operator);
        Assert.False(configuration.Negate);
        Assert.Equal(2, configuration.Nodes.Count);
        var app = Assert.Single(configuration.Nodes[0].CpeMatches);
        Assert.True(app.Vulnerable);
        Assert.Equal("security_verify_privilege_on-premises", app.Criteria.Product.Value);
        Assert.Equal("11.5", app.VersionEndExcluding);
        Assert.Null(app.VersionStartIncluding);
        Assert.True(app.HasVersionRange);
        Assert.Equal("CEE9CBED-455C-4B83-A735-76EE4C7E331A", app.MatchCriteriaId);
        Assert.True(configuration.Nodes[1].Negate);
        var platform = Assert.Single(configuration.Nodes[1].CpeMatches);
        Assert.False(platform.Vulnerable);
        Assert.False(platform.HasVersionRange);
        Assert.True(platform.Criteria.Version.IsNotApplicable);
    }

    [Fact]
    public void Parse_MissingOperatorAndNegate_DefaultToOrAndFalse()
    {
        var configuration = Assert.Single(NvdConfigurationParser.Parse("""
            [{"nodes":[{"cpeMatch":[{"vulnerable":true,"criteria":"cpe:2.3:a:a:b:1.0:*:*:*:*:*:*:*"}]},
                       {"cpeMatch":[]}]}]
            """));

        Assert.Equal(NvdOperator.Or, configuration.Operator);
        Assert.False(configuration.Negate);
        Assert.Equal(NvdOperator.Or, configuration.Nodes[0].Operator);
        Assert.False(configuration.Nodes[0].Negate);
        Assert.Empty(configuration.Nodes[1].CpeMatches);
    }

    [Theory]
    [InlineData("""{"configurations":[{"nodes":[]}]}""", 1)]
    [InlineData("""{"cve":{"id":"CVE-1","configurations":[{"nodes":[]},{"nodes":[]}]}}""", 2)]
    [InlineData("""{"cve":{"id":"CVE-1","vulnStatus":"Awaiting Analysis"}}""", 0)]
    [InlineData("""{"_annotation":{},"cve":{"configurations":[]}}""", 0)]
    [InlineData("[]", 0)]
    public void Parse_RecordShapes_FindTheConfigurations(string json, int count)
    {
        Assert.Equal(count, NvdConfigurationParser.Parse(json).Count);
    }

    [Theory]
    [InlineData("""[{"nodes":[{"cpeMatch":[{"vulnerable":true}]}]}]""", "configurations[0].nodes[0].cpeMatch[0]: 'criteria' is missing")]
    [InlineData("""[{"nodes":[{"cpeMatch":[{"criteria":"cpe:2.3:a:a:b:*:*:*:*:*:*:*:*"}]}]}]""", "'vulnerable' is missing")]
    [InlineData("""[{"nodes":[{"cpeMatch":[{"vulnerable":"yes","criteria":"cpe:2.3:a:a:b:*:*:*:*:*:*:*:*"}]}]}]""", "vulnerable: true or false was expected")]
    [InlineData("""[{"nodes":[{"cpeMatch":[{"vulnerable":true,"criteria":"cpe:2.3:a:a:b"}]}]}]""", "configurations[0].nodes[0].cpeMatch[0].criteria 'cpe:2.3:a:a:b'")]
    [InlineData("""[{"nodes":[{"cpeMatch":[{"vulnerable":true,"criteria":"cpe:2.3:a:a:b:*:*:*:*:*:*:*:*","versionEndExcluding":2}]}]}]""", "versionEndExcluding: a string was expected")]
    [InlineData("""[{"operator":"XOR","nodes":[]}]""", "'XOR' is neither AND nor OR")]
    [InlineData("""[{"operator":"OR"}]""", "configurations[0]: 'nodes' is missing")]
    [InlineData("""[{"nodes":{}}]""", "configurations[0].nodes: an array was expected")]
    [InlineData("""[1]""", "configurations[0]: an object was expected")]
    [InlineData("""{"configurations":{}}""", "configurations: an array was expected")]
    [InlineData("""[{"nodes":[""", "Not JSON")]
    public void Parse_Malformed_ThrowsFormatExceptionNamingThePlace(string json, string message)
    {
        var thrown = Assert.Throws<FormatException>(() => NvdConfigurationParser.Parse(json));
        Assert.Contains(message, thrown.Message, StringComparison.Ordinal);
    }
}
