using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Vigie.Core.Vulnerabilities.Matching;

namespace Vigie.Core.Vulnerabilities.KnowledgeBase;

/// <summary>
/// Debian's lists of security advisories, DSA (stable) and DLA (LTS), as the security tracker keeps them
/// (<c>data/DSA/list</c>, <c>data/DLA/list</c>): one block per advisory, newest first.
/// <code>
/// [20 Mar 2023] DSA-5376-1 apache2 - security update
///     {CVE-2006-20001 CVE-2023-25690}
///     [bullseye] - apache2 2.4.56-1~deb11u1
/// </code>
/// Each CVE in the braces gets, for each release line, a status for (source package, CVE, release):
/// <list type="bullet">
/// <item><c>[release] - package version</c>: <c>resolved</c> at that version, which must be one dpkg accepts; urgency
/// null. A note in parentheses after it (<c>(medium)</c>, <c>(bug #332424; medium)</c>) is ignored; extra blanks are
/// tolerated.</item>
/// <item><c>&lt;not-affected&gt;</c>: resolved at <c>0</c>, the tracker's "never affected".</item>
/// <item><c>&lt;unfixed&gt;</c>, and <c>&lt;no-dsa&gt;</c>, <c>&lt;ignored&gt;</c>, <c>&lt;postponed&gt;</c> (the tracker's
/// "minor issue, no advisory"): <c>open</c>, the release stays vulnerable with no fix announced.</item>
/// <item><c>&lt;end-of-life&gt;</c>: open with urgency <c>end-of-life</c>, as the tracker JSON marks an unsupported package.</item>
/// <item><c>NOTE:</c> lines, and notes continued on further NOTE: lines, are the editors' comments: ignored, even when
/// they hold a release line or a marker (<c>NOTE: [etch] - clamav &lt;end-of-life&gt;</c> is commented out).</item>
/// <item>The header's date and title are not used: old titles name binary packages or several packages, while the
/// release lines name the source package the tracker is keyed on. Ids without a revision (<c>DSA-423</c>) are valid.</item>
/// <item>An advisory without CVE ids (end-of-life notices, fixes with no CVE, most regression updates such as
/// DSA-5356-2) or without release lines gives nothing: the table is keyed by CVE, and a regression update naming no
/// CVE repairs the update, not a vulnerability, so each CVE stays fixed at the version of the update that fixed it.</item>
/// <item>A block with a line of any other shape (an unknown marker, a version dpkg refuses, a package-less line) is
/// malformed as a whole: nothing of it is trusted.</item>
/// </list>
/// </summary>
internal static partial class DebianAdvisoryList
{
    public const string Resolved = "resolved";
    public const string Open = "open";
    public const string EndOfLife = "end-of-life";

    /// <summary>The format of a file whose first line opens an advisory list (<c>debian-dsa-list</c>, <c>debian-dla-list</c>), or null.</summary>
    public static string? Format(string firstLine)
    {
        var header = Header().Match(firstLine);
        return !header.Success ? null : header.Groups["kind"].Value == "DSA" ? "debian-dsa-list" : "debian-dla-list";
    }

