using Vigie.Core.Vulnerabilities.Translation;

namespace Vigie.Core.Tests.Vulnerabilities.Translation;

public class SoftwareTranslatorTests
{
    // Names and versions as Windows' installed-programs list (and so the OCS/Fusion agents) report them.
    [Theory]
    [InlineData("Mozilla", "Mozilla Firefox (x64 fr)", "128.0.3", "mozilla", "firefox", "128.0.3", null)]
    [InlineData("Mozilla", "Mozilla Firefox ESR (x64 fr)", "115.14.0", "mozilla", "firefox_esr", "115.14.0", null)]
    [InlineData("Mozilla", "Mozilla Thunderbird (x64 fr)", "128.1.0", "mozilla", "thunderbird", "128.1.0", null)]
    [InlineData("Google LLC", "Google Chrome", "127.0.6533.100", "google", "chrome", "127.0.6533.100", null)]
    [InlineData("Microsoft Corporation", "Microsoft Edge", "127.0.2651.98", "microsoft", "edge_chromium", "127.0.2651.98", null)]
    [InlineData("The Document Foundation", "LibreOffice 7.6.7.2", "7.6.7.2", "libreoffice", "libreoffice", "7.6.7.2", null)]
    [InlineData("Microsoft Corporation", "Microsoft Office Professional Plus 2016", "16.0.4266.1001", "microsoft", "office", "2016", null)]
    [InlineData("Microsoft Corporation", "Microsoft 365 Apps for enterprise - fr-fr", "16.0.17726.20160", "microsoft", "365_apps", "16.0.17726.20160", null)]
    [InlineData("Oracle Corporation", "Java 8 Update 381 (64-bit)", "8.0.3810.9", "oracle", "jre", "1.8.0", "update_381")]
    [InlineData("Adobe", "Adobe Acrobat Reader DC - Français", "24.002.20991", "adobe", "acrobat_reader_dc", "24.002.20991", null)]
    [InlineData("Igor Pavlov", "7-Zip 23.01 (x64)", "23.01", "7-zip", "7-zip", "23.01", null)]
    [InlineData("VideoLAN", "VLC media player", "3.0.20", "videolan", "vlc_media_player", "3.0.20", null)]
    [InlineData("Simon Tatham", "PuTTY release 0.81 (64-bit)", "0.81.0.0", "putty", "putty", "0.81.0.0", null)]
    [InlineData("Notepad++ Team", "Notepad++ (64-bit x64)", "8.6.9", "notepad-plus-plus", "notepad++", "8.6.9", null)]
    [InlineData("win.rar GmbH", "WinRAR 7.01 (64-bit)", "7.01.0", "rarlab", "winrar", "7.01.0", null)]
    [InlineData("Python Software Foundation", "Python 3.12.4 (64-bit)", "3.12.4150.0", "python", "python", "3.12.4", null)]
    [InlineData(null, "Cisco IOS Software, C2960 Software (C2960-LANBASEK9-M), Version 15.0(2)SE11, RELEASE SOFTWARE (fc3)", null, "cisco", "ios", "15.0(2)SE11", null)]
    [InlineData(null, "FortiGate-60F v7.2.5,build1517,230606 (GA.F)", null, "fortinet", "fortios", "7.2.5", null)]
    public void Translate_CommonPrograms_NvdVocabulary(string? publisher, string name, string? version, string vendor, string product, string? cpeVersion, string? update)
    {
        var candidate = SoftwareTranslator.Default.Translate(publisher, name, version);
        Assert.NotNull(candidate);
        Assert.Equal((vendor, product, cpeVersion, update), (candidate.Vendor, candidate.Product, candidate.Version, candidate.Update));
    }

    [Theory]
    [InlineData("Contoso", "Contoso Widget", "1.0")]
    [InlineData("Evil Corp", "Google Chrome", "1.0")]
    [InlineData(null, "Mozilla Firefox (x64 fr)", "128.0")]
    public void Translate_UnknownOrWrongPublisher_NotAssessed(string? publisher, string name, string version) =>
        Assert.Null(SoftwareTranslator.Default.Translate(publisher, name, version));

    [Fact]
    public void Default_EveryRuleHasAUniqueId_AndParts()
    {
        var rules = SoftwareTranslator.Default.Rules;
        Assert.True(rules.Count >= 25);
        Assert.Equal(rules.Count, rules.Select(r => r.Id).Distinct().Count());
        Assert.All(rules, r => Assert.Contains(r.Part, "aoh"));
    }

    [Theory]
    [InlineData("{\"rules\":[{\"id\":\"x\",\"name\":\"(\",\"cpe\":\"a:v:p\"}]}")]
    [InlineData("{\"rules\":[{\"id\":\"x\",\"name\":\"^X\",\"cpe\":\"v:p\"}]}")]
    [InlineData("{\"rules\":[{\"id\":\"x\",\"name\":\"^X\",\"cpe\":\"z:v:p\"}]}")]
    public void Parse_BadRule_RefusedWithItsId(string json) =>
        Assert.Contains("rule x", Assert.Throws<FormatException>(() => SoftwareTranslator.Parse(json)).Message);
}
