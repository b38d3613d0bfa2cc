using System.Diagnostics;
using Dapper;
using Vigie.Core.Audit;
using Vigie.Core.Common;
using Vigie.Core.Inventory;
using Vigie.Core.Storage;
using Vigie.Core.Vulnerabilities.Translation;

namespace Vigie.Core.Vulnerabilities.Findings;

/// <summary>
/// Decides the findings of one asset (after its inventory) or of the whole fleet (after a knowledge-base or
/// translation-table change): the Debian path for dpkg packages, the CPE path for everything else. A fleet evaluation
/// decides each distinct program of the software catalogue once and then finds the assets carrying the affected ones,
/// so its cost follows the number of distinct versions in the fleet, not assets × packages.
/// </summary>
public sealed class FindingsEvaluator
{
    private readonly IDbConnectionFactory _connections;
    private readonly IAssetSoftwareReader _assets;
    private readonly Notifications.AlertSender _alerts;
    private readonly TranslationTable _translations;
    private readonly KnowledgeIndex _knowledge;
    private readonly FindingsWriter _writer;

    public FindingsEvaluator(IDbConnectionFactory connections, IAssetSoftwareReader assets, IAuditLog audit, Notifications.AlertSender alerts,
        TranslationTable translations, KnowledgeIndex knowledge, TimeProvider clock)
    {
        _translations = translations;
        _connections = connections;
        _assets = assets;
        _alerts = alerts;
        _knowledge = knowledge;
        _writer = new FindingsWriter(connections, audit, clock);
    }

    public sealed record EvaluationResult(Guid AssetId, int Open, int Opened, int Resolved);

    /// <summary>
    /// What a fleet evaluation did: the CVEs it decided (null: all), programs decided (catalogue entries × releases), the
    /// affected ones and their installations, findings open in scope, opened and resolved.
    /// </summary>
    public sealed record FleetResult(int? ScopeCves, int Assets, int CatalogueEntries, int Decisions, int AffectedEntries, int Installations, int Open,
        int Opened, int Resolved, long ElapsedMs);

    public Task<EvaluationResult> EvaluateAsync(Guid assetId, AuditActor actor, CancellationToken ct) => EvaluateAsync(assetId, actor, true, ct);

    /// <param name="checkExists">False when the caller knows the asset exists (it was just inventoried).</param>
    public async Task<EvaluationResult> EvaluateAsync(Guid assetId, AuditActor actor, bool checkExists, CancellationToken ct)
    {
        if (await _knowledge.RefreshAsync(ct) == 0)
        {
            // An empty knowledge base (a new installation) has no finding anywhere: nothing to read or write.
            return !checkExists || await _assets.ExistsAsync(assetId, ct) ? new EvaluationResult(assetId, 0, 0, 0) : throw ProblemException.NotFound("asset");
        }
        var asset = await _assets.GetAsync(assetId, ct) ?? throw ProblemException.NotFound("asset");
        var header = new AssetHeader(asset.AssetId, asset.Name, asset.Kind, asset.OsName, asset.OsVersion, asset.Firmware);
        var release = DebianReleases.Codename(asset.OsName, asset.OsVersion);
        var debian = release is null ? null : await _knowledge.DebianAsync(release, ct);
        var translator = await _translations.CurrentAsync(ct);
        var found = new List<FindingCandidate>();
        foreach (var item in asset.Software)
        {
            if (DebianKnowledge.Applies(item))
            {
                debian?.Match(item, found);
            }
            else if (CpeMatcher.Applies(item))
            {
                await MatchProgramAsync(translator, item.Name, item.Publisher, item.Version, found, ct);
            }
        }
        if (CpeMatcher.Firmware(header) is var (name, version))
        {
            await MatchProgramAsync(translator, name, null, version, found, ct);
        }
        var outcome = await _writer.ApplyAsync([assetId], new Dictionary<Guid, List<FindingGroup>> { [assetId] = [new FindingGroup(found)] },
            byFingerprint: false, EvaluationScope.All, confirmSeen: true, actor, ct);
        await AlertAsync(new Dictionary<Guid, string> { [assetId] = asset.Name }, outcome.NewlyOpened, actor, ct);
        return new EvaluationResult(assetId, outcome.Open, outcome.Opened, outcome.Resolved);
    }