    /// <summary>Cuts the file into blocks: a line at the margin and the indented lines under it (blank lines dropped).</summary>
    public static async IAsyncEnumerable<Block> ReadBlocksAsync(string firstLine, TextReader input, [EnumeratorCancellation] CancellationToken ct)
    {
        var lines = new List<(int, string)> { (1, firstLine) };
        var number = 1;
        for (var line = await input.ReadLineAsync(ct); line is not null; line = await input.ReadLineAsync(ct))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            if (!char.IsWhiteSpace(line[0]) && lines.Count > 0)
            {
                yield return new Block(lines);
                lines = [];
            }
            lines.Add((number, line));
        }
        if (lines.Count > 0)
        {
            yield return new Block(lines);
        }
    }

    /// <summary>Reads one block; on failure, <paramref name="errorLine"/> is the line at fault and <paramref name="error"/> says why.</summary>
    public static bool TryParse(Block block, [NotNullWhen(true)] out Advisory? advisory, out int errorLine, [NotNullWhen(false)] out string? error)
    {
        advisory = null;
        var (headerLine, headerText) = block.Lines[0];
        errorLine = headerLine;
        var header = Header().Match(headerText);
        if (!header.Success)
        {
            error = $"expected an advisory header '[dd Mon yyyy] DSA-n-m ...', found '{Shorten(headerText)}'";
            return false;
        }
        var id = header.Groups["id"].Value;
        var cves = new List<string>();
        var fixes = new Dictionary<(string Release, string Package), Fix>();
        foreach (var (number, text) in block.Lines.Skip(1))
        {
            error = Read(text.Trim(), cves, fixes);
            if (error is not null)
            {
                (errorLine, error) = (number, $"{id}: {error}");
                return false;
            }
        }
        advisory = new Advisory(id, headerLine, cves, [.. fixes.Values]);
        error = null;
        return true;
    }

    /// <summary>
    /// Whether a statement replaces the one an advisory already gave for the same (package, CVE, release), so that the
    /// result does not depend on the order advisories are read in: a fix beats no fix, the highest fixed version in dpkg
    /// order wins (a regression update DSA-n-2 that names the CVEs again beats DSA-n-1; not-affected's <c>0</c> is the
    /// lowest), and end-of-life beats a plain open.
    /// </summary>
    public static bool Supersedes(Fix fix, string storedStatus, string? storedFixed, string? storedUrgency)
    {
        var resolved = fix.Status == Resolved;
        if (resolved != (storedStatus == Resolved))
        {
            return resolved;
        }
        if (!resolved)
        {
            return fix.Urgency == EndOfLife && storedUrgency != EndOfLife;
        }
        return !DpkgVersion.TryParse(storedFixed, out var stored) || DpkgVersion.Compare(DpkgVersion.Parse(fix.FixedVersion!), stored) > 0;
    }

    /// <summary>Reads one indented line into the advisory's CVEs or fixes; returns what is wrong with it, or null.</summary>
    private static string? Read(string text, List<string> cves, Dictionary<(string Release, string Package), Fix> fixes)
    {
        if (text.StartsWith("NOTE:", StringComparison.Ordinal))
        {
            return null;
        }
        if (text.StartsWith('{'))
        {
            if (!text.EndsWith('}'))
            {
                return "the CVE list is not closed by '}'";
            }
            foreach (var token in text[1..^1].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            {
                if (!CveId().IsMatch(token))
                {
                    return $"'{Shorten(token)}' is not a CVE id";
                }
                if (!cves.Contains(token))
                {
                    cves.Add(token);
                }
            }
            return null;
        }
        var line = ReleaseLine().Match(text);
        if (!line.Success)
        {
            return $"expected '{{CVE-...}}', '[release] - source-package version|<marker>' or 'NOTE: ...', found '{Shorten(text)}'";
        }
        var (release, package, value) = (line.Groups["release"].Value, line.Groups["package"].Value, line.Groups["value"].Value);
        if (!SourcePackage().IsMatch(package))
        {
            return $"'{Shorten(package)}' is not a source package name";
        }
        Fix fix;
        switch (value)
        {
            case "<not-affected>":
                fix = new Fix(release, package, Resolved, "0", null);
                break;
            case "<unfixed>" or "<no-dsa>" or "<ignored>" or "<postponed>":
                fix = new Fix(release, package, Open, null, null);
                break;
            case "<end-of-life>":
                fix = new Fix(release, package, Open, null, EndOfLife);
                break;
            case ['<', ..]:
                return $"unknown marker '{Shorten(value)}' for {package} in {release}";
            default:
                if (!DpkgVersion.TryParse(value, out _, out var why))
                {
                    return $"'{Shorten(value)}' is not a valid dpkg version for {package} in {release}: {why}";
                }
                fix = new Fix(release, package, Resolved, value, null);
                break;
        }
        if (!fixes.TryGetValue((release, package), out var seen) || Supersedes(fix, seen.Status, seen.FixedVersion, seen.Urgency))
        {
            fixes[(release, package)] = fix;
        }
        return null;
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "...";

    [GeneratedRegex(@"^\[\d{2} [A-Z][a-z]{2} \d{4}\] (?<id>(?<kind>DSA|DLA)-\d+(?:-\d+)?)(?:\s|$)")]
    private static partial Regex Header();

    [GeneratedRegex(@"^CVE-\d{4}-\d{4,}$")]
    private static partial Regex CveId();

    [GeneratedRegex(@"^\[(?<release>[a-z][a-z0-9-]*)\]\s+-\s+(?<package>\S+)\s+(?<value>[^\s(]\S*)(?:\s+\([^()]*\))?$")]
    private static partial Regex ReleaseLine();

    // Debian Policy 5.6.1: lower-case letters, digits, '+', '-', '.'; at least two characters, starting alphanumeric.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9+.-]+$")]
    private static partial Regex SourcePackage();

    /// <summary>A line at the margin and the indented lines under it, with their line numbers in the file.</summary>
    internal sealed record Block(IReadOnlyList<(int Number, string Text)> Lines);

    /// <summary>One advisory: its id, the line of its header, its CVE ids and one statement per (release, source package).</summary>
    internal sealed record Advisory(string Id, int Line, IReadOnlyList<string> Cves, IReadOnlyList<Fix> Fixes);

    /// <summary>What an advisory says of a source package in a release: the <c>vuln_debian</c> status, fixed version and urgency.</summary>
    internal sealed record Fix(string Release, string SourcePackage, string Status, string? FixedVersion, string? Urgency);
}
