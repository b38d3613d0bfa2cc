using Vigie.Core.Vulnerabilities.Matching;

namespace Vigie.Core.Tests.Vulnerabilities.Matching;

public sealed class Cpe23ParseTests
{
    [Fact]
    public void Parse_PlainNvdCriteria_ExposesEveryAttribute()
    {
        var cpe = Cpe23.Parse("cpe:2.3:a:netapp:clustered_data_ontap:9.8:p7:*:*:*:*:*:*");

        Assert.Equal("a", cpe.Part.Value);
        Assert.Equal("netapp", cpe.Vendor.Value);
        Assert.Equal("clustered_data_ontap", cpe.Product.Value);
        Assert.Equal("9.8", cpe.Version.Value);
        Assert.Equal("p7", cpe.Update.Value);
        Assert.True(cpe.Edition.IsAny);
        Assert.True(cpe.Other.IsAny);
        Assert.Equal(cpe.Update, cpe[CpeAttribute.Update]);
        Assert.Equal("cpe:2.3:a:netapp:clustered_data_ontap:9.8:p7:*:*:*:*:*:*", cpe.ToString());
    }

    [Fact]
    public void Parse_AnyAndNotApplicable_AreLogicalValues()
    {
        var cpe = Cpe23.Parse("cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*");

        Assert.Equal(CpeValueKind.NotApplicable, cpe.Version.Kind);
        Assert.True(cpe.Version.IsNotApplicable);
        Assert.Equal(CpeValueKind.Any, cpe.Update.Kind);
        Assert.Same(CpeValue.Any, cpe.Update);
        Assert.Same(CpeValue.NotApplicable, cpe.Version);
    }

    // Escaped criteria as they appear in the NVD data in shared/data/cve (Anchore overrides).
    [Theory]
    [InlineData(@"cpe:2.3:a:miyagawa:plack\:\:middleware\:\:session\:\:cookie:*:*:*:*:*:perl:*:*", CpeAttribute.Product, "plack::middleware::session::cookie")]
    [InlineData(@"cpe:2.3:a:backpackforlaravel:backpack\\crud:*:*:*:*:*:php:*:*", CpeAttribute.Product, @"backpack\crud")]
    [InlineData(@"cpe:2.3:a:joplin_project:\@joplinapp\/renderer:*:*:*:*:*:node.js:*:*", CpeAttribute.Product, "@joplinapp/renderer")]
    [InlineData(@"cpe:2.3:a:designextreme:we\'re_open\!:*:*:*:*:*:wordpress:*:*", CpeAttribute.Product, "we're_open!")]
    [InlineData(@"cpe:2.3:a:wpvivid:migration\,_backup\,_staging:*:*:*:*:*:wordpress:*:*", CpeAttribute.Product, "migration,_backup,_staging")]
    [InlineData(@"cpe:2.3:a:hasthemes:woolentor_-_woocommerce_elementor_addons_\+_builder:*:*:*:*:*:wordpress:*:*", CpeAttribute.Product, "woolentor_-_woocommerce_elementor_addons_+_builder")]
    [InlineData(@"cpe:2.3:a:unlimited-elements:unlimited_elements_for_elementor_\(free_widgets\,_addons\,_templates\):*:*:*:*:*:wordpress:*:*", CpeAttribute.Product, "unlimited_elements_for_elementor_(free_widgets,_addons,_templates)")]
    [InlineData(@"cpe:2.3:a:apple:swiftnio_http\/2:*:*:*:*:*:swift:*:*", CpeAttribute.Product, "swiftnio_http/2")]
    [InlineData(@"cpe:2.3:o:cisco:ios:15.9\(3\)m7:*:*:*:*:*:*:*", CpeAttribute.Version, "15.9(3)m7")]
    [InlineData(@"cpe:2.3:a:example:product:1\.0:*:*:*:*:*:*:*", CpeAttribute.Version, "1.0")]
    public void Parse_EscapedCharacters_AreUnescapedInValue(string formatted, CpeAttribute attribute, string value)
    {
        var cpe = Cpe23.Parse(formatted);

        Assert.Equal(value, cpe[attribute].Value);
        Assert.False(cpe[attribute].HasWildcards);
        Assert.Equal(formatted, cpe.ToString());
        Assert.Equal(cpe[attribute], CpeValue.Literal(value));
    }

    [Theory]
    [InlineData(@"cpe:2.3:a:wpgeodirectory:events_calendar*:*:*:*:*:*:wordpress:*:*", "events_calendar*")]
    [InlineData(@"cpe:2.3:a:evanliewer:illi_link_party\!*:*:*:*:*:*:wordpress:*:*", "illi_link_party!*")]
    [InlineData(@"cpe:2.3:a:donweb:envialosimple\:*:*:*:*:*:*:wordpress:*:*", "envialosimple:*")]
    [InlineData(@"cpe:2.3:a:vendor:??product*:*:*:*:*:*:*:*:*", "??product*")]
    public void Parse_UnescapedWildcardsAtEnds_AreWildcards(string formatted, string product)
    {
        var cpe = Cpe23.Parse(formatted);

        Assert.Equal(product, cpe.Product.Value);
        Assert.True(cpe.Product.HasWildcards);
        Assert.Equal(CpeValueKind.Value, cpe.Product.Kind);
        Assert.True(cpe.Version.IsAny);
    }

