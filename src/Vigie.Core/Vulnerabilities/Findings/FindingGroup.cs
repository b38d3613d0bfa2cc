using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Vigie.Core.Vulnerabilities.Findings;

/// <summary>
/// The findings one program brings to every asset that carries it, decided once, with their fingerprint: the sum of
/// a 64-bit hash of each finding (its CVE, program, versions and rule), so that an asset's fingerprint is the sum over
/// its programs whatever their order. The hash is the start of a SHA-256, stable across processes and versions.
/// </summary>
public sealed class FindingGroup
{
    private int? _inScopeAll;

    public FindingGroup(IReadOnlyList<FindingCandidate> findings)
    {
        Findings = findings;
        Fingerprint = unchecked(findings.Aggregate(0L, (sum, f) => sum + Hash(f)));
    }

    public IReadOnlyList<FindingCandidate> Findings { get; }

    public long Fingerprint { get; }

    public int InScope(EvaluationScope scope) =>
        scope.CveIds is null ? _inScopeAll ??= Findings.DistinctBy(f => (f.CveId, f.Software)).Count() : Findings.Count(f => scope.Includes(f.CveId));

    public static long Sum(IEnumerable<FindingGroup>? groups) => unchecked((groups ?? []).Aggregate(0L, (sum, g) => sum + g.Fingerprint));

    public static long Hash(FindingCandidate f) => Hash(f.CveId, f.Software, f.InstalledVersion, f.FixedVersion, f.Path, f.Rule);

    public static long Hash(string cveId, string software, string? installedVersion, string? fixedVersion, string path, string rule)
    {
        // Unit separators keep field boundaries; a null differs from an empty string.
        var text = string.Join('\u001f', cveId, software, installedVersion ?? "\u0000", fixedVersion ?? "\u0000", path, rule);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), digest);
        return BinaryPrimitives.ReadInt64LittleEndian(digest);
    }
}