    /// <summary>Re-evaluates every asset for the CVEs in <paramref name="scope"/>; findings of other CVEs are left as they are.</summary>
    public async Task<FleetResult> EvaluateFleetAsync(EvaluationScope scope, AuditActor actor, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await _knowledge.RefreshAsync(ct);
        var assets = await _assets.AssetsAsync(ct);
        var catalogue = await _assets.CatalogueAsync(ct);
        var releaseOf = assets.ToDictionary(a => a.AssetId, a => DebianReleases.Codename(a.OsName, a.OsVersion));
        var debian = new Dictionary<string, DebianKnowledge>(StringComparer.Ordinal);
        foreach (var release in releaseOf.Values.OfType<string>().Distinct())
        {
            if (await _knowledge.DebianAsync(release, ct) is { } knowledge)
            {
                debian[release] = knowledge;
            }
        }
        var translator = await _translations.CurrentAsync(ct);

        // Each distinct program decided once (per release for dpkg packages); only the affected ones are looked up on assets.
        // Every CVE is decided whatever the scope: an asset's fingerprint covers all its findings; the scope limits the writes.
        var affected = new Dictionary<(long Id, string? Release), FindingGroup>();
        var decisions = 0;
        var found = new List<FindingCandidate>();
        foreach (var item in catalogue)
        {
            if (DebianKnowledge.Applies(item))
            {
                foreach (var (release, knowledge) in debian)
                {
                    decisions++;
                    knowledge.Match(item, found);
                    Keep((item.CatalogueId, release));
                }
            }
            else if (CpeMatcher.Applies(item))
            {
                decisions++;
                await MatchProgramAsync(translator, item.Name, item.Publisher, item.Version, found, ct);
                Keep((item.CatalogueId, null));
            }
        }
        var installations = await _assets.InstallationsAsync(affected.Keys.Select(k => k.Id).ToHashSet(), ct);
        var wanted = new Dictionary<Guid, List<FindingGroup>>();
        foreach (var (assetId, catalogueId) in installations)
        {
            if (releaseOf.GetValueOrDefault(assetId) is { } release && affected.TryGetValue((catalogueId, release), out var packageFindings))
            {
                Wanted(assetId).Add(packageFindings);
            }
            if (affected.TryGetValue((catalogueId, null), out var programFindings))
            {
                Wanted(assetId).Add(programFindings);
            }
        }
        foreach (var asset in assets)
        {
            if (CpeMatcher.Firmware(asset) is var (name, version))
            {
                await MatchProgramAsync(translator, name, null, version, found, ct);
                if (found.Count > 0)
                {
                    Wanted(asset.AssetId).Add(new FindingGroup([.. found]));
                }
                found.Clear();
            }
        }
        var outcome = await _writer.ApplyAsync(assets.Select(a => a.AssetId).ToList(), wanted, byFingerprint: true, scope, confirmSeen: false, actor, ct);
        await AlertAsync(assets.ToDictionary(a => a.AssetId, a => a.Name), outcome.NewlyOpened, actor, ct);
        return new FleetResult(scope.CveIds?.Count, assets.Count, catalogue.Count, decisions, affected.Count, installations.Count, outcome.Open, outcome.Opened, outcome.Resolved,
            clock.ElapsedMilliseconds);

        void Keep((long, string?) key)
        {
            if (found.Count > 0)
            {
                affected[key] = new FindingGroup([.. found]);
            }
            found.Clear();
        }

        List<FindingGroup> Wanted(Guid assetId) => wanted.TryGetValue(assetId, out var list) ? list : wanted[assetId] = [];
    }

    private async Task MatchProgramAsync(SoftwareTranslator translator, string name, string? publisher, string? version, List<FindingCandidate> into,
        CancellationToken ct)
    {
        if (CpeMatcher.Translate(translator, name, publisher, version) is { } candidate)
        {
            CpeMatcher.Match(candidate, name, await _knowledge.ProductAsync(candidate.Vendor, candidate.Product, ct), into);
        }
    }

    /// <summary>New critical or known-exploited findings are announced at once (the digest carries the rest).</summary>
    private async Task AlertAsync(IReadOnlyDictionary<Guid, string> names, IReadOnlyList<(Guid AssetId, FindingCandidate Finding)> opened, AuditActor actor,
        CancellationToken ct)
    {
        if (opened.Count == 0)
        {
            return;
        }
        var cves = new Dictionary<string, CveFacts>(StringComparer.Ordinal);
        await using (var c = await _connections.OpenAsync(ct))
        {
            foreach (var chunk in opened.Select(o => o.Finding.CveId).Distinct().Chunk(500))
            {
                foreach (var row in await c.QueryAsync<CveFacts>(new CommandDefinition(
                    $"SELECT id, severity, cvss_score, kev FROM vuln_cves WHERE {_connections.Dialect.InList("id", "@Ids")}", new { Ids = chunk }, cancellationToken: ct)))
                {
                    cves[row.Id] = row;
                }
            }
        }
        var urgent = opened.Where(o => cves.TryGetValue(o.Finding.CveId, out var v) && (v.Kev || v.Severity == "CRITICAL"))
            .Select(o => (o, v: cves[o.Finding.CveId]))
            .Select(x => new Notifications.AlertFinding(x.o.AssetId, names.GetValueOrDefault(x.o.AssetId, x.o.AssetId.ToString()), x.o.Finding.CveId,
                x.o.Finding.Software, x.o.Finding.InstalledVersion, x.v.Severity, x.v.CvssScore, x.v.Kev))
            .ToList();
        await _alerts.SendAsync(urgent, actor, ct);
    }

    private sealed class CveFacts
    {
        public string Id { get; set; } = "";
        public string? Severity { get; set; }
        public double? CvssScore { get; set; }
        public bool Kev { get; set; }
    }
}
