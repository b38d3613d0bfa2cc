using System.Text;
using Vigie.Core.Common;
using Vigie.Core.Vault.Imports;

namespace Vigie.Core.Tests.Vault.Imports;

public class ImportSourcesTests
{
    [Fact]
    public void Csv_BitwardenOrganisationHeader_FirstCollectionIsTheFolder()
    {
        var content = CsvImportSource.Read(Encoding.UTF8.GetBytes(
            "collections,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp\n"
            + "\"Infra/Linux,Shared\",login,web,,,0,https://web.example,root,  spaced pw  ,\n"), 10);

        var entry = Assert.Single(content.Entries);
        Assert.Equal(("bitwarden-csv", "web"), (content.Format, entry.Title));
        Assert.Equal(["Infra", "Linux"], entry.Folder);
        Assert.Equal("  spaced pw  ", Assert.Single(entry.States).Password);
    }

    [Theory]
    [InlineData("Title,Password\nx,y\n", "unknown_csv_format")]
    [InlineData("\n\n", "bad_file")]
    public void Csv_UnknownHeaderOrNoHeader_Refused(string text, string code)
    {
        var refused = Assert.Throws<ProblemException>(() => CsvImportSource.Read(Encoding.UTF8.GetBytes(text), 10));

        Assert.Equal((400, code), (refused.Status, refused.Code));
    }

    [Fact]
    public void Csv_MoreRecordsThanAllowed_RefusedWhole()
    {
        var text = "\"Group\",\"Title\",\"Username\",\"Password\",\"URL\",\"Notes\",\"TOTP\",\"Icon\",\"Last Modified\",\"Created\"\n"
            + string.Concat(Enumerable.Repeat("\"Root\",\"t\",\"\",\"\",\"\",\"\",\"\",\"0\",\"\",\"\"\n", 3));

        Assert.Equal("bad_file", Assert.Throws<ProblemException>(() => CsvImportSource.Read(Encoding.UTF8.GetBytes(text), 2)).Code);
        Assert.Equal(3, CsvImportSource.Read(Encoding.UTF8.GetBytes(text), 3).Entries.Count);
    }

    [Theory]
    [InlineData("Web/Mail", "Web-Mail")]
    [InlineData("  tab\there  ", "tabhere")]
    [InlineData("\u0001", FolderPath.NoName)]
    public void FolderName_Clean_FitForTheVault(string name, string expected) => Assert.Equal(expected, FolderPath.Clean(name));

    [Fact]
    public void FolderPath_Split_EmptySegmentsIgnored() => Assert.Equal(["A", "B"], FolderPath.Split("/A//B/ "));

    [Fact]
    public async Task Buffer_PastTheCap_413()
    {
        using (var fits = await ImportBuffer.ReadAsync(new MemoryStream(new byte[200_000]), 200_000, CancellationToken.None))
        {
            Assert.Equal(200_000, fits.Length);
        }
        var refused = await Assert.ThrowsAsync<ProblemException>(() => ImportBuffer.ReadAsync(new MemoryStream(new byte[200_001]), 200_000, CancellationToken.None));
        Assert.Equal((413, "file_too_large"), (refused.Status, refused.Code));
    }
}
