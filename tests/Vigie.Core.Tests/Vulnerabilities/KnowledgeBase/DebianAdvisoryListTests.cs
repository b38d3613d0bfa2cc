using Vigie.Core.Vulnerabilities.KnowledgeBase;

namespace Vigie.Core.Tests.Vulnerabilities.KnowledgeBase;

public class DebianAdvisoryListTests
{
    private static async Task<List<DebianAdvisoryList.Block>> BlocksAsync(string text)
    {
        using var reader = new StringReader(text);
        var first = reader.ReadLine()!;
        var blocks = new List<DebianAdvisoryList.Block>();
        await foreach (var block in DebianAdvisoryList.ReadBlocksAsync(first, reader, CancellationToken.None))
        {
            blocks.Add(block);
        }
        return blocks;
    }

    private static async Task<DebianAdvisoryList.Advisory> ParseOneAsync(string text)
    {
        var block = Assert.Single(await BlocksAsync(text));
        Assert.True(DebianAdvisoryList.TryParse(block, out var advisory, out _, out var error), error);
        return advisory;
    }

    [Theory]
    [InlineData("[29 Mar 2023] DSA-5380-1 xorg-server - security update", "debian-dsa-list")]
    [InlineData("[01 Apr 2023] DLA-3380-1 firmware-nonfree - security update", "debian-dla-list")]
    [InlineData("[16 Jan 2004] DSA-424 mc - buffer overflow", "debian-dsa-list")]
    [InlineData("[18 Apr 2018] DSA-4205-1 jessie end-of-life", "debian-dsa-list")]
    [InlineData("{\"CVE-2023-1393\": {}}", null)]
    [InlineData("[29 Mar 2023] DTSA-12-1 foo - security update", null)]
    [InlineData("[2023-03-29] DSA-5380-1 xorg-server", null)]
    public void Format_FirstLine_ListKindOrNull(string line, string? format) => Assert.Equal(format, DebianAdvisoryList.Format(line));

    [Fact]
    public async Task TryParse_RealLineShapes_EachCveFixedPerReleaseLine()
    {
        // Shapes found in the real lists: tab or space indentation, a space before the tab, extra blanks, trailing blanks,
        // notes in parentheses after the version, a repeated CVE, NOTE: lines holding commented-out release lines.
        var advisory = await ParseOneAsync(
            "[25 Sep 2006] DSA-1184-2 kernel-source-2.6.8 - several vulnerabilities\n"
            + "        {CVE-2004-2660  CVE-2005-4798 CVE-2004-2660}\n"
            + " \t[sarge] - kernel-source-2.6.8 2.6.8-16sarge5 (bug #332424; medium)\n"
            + "\t[wheezy] - curl  7.26.0-1+wheezy5 \n"
            + "\tNOTE: [etch] - clamav <end-of-life> (upstream has discontinued providing virus signatures)\n"
            + "\tNOTE: a note continued\n"
            + "\tNOTE: on a second line\n");
        Assert.Equal("DSA-1184-2", advisory.Id);
        Assert.Equal(1, advisory.Line);
        Assert.Equal(["CVE-2004-2660", "CVE-2005-4798"], advisory.Cves);
        DebianAdvisoryList.Fix[] expected =
        [
            new("sarge", "kernel-source-2.6.8", "resolved", "2.6.8-16sarge5", null),
            new("wheezy", "curl", "resolved", "7.26.0-1+wheezy5", null),
        ];
        Assert.Equal(expected, advisory.Fixes);
    }

    [Theory]
    [InlineData("<not-affected> (Vulnerable code not present)", "resolved", "0", null)]
    [InlineData("<not-affected>", "resolved", "0", null)]
    [InlineData("<unfixed> (high)", "open", null, null)]
    [InlineData("<no-dsa> (Minor issue)", "open", null, null)]
    [InlineData("<end-of-life>", "open", null, "end-of-life")]
    [InlineData("1:2.4.56-1~deb11u1 (medium)", "resolved", "1:2.4.56-1~deb11u1", null)]
    public async Task TryParse_Markers_MapToTrackerStatuses(string value, string status, string? fixedVersion, string? urgency)
    {
        var advisory = await ParseOneAsync($"[18 May 2006] DSA-1058-1 awstats - x\n\t{{CVE-2006-2237}}\n\t[woody] - awstats {value}\n");
        Assert.Equal(new DebianAdvisoryList.Fix("woody", "awstats", status, fixedVersion, urgency), Assert.Single(advisory.Fixes));
    }

    [Fact]
    public async Task TryParse_NoCvesOrNoReleaseLines_NothingToKey()
    {
        var blocks = await BlocksAsync(
            "[17 Mar 2023] DSA-5356-2 sox - regression update\n"
            + "\t[bullseye] - sox 14.4.2+git20190427-2+deb11u2\n"
            + "[24 Mar 2009] DSA-1753-1 iceweasel - end-of-life announcement for iceweasel in oldstable\n"
            + "        NOTE: <end-of-life> (upstream iceweasel too volatile)\n"
            + "\n"
            + "[08 Jul 2008] DSA-1605-1 glibc - DNS cache poisoning\n"
            + "        {CVE-2008-1447}\n"
            + "        NOTE: <unfixed> (backport too complicated)\n");
        Assert.Equal(3, blocks.Count);
        var advisories = blocks.Select(b => DebianAdvisoryList.TryParse(b, out var a, out _, out var e) ? a : throw new InvalidOperationException(e)).ToList();
        Assert.Empty(advisories[0].Cves);
        Assert.Single(advisories[0].Fixes);
        Assert.Empty(advisories[1].Cves);
        Assert.Empty(advisories[1].Fixes);
        Assert.Equal(6, advisories[2].Line);
        Assert.Equal(["CVE-2008-1447"], advisories[2].Cves);
        Assert.Empty(advisories[2].Fixes);
    }