    [Fact]
    public void Parse_EscapedWildcard_IsLiteral()
    {
        var cpe = Cpe23.Parse(@"cpe:2.3:a:vendor:star\*:1\?:*:*:*:*:*:*:*");

        Assert.Equal("star*", cpe.Product.Value);
        Assert.False(cpe.Product.HasWildcards);
        Assert.Equal("1?", cpe.Version.Value);
    }

    [Theory]
    [InlineData(null, "does not start with")]
    [InlineData("cpe:/a:apache:http_server:2.4.57", "does not start with")]
    [InlineData("cpe:2.3:a:apache:http_server:2.4.57", "11 attributes expected")]
    [InlineData("cpe:2.3:a:apache:http_server:2.4.57:*:*:*:*:*:*:*:*", "11 attributes expected")]
    [InlineData("cpe:2.3:x:apache:http_server:*:*:*:*:*:*:*:*", "part must be")]
    [InlineData("cpe:2.3:a::http_server:*:*:*:*:*:*:*:*", "empty")]
    [InlineData("cpe:2.3:a:apache:http server:*:*:*:*:*:*:*:*", "' ' must be escaped")]
    [InlineData("cpe:2.3:a:apache:http(server):*:*:*:*:*:*:*:*", "'(' must be escaped")]
    [InlineData("cpe:2.3:a:apache:http*server:*:*:*:*:*:*:*:*", "only start or end")]
    [InlineData("cpe:2.3:a:apache:**:*:*:*:*:*:*:*:*", "wildcards may only be")]
    [InlineData("cpe:2.3:a:apache:?*x:*:*:*:*:*:*:*:*", "wildcards may only be")]
    [InlineData("cpe:2.3:a:apache:??:*:*:*:*:*:*:*:*", "only wildcards")]
    [InlineData(@"cpe:2.3:a:apache:http\server:*:*:*:*:*:*:*:*", "punctuation")]
    [InlineData(@"cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:x\", "punctuation")]
    public void TryParse_Malformed_IsRejectedWithReason(string? formatted, string reason)
    {
        Assert.False(Cpe23.TryParse(formatted, out var cpe, out var error));
        Assert.Null(cpe);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        if (formatted is not null)
        {
            Assert.Throws<FormatException>(() => Cpe23.Parse(formatted));
        }
    }

    [Fact]
    public void Create_InventoryStrings_AreEscapedAndParseBack()
    {
        var cpe = Cpe23.Create('a', "don_ho", "notepad++", "8.6.2");

        Assert.Equal(@"cpe:2.3:a:don_ho:notepad\+\+:8.6.2:*:*:*:*:*:*:*", cpe.ToString());
        Assert.Equal("notepad++", cpe.Product.Value);
        Assert.Equal(cpe, Cpe23.Parse(cpe.ToString()));
    }

    [Fact]
    public void Create_WithoutVersion_LeavesVersionAny()
    {
        Assert.True(Cpe23.Create('o', "microsoft", "windows").Version.IsAny);
        Assert.True(Cpe23.Create('o', "microsoft", "windows", "").Version.IsAny);
        Assert.Throws<ArgumentOutOfRangeException>(() => Cpe23.Create('x', "a", "b"));
    }

    [Fact]
    public void Literal_SpecialStrings_AreNotLogicalValues()
    {
        Assert.Equal(@"\*", CpeValue.Literal("*").Formatted);
        Assert.Equal(@"\-", CpeValue.Literal("-").Formatted);
        Assert.Equal(CpeValueKind.Value, CpeValue.ParseFormatted(@"\-").Kind);
        Assert.Equal("my_app", CpeValue.Literal("my app").Value);
        Assert.Equal("Intel®_Graphics", CpeValue.ParseFormatted(CpeValue.Literal("Intel® Graphics").Formatted).Value);
        Assert.Throws<ArgumentException>(() => CpeValue.Literal("a\u0001b"));
    }

    [Fact]
    public void With_ReplacesOneAttribute()
    {
        var cpe = Cpe23.Create('a', "wpgeodirectory", "events_calendar", "2.3.28")
            .With(CpeAttribute.TargetSoftware, CpeValue.Literal("wordpress"))
            .With(CpeAttribute.Update, CpeValue.NotApplicable);

        Assert.Equal("cpe:2.3:a:wpgeodirectory:events_calendar:2.3.28:-:*:*:*:wordpress:*:*", cpe.ToString());
        Assert.Throws<ArgumentException>(() => cpe.With(CpeAttribute.Part, CpeValue.Literal("x")));
    }

    [Fact]
    public void Equals_IgnoresCaseAndEscapingStyle()
    {
        var a = Cpe23.Parse(@"cpe:2.3:a:Example:Product:1\.0:*:*:*:*:*:*:*");
        var b = Cpe23.Parse("cpe:2.3:a:example:product:1.0:*:*:*:*:*:*:*");

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(b, Cpe23.Parse("cpe:2.3:a:example:product:1.0:-:*:*:*:*:*:*"));
        Assert.NotEqual(CpeValue.ParseFormatted("abc*"), CpeValue.ParseFormatted(@"abc\*"));
    }
}
