using Vigie.Core.Vulnerabilities.Matching;

namespace Vigie.Core.Tests.Vulnerabilities.Matching;

public sealed class CpeMatchingTests
{
    [Theory]
    [InlineData("*", "*", true)]
    [InlineData("*", "-", true)]
    [InlineData("*", "firefox", true)]
    [InlineData("-", "-", true)]
    [InlineData("-", "firefox", false)]
    [InlineData("-", "*", false)]
    [InlineData("firefox", "-", false)]
    [InlineData("firefox", "*", false)]
    [InlineData("firefox", "firefox", true)]
    [InlineData("firefox", "Firefox", true)]
    [InlineData("firefox", "firefox_esr", false)]
    [InlineData(@"plack\:\:middleware", @"PLACK\:\:Middleware", true)]
    [InlineData(@"1\.0", "1.0", true)]
    public void Matches_StandardMode_FollowsNameMatchingRules(string source, string target, bool expected)
    {
        Assert.Equal(expected, CpeValue.ParseFormatted(source).Matches(CpeValue.ParseFormatted(target)));
    }

    [Theory]
    [InlineData("firefox", true)]
    [InlineData("-", true)]
    [InlineData("*", true)]
    [InlineData("events_calendar*", true)]
    public void Matches_UnknownTargetMode_TargetAnyMatchesEverything(string source, bool expected)
    {
        Assert.Equal(expected, CpeValue.ParseFormatted(source).Matches(CpeValue.Any, CpeMatchMode.UnknownTargetMatches));
    }

    [Fact]
    public void Matches_UnknownTargetMode_NaStillMatchesOnlyNa()
    {
        var source = CpeValue.NotApplicable;

        Assert.False(source.Matches(CpeValue.Literal("10"), CpeMatchMode.UnknownTargetMatches));
        Assert.True(source.Matches(CpeValue.NotApplicable, CpeMatchMode.UnknownTargetMatches));
        Assert.False(CpeValue.Literal("10").Matches(CpeValue.NotApplicable, CpeMatchMode.UnknownTargetMatches));
    }

    // The wildcard criteria are real (Anchore overrides); the targets are what an inventory could produce.
    [Theory]
    [InlineData("events_calendar*", "events_calendar", true)]
    [InlineData("events_calendar*", "Events_Calendar_Pro", true)]
    [InlineData("events_calendar*", "my_events_calendar", false)]
    [InlineData(@"illi_link_party\!*", "illi_link_party!", true)]
    [InlineData(@"illi_link_party\!*", "illi_link_party", false)]
    [InlineData(@"envialosimple\:*", "envialosimple:_email_marketing", true)]
    [InlineData(@"envialosimple\:*", "envialosimple", false)]
    [InlineData("*calendar", "events_calendar", true)]
    [InlineData("*calendar", "calendar_pro", false)]
    [InlineData("*calendar*", "the_calendar_pro", true)]
    [InlineData("?.0", "1.0", true)]
    [InlineData("?.0", "10.0", false)]
    [InlineData("??.0", "10.0", true)]
    [InlineData("1.?", "1.5", true)]
    [InlineData("1.?", "1.", false)]
    [InlineData("1.??", "1.5", false)]
    [InlineData("?1.?", "21.5", true)]
    [InlineData("?1*", "21.5.3", true)]
    [InlineData("*1?", "2.1x", true)]
    public void Matches_WildcardSource_MatchesAsPattern(string source, string target, bool expected)
    {
        Assert.Equal(expected, CpeValue.ParseFormatted(source).Matches(CpeValue.Literal(target)));
    }

    [Fact]
    public void Matches_TargetWithWildcards_MatchesOnlySourceAny()
    {
        var target = CpeValue.ParseFormatted("firefox*");

        Assert.False(CpeValue.Literal("firefox").Matches(target));
        Assert.False(CpeValue.ParseFormatted("firefox*").Matches(target));
        Assert.True(CpeValue.Any.Matches(target));
    }

    [Fact]
    public void Matches_WholeNames_ChecksEveryAttribute()
    {
        var criterion = Cpe23.Parse("cpe:2.3:a:automattic:activitypub:*:*:*:*:*:wordpress:*:*");
        var plugin = Cpe23.Parse("cpe:2.3:a:automattic:activitypub:0.17.0:*:*:*:*:wordpress:*:*");
        var unknownTarget = Cpe23.Create('a', "automattic", "activitypub", "0.17.0");
        var otherTarget = unknownTarget.With(CpeAttribute.TargetSoftware, CpeValue.Literal("joomla"));

        Assert.True(criterion.Matches(plugin));
        Assert.False(criterion.Matches(unknownTarget));
        Assert.True(criterion.Matches(unknownTarget, CpeMatchMode.UnknownTargetMatches));
        Assert.False(criterion.Matches(otherTarget, CpeMatchMode.UnknownTargetMatches));
        Assert.False(criterion.Matches(plugin.With(CpeAttribute.Part, CpeValue.Literal("o"))));
        Assert.False(criterion.Matches(plugin.With(CpeAttribute.Vendor, CpeValue.Literal("wordpress"))));
    }

    [Fact]
    public void Matches_ExactVersionCriterion_ComparesVersionLiterally()
    {
        var criterion = Cpe23.Parse("cpe:2.3:a:netapp:clustered_data_ontap:9.8:p7:*:*:*:*:*:*");

        Assert.True(criterion.Matches(Cpe23.Parse("cpe:2.3:a:netapp:clustered_data_ontap:9.8:p7:*:*:*:*:*:*")));
        Assert.False(criterion.Matches(Cpe23.Parse("cpe:2.3:a:netapp:clustered_data_ontap:9.8:-:*:*:*:*:*:*")));
        Assert.False(criterion.Matches(Cpe23.Parse("cpe:2.3:a:netapp:clustered_data_ontap:9.8.1:p7:*:*:*:*:*:*")));
    }
}