    [Theory]
    [InlineData("\t[woody] - kernel-image-2.4.17-ia64 kernel-image-2.4.17-ia64", "not a valid dpkg version")]
    [InlineData("\t[woody] - mc", "expected '{CVE-...}'")]
    [InlineData("\t[woody] -  4.5.55-1.2woody2", "expected '{CVE-...}'")]
    [InlineData("\t[woody] - mc <removed>", "unknown marker '<removed>'")]
    [InlineData("\t[woody] - Mc 4.5.55-1.2woody2", "'Mc' is not a source package name")]
    [InlineData("\t[woody] - mc 4.5.55-1.2woody2 urgent", "expected '{CVE-...}'")]
    [InlineData("\t{CVE-2003-1023 CAN-2003-0001}", "'CAN-2003-0001' is not a CVE id")]
    [InlineData("\t{CVE-2003-1023", "not closed")]
    [InlineData("\tfixed in 4.5.55-1.2woody2", "expected '{CVE-...}'")]
    public async Task TryParse_MalformedLine_BlockRefusedAtThatLine(string line, string why)
    {
        var block = Assert.Single(await BlocksAsync($"[16 Jan 2004] DSA-424 mc - buffer overflow\n\t{{CVE-2003-1023}}\n{line}\n\t[sarge] - mc 1:4.6.0-1\n"));
        Assert.False(DebianAdvisoryList.TryParse(block, out _, out var errorLine, out var error));
        Assert.Equal(3, errorLine);
        Assert.StartsWith("DSA-424: ", error);
        Assert.Contains(why, error);
    }

    [Fact]
    public async Task ReadBlocks_LineAtTheMarginThatIsNoHeader_OwnBlockRefused_NextAdvisoryRead()
    {
        var blocks = await BlocksAsync(
            "[16 Jan 2004] DSA-424 mc - buffer overflow\n\t{CVE-2003-1023}\n\t[woody] - mc 4.5.55-1.2woody2\n"
            + "garbage at the margin\n\t[woody] - mc 4.5.55-1.2woody3\n"
            + "[15 Jan 2004] DSA-423 linux-kernel-2.4.17-ia64 - several vulnerabilities\n\t{CVE-2003-0001}\n\t[woody] - kernel-image-2.4.17-ia64 011226.16\n");
        Assert.Equal(3, blocks.Count);
        Assert.True(DebianAdvisoryList.TryParse(blocks[0], out _, out _, out _));
        Assert.False(DebianAdvisoryList.TryParse(blocks[1], out _, out var errorLine, out var error));
        Assert.Equal(4, errorLine);
        Assert.Contains("advisory header", error);
        Assert.True(DebianAdvisoryList.TryParse(blocks[2], out var last, out _, out _));
        Assert.Equal(6, last.Line);
    }

    [Fact]
    public async Task TryParse_SamePackageTwiceInOneAdvisory_StrongerStatementKept()
    {
        var advisory = await ParseOneAsync("[01 Jul 2005] DSA-736-2 spamassassin - x\n\t{CVE-2005-1266}\n"
            + "\t[sarge] - spamassassin 3.0.3-2sarge1\n\t[sarge] - spamassassin <unfixed>\n\t[sarge] - spamassassin 3.0.3-2\n");
        Assert.Equal("3.0.3-2sarge1", Assert.Single(advisory.Fixes).FixedVersion);
    }

    [Theory]
    [InlineData("resolved", "2.4.38-3+deb10u3", null, "resolved", "2.4.38-3+deb10u1", null, true)]
    [InlineData("resolved", "2.4.38-3+deb10u1", null, "resolved", "2.4.38-3+deb10u3", null, false)]
    [InlineData("resolved", "1:1.0-1", null, "resolved", "2.0-1", null, true)]
    [InlineData("resolved", "1.0-1", null, "resolved", "1.0-1", null, false)]
    [InlineData("resolved", "1.0-1", null, "resolved", "1.0-1.0", null, false)]
    [InlineData("resolved", "1.0-1", null, "resolved", "0", null, true)]
    [InlineData("resolved", "0", null, "open", null, null, true)]
    [InlineData("open", null, null, "resolved", "0", null, false)]
    [InlineData("open", null, "end-of-life", "open", null, null, true)]
    [InlineData("open", null, null, "open", null, "end-of-life", false)]
    [InlineData("open", null, null, "open", null, null, false)]
    public void Supersedes_StrongerStatementWins_WhateverTheOrder(string status, string? fixedVersion, string? urgency,
        string storedStatus, string? storedFixed, string? storedUrgency, bool expected)
    {
        var fix = new DebianAdvisoryList.Fix("buster", "apache2", status, fixedVersion, urgency);
        Assert.Equal(expected, DebianAdvisoryList.Supersedes(fix, storedStatus, storedFixed, storedUrgency));
        if (expected)
        {
            // A total order: had they come the other way round, the stored one would not have replaced it.
            var reverse = new DebianAdvisoryList.Fix("buster", "apache2", storedStatus, storedFixed, storedUrgency);
            Assert.False(DebianAdvisoryList.Supersedes(reverse, status, fixedVersion, urgency));
        }
    }
}
