using Vigie.Core.Inventory;
using Vigie.Core.Inventory.Agent;

namespace Vigie.Core.Tests.Inventory;

public class InventoryParserTests
{
    [Theory]
    [InlineData("2025/04/20 00:00:00", "2025-04-20")]
    [InlineData("2025-05-24", "2025-05-24")]
    [InlineData("2024/02/29 10:11:12", "2024-02-29")]
    [InlineData("24/12/2023", "2023-12-24")]
    [InlineData("20230102", "2023-01-02")]
    [InlineData("1970-00-01", "1970-00-01")]
    [InlineData("2023/02/30 00:00:00", "2023/02/30 00:00:00")]
    [InlineData("yesterday", "yesterday")]
    public void NormaliseDate_AgentFormats_IsoDateOrUnchanged(string raw, string expected) =>
        Assert.Equal(expected, InventoryParser.NormaliseDate(raw));

    [Theory]
    [InlineData("02:FC:00:00:00:01", "02:fc:00:00:00:01")]
    [InlineData("02-fc-00-00-00-01", "02:fc:00:00:00:01")]
    [InlineData("00:00:00:00:00:00", null)]
    [InlineData("FC:00:00:00:01", null)]
    public void NormaliseMac_Variants(string raw, string? expected) => Assert.Equal(expected, InventoryParser.NormaliseMac(raw));

    [Theory]
    [InlineData("274877.906944", 274878L)]
    [InlineData("-1 Mbps", -1L)]
    [InlineData("2 MiB (2 instances)", 2L)]
    [InlineData("", null)]
    [InlineData("n/a", null)]
    public void Long_NumbersWithUnits(string raw, long? expected) => Assert.Equal(expected, InventoryParser.Long(raw));

    [Theory]
    [InlineData("3.0.11", "3.0.2", 1)]
    [InlineData("3.0.11", "3.0.11", 0)]
    [InlineData("1:1.0", "9.9", 1)]
    [InlineData("1.0~rc1", "1.0", -1)]
    [InlineData("3.0.19-1~deb12u2", "3.0.11", 1)]
    [InlineData("3.0.19-1~deb12u2", "3.0.19-1", -1)]
    [InlineData("1.1.1", "1.1.1w", -1)]
    [InlineData("1.0.1", "1.0a", 1)]
    [InlineData("10", "9", 1)]
    public void TolerantVersion_Orders(string a, string b, int expected) => Assert.Equal(expected, Math.Sign(TolerantVersion.Compare(a, b)));
}
