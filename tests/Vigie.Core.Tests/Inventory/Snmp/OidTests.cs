using Vigie.Core.Inventory.Snmp;

namespace Vigie.Core.Tests.Inventory.Snmp;

public class OidTests
{
    [Theory]
    [InlineData("1.3.6.1.2.1.1.5.0")]
    [InlineData(".1.3.6.1.2.1.1.5.0")]
    [InlineData(" 1.3.6.1.2.1.1.5.0 ")]
    public void Parse_WithOrWithoutLeadingDot_SameOid(string text)
    {
        var oid = Oid.Parse(text);

        Assert.Equal("1.3.6.1.2.1.1.5.0", oid.ToString());
        Assert.Equal(new Oid(1, 3, 6, 1, 2, 1, 1, 5, 0), oid);
        Assert.Equal(9, oid.Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("1..3")]
    [InlineData("1.3.")]
    [InlineData("1.3.x")]
    [InlineData("1.3.-6")]
    [InlineData("1.3.+6")]
    [InlineData("3.1")]
    [InlineData("1.40")]
    [InlineData("1.3.4294967296")]
    [InlineData("SNMPv2-MIB::sysName.0")]
    public void TryParse_Invalid_ReturnsFalse(string text)
    {
        Assert.False(Oid.TryParse(text, out _));
        Assert.Throws<FormatException>(() => Oid.Parse(text));
    }

    [Fact]
    public void Parse_LargestArcAndZeroZero_Accepted()
    {
        Assert.Equal(uint.MaxValue, Oid.Parse("2.999.4294967295")[2]);
        Assert.Equal("0.0", Oid.Parse(".0.0").ToString());
    }

    [Fact]
    public void CompareTo_MibOrder_PrefixFirstThenArcByArc()
    {
        var sorted = new[] { "1.3.6.1.3", "1.3.6.1.2.1", "1.3.6.1.2", "1.3.6.1.2.1.10", "1.3.6.1.2.1.9" }
            .Select(Oid.Parse)
            .Order()
            .Select(oid => oid.ToString());

        Assert.Equal(["1.3.6.1.2", "1.3.6.1.2.1", "1.3.6.1.2.1.9", "1.3.6.1.2.1.10", "1.3.6.1.3"], sorted);
        Assert.True(Oid.Parse("1.3.6.1.2.1.2") < Oid.Parse("1.3.6.1.2.1.10"));
        Assert.True(Oid.Parse("1.3.6.1.2.1") <= Oid.Parse("1.3.6.1.2.1"));
    }

    [Fact]
    public void StartsWith_SubtreeAndSelf_TrueOutsideFalse()
    {
        var ifTable = Oid.Parse("1.3.6.1.2.1.2.2");

        Assert.True(Oid.Parse("1.3.6.1.2.1.2.2.1.2.4").StartsWith(ifTable));
        Assert.True(ifTable.StartsWith(ifTable));
        Assert.False(ifTable.IsDescendantOf(ifTable));
        Assert.False(Oid.Parse("1.3.6.1.2.1.2.20").StartsWith(ifTable));
        Assert.False(Oid.Parse("1.3.6.1.2.1.2").StartsWith(ifTable));
    }

    [Fact]
    public void AppendAndSuffixAfter_TableIndex_RoundTrip()
    {
        var entry = Oid.Parse("1.3.6.1.2.1.4.20.1");
        var cell = entry.Append(1, 10, 0, 0, 1);

        Assert.Equal("1.3.6.1.2.1.4.20.1.1.10.0.0.1", cell.ToString());
        Assert.Equal("1.10.0.0.1", cell.SuffixAfter(entry));
        Assert.Throws<ArgumentException>(() => entry.SuffixAfter(cell));
    }

    [Fact]
    public void Equality_SameArcs_EqualWithSameHash()
    {
        var a = Oid.Parse("1.3.6.1.4.1.8072.3.2.10");
        var b = new Oid(1, 3, 6, 1, 4, 1, 8072, 3, 2, 10);

        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, Oid.Parse("1.3.6.1.4.1.8072.3.2.1"));
    }

    [Fact]
    public void Default_EmptyOid_ComparesBeforeAnyOther()
    {
        Oid empty = default;

        Assert.Equal(0, empty.Length);
        Assert.Equal(string.Empty, empty.ToString());
        Assert.True(empty < Oid.Parse("0.0"));
    }
}
