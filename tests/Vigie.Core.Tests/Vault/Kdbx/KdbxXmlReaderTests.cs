using System.Text;
using Vigie.Core.Vault.Kdbx;

namespace Vigie.Core.Tests.Vault.Kdbx;

public class KdbxXmlReaderTests
{
    [Fact]
    public void Read_Dtd_RefusedWithoutExpandingEntities()
    {
        const string xml = """
            <?xml version="1.0"?>
            <!DOCTYPE KeePassFile [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
            <KeePassFile><Root><Group><Name>&b;</Name></Group></Root></KeePassFile>
            """;
        var error = Assert.Throws<KdbxFormatException>(() => Read(xml));
        Assert.Equal(KdbxError.Corrupted, error.Error);
        Assert.StartsWith("corrupted file (invalid XML at line", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DeeplyNestedGroups_Refused()
    {
        var xml = "<KeePassFile><Root>" + string.Concat(Enumerable.Repeat("<Group>", 500)) + string.Concat(Enumerable.Repeat("</Group>", 500)) + "</Root></KeePassFile>";
        Assert.Equal(KdbxError.LimitExceeded, Assert.Throws<KdbxFormatException>(() => Read(xml)).Error);
    }

    [Fact]
    public void Read_NoRoot_Corrupted() =>
        Assert.Equal("corrupted file (no Root group)", Assert.Throws<KdbxFormatException>(() => Read("<KeePassFile><Meta/></KeePassFile>")).Message);

    [Fact]
    public void Read_TruncatedXml_ErrorDoesNotQuoteTheDocument()
    {
        var error = Assert.Throws<KdbxFormatException>(() => Read("<KeePassFile><Root><Group><Name>secret-looking-text"));
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ProtectedValuesInSkippedElements_StillAdvanceTheStream()
    {
        var key = new byte[32];
        var nonce = new byte[12];
        string Mask(string value, ChaCha20 stream)
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            stream.Xor(bytes);
            return Convert.ToBase64String(bytes);
        }
        string xml;
        using (var writer = new ChaCha20(key, nonce, 0))
        {
            xml = $"""
                <KeePassFile>
                  <Meta><Binaries><Binary ID="0" Protected="True">{Mask("attachment bytes", writer)}</Binary></Binaries></Meta>
                  <Root><Group><Name>g</Name>
                    <Entry>
                      <String><Key>Password</Key><Value Protected="True">{Mask("first", writer)}</Value></String>
                      <Unknown><Deeper Protected="True">{Mask("skipped", writer)}</Deeper></Unknown>
                      <String><Key>Other</Key><Value Protected="True">{Mask("second", writer)}</Value></String>
                      <String><Key>Blank</Key><Value> </Value></String>
                    </Entry>
                  </Group></Root>
                </KeePassFile>
                """;
        }
        using var reader = new ChaCha20(key, nonce, 0);
        var (db, _) = KdbxXmlReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(xml)), reader, KdbxReadLimits.Default);
        using (db)
        {
            var entry = Assert.Single(db.Root.Entries);
            Assert.Equal("first", entry.Password.Reveal());
            Assert.Equal([("Other", "second", true), ("Blank", " ", false)], entry.Fields.Select(f => (f.Name, f.Value.Reveal(), f.IsProtected)));
        }
    }

    private static void Read(string xml) =>
        KdbxXmlReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(xml)), null, KdbxReadLimits.Default).Database.Dispose();
}
