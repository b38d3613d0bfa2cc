using Vigie.Core.Vault.Imports;

namespace Vigie.Core.Tests.Vault.Imports;

public class CsvRecordsTests
{
    [Fact]
    public void Read_QuotedCommasQuotesAndLineBreaks_FieldsAndStartingLines()
    {
        var records = CsvRecords.Read("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"one\ntwo\r\nthree\"\n\nlast,,\n").ToList();

        Assert.Equal([1, 2, 6], records.Select(r => r.Line));
        Assert.Equal(["x, y", "say \"hi\"", "one\ntwo\r\nthree"], records[1].Fields);
        Assert.Equal(["last", "", ""], records[2].Fields);
    }

    [Fact]
    public void Read_NoFinalLineBreak_LoneCarriageReturns_BareQuoteInUnquotedField()
    {
        var records = CsvRecords.Read("h1,h2\r5\" disk,x\rend,\"\"").ToList();

        Assert.Equal([["h1", "h2"], ["5\" disk", "x"], ["end", ""]], records.Select(r => r.Fields));
        Assert.Equal([1, 2, 3], records.Select(r => r.Line));
    }

    [Theory]
    [InlineData("h\n\"open\nstill open", 2, "never closed")]
    [InlineData("h1,h2\nok,ok\n\"closed\"junk,x", 3, "closing quote")]
    public void Read_BrokenFile_LineOfTheProblem(string text, int line, string message)
    {
        var broken = Assert.Throws<CsvFormatException>(() => CsvRecords.Read(text).ToList());

        Assert.Equal(line, broken.Line);
        Assert.Contains(message, broken.Message, StringComparison.Ordinal);
    }
}
