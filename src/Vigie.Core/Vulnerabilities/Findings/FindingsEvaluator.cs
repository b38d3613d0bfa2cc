using Dapper;
using Vigie.Core.Audit;
using Vigie.Core.Common;
using Vigie.Core.Inventory;
using Vigie.Core.Storage;
using Vigie.Core.Vulnerabilities.Translation;

namespace Vigie.Core.Vulnerabilities.Findings;

/// <summary>
/// Re-evaluates one asset: the Debian path for dpkg packages, the CPE path for everything else; new findings are
/// opened, findings no longer supported are resolved (kept for history), all in one audited transaction. Two
/// evaluations of the same asset at once (an inventory arriving during an on-demand run) converge on the same rows.
/// </summary>
public sealed class FindingsEvaluator
{
    private readonly IDbConnectionFactory _connections;
    private readonly IAssetSoftwareReader _assets;
    private readonly IAuditLog _audit;
    private readonly Notifications.AlertSender _alerts;
    private readonly TimeProvider _clock;
    private readonly TranslationTable _translations;
    private volatile bool _knowledgeLoaded;
    private long _knowledgeCheckedAt = long.MinValue / 2;

    public FindingsEvaluator(IDbConnectionFactory connections, IAssetSoftwareReader assets, IAuditLog audit, Notifications.AlertSender alerts,
        TranslationTable translations, TimeProvider clock)
    {
        _translations = translations;
        _connections = connections;
        _assets = assets;
        _audit = audit;
        _alerts = alerts;
        _clock = clock;
    }

    /// <summary>
    /// The knowledge base only grows: once it has data that stays true. While empty it is looked at again after an
    /// import here, or every few seconds (an import made by another server on the same PostgreSQL database). The
    /// interval is a cache lifetime measured on the machine's tick count, not business time.
    /// </summary>
    private async Task<bool> KnowledgeLoadedAsync(CancellationToken ct)
    {
        var now = Environment.TickCount64;
        if (_knowledgeLoaded || now - Interlocked.Read(ref _knowledgeCheckedAt) < 5000)
        {
            return _knowledgeLoaded;
        }
        await using var c = await _connections.OpenAsync(ct);
        _knowledgeLoaded = await c.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM vuln_debian LIMIT 1) d) + (SELECT COUNT(*) FROM (SELECT 1 FROM vuln_cve_products LIMIT 1) p)",
            cancellationToken: ct)) > 0;
        Interlocked.Exchange(ref _knowledgeCheckedAt, now);
        return _knowledgeLoaded;
    }

    public sealed record EvaluationResult(Guid AssetId, int Open, int Opened, int Resolved);

    /// <summary>Called by the importer: the next evaluation looks at the knowledge base again.</summary>
    public void KnowledgeChanged() => Interlocked.Exchange(ref _knowledgeCheckedAt, long.MinValue / 2);

    public Task<EvaluationResult> EvaluateAsync(Guid assetId, AuditActor actor, CancellationToken ct) => EvaluateAsync(assetId, actor, true, ct);

    /// <param name="checkExists">False when the caller knows the asset exists (it was just inventoried).</param>
    public async Task<EvaluationResult> EvaluateAsync(Guid assetId, AuditActor actor, bool checkExists, CancellationToken ct)
    {
        List<FindingCandidate> candidates = [];
        string assetName = assetId.ToString();
        int known;
        if (!await KnowledgeLoadedAsync(ct))
        {
            // An empty knowledge base (a new installation) has no finding anywhere: nothing to read or write.
            return !checkExists || await _assets.ExistsAsync(assetId, ct) ? new EvaluationResult(assetId, 0, 0, 0) : throw ProblemException.NotFound("asset");
        }
        await using (var c = await _connections.OpenAsync(ct))
        {
            known = await c.ExecuteScalarAsync<int>(new CommandDefinition(
                "SELECT COUNT(*) FROM vuln_findings WHERE asset_id = @AssetId", new { AssetId = assetId }, cancellationToken: ct));
            var asset = await _assets.GetAsync(assetId, ct) ?? throw ProblemException.NotFound("asset");
            assetName = asset.Name;
            candidates = [.. await DebianMatcher.MatchAsync(c, _connections.Dialect, asset, ct), .. await CpeMatcher.MatchAsync(c, await _translations.CurrentAsync(ct), asset, ct)];
        }
        var wanted = candidates.DistinctBy(f => (f.CveId, f.Software)).ToDictionary(f => (f.CveId, f.Software));
        if (wanted.Count == 0 && known == 0)
        {
            // Nothing found and nothing to resolve: no write (and no wait for SQLite's single writer).
            return new EvaluationResult(assetId, 0, 0, 0);
        }
        var newlyOpened = new List<FindingCandidate>();
        var result = await _connections.InTransactionAsync(async (c, t) =>
        {
            newlyOpened.Clear();
            var now = _clock.GetUtcNow();
            var existing = (await c.QueryAsync<(Guid Id, string CveId, string Software, string Status)>(new CommandDefinition(
                "SELECT id, cve_id, software, status FROM vuln_findings WHERE asset_id = @AssetId", new { AssetId = assetId }, t, cancellationToken: ct)))
                .ToDictionary(f => (f.CveId, f.Software));
            int opened = 0, resolved = 0;
            foreach (var (key, finding) in wanted)
            {
                if (existing.TryGetValue(key, out var row))
                {
                    if (row.Status != "open")
                    {
                        opened++;
                        newlyOpened.Add(finding);
                    }
                    await c.ExecuteAsync(new CommandDefinition(
                        """
                        UPDATE vuln_findings SET status = 'open', resolved_at = NULL, last_seen = @Now, installed_version = @InstalledVersion,
                            fixed_version = @FixedVersion, path = @Path, rule = @Rule WHERE id = @Id
                        """, new { row.Id, Now = now, finding.InstalledVersion, finding.FixedVersion, finding.Path, finding.Rule }, t, cancellationToken: ct));
                }
                else
                {
                    opened++;
                    newlyOpened.Add(finding);
                    await c.ExecuteAsync(new CommandDefinition(
                        """
                        INSERT INTO vuln_findings (id, asset_id, cve_id, software, installed_version, fixed_version, path, rule, status, first_seen, last_seen)
                        VALUES (@Id, @AssetId, @CveId, @Software, @InstalledVersion, @FixedVersion, @Path, @Rule, 'open', @Now, @Now)
                        ON CONFLICT (asset_id, cve_id, software) DO UPDATE SET status = 'open', resolved_at = NULL, last_seen = excluded.last_seen
                        """, new { Id = Ids.New(_clock), AssetId = assetId, finding.CveId, finding.Software, finding.InstalledVersion, finding.FixedVersion,
                            finding.Path, finding.Rule, Now = now }, t, cancellationToken: ct));
                }
            }
            foreach (var (key, row) in existing.Where(e => e.Value.Status == "open" && !wanted.ContainsKey(e.Key)))
            {
                resolved++;
                await c.ExecuteAsync(new CommandDefinition(
                    "UPDATE vuln_findings SET status = 'resolved', resolved_at = @Now WHERE id = @Id", new { row.Id, Now = now }, t, cancellationToken: ct));
            }
            if (opened + resolved > 0)
            {
                await _audit.AppendAsync(c, t, new AuditEntry(actor, AuditActions.FindingsEvaluated, $"asset:{assetId}", AuditEntry.Success,
                    new Dictionary<string, object?> { ["opened"] = opened, ["resolved"] = resolved, ["open"] = wanted.Count }), ct);
            }
            return new EvaluationResult(assetId, wanted.Count, opened, resolved);
        }, ct);
        await AlertAsync(assetId, assetName, newlyOpened, actor, ct);
        return result;
    }

    /// <summary>New critical or known-exploited findings are announced at once (the digest carries the rest).</summary>
    private async Task AlertAsync(Guid assetId, string assetName, List<FindingCandidate> opened, AuditActor actor, CancellationToken ct)
    {
        if (opened.Count == 0)
        {
            return;
        }
        List<(string Id, string? Severity, double? Score, bool Kev)> cves;
        await using (var c = await _connections.OpenAsync(ct))
        {
            cves = (await c.QueryAsync<CveFacts>(new CommandDefinition(
                $"SELECT id, severity, cvss_score, kev FROM vuln_cves WHERE {_connections.Dialect.InList("id", "@Ids")}",
                new { Ids = opened.Select(o => o.CveId).Distinct().ToArray() }, cancellationToken: ct)))
                .Select(r => (r.Id, r.Severity, r.CvssScore, r.Kev)).ToList();
        }
        var urgent = opened.Join(cves, o => o.CveId, v => v.Id, (o, v) => new Notifications.AlertFinding(assetId, o.CveId, o.Software, o.InstalledVersion,
                v.Severity, v.Score, v.Kev))
            .Where(a => a.Kev || a.Severity == "CRITICAL").ToList();
        await _alerts.SendAsync(assetName, urgent, actor, ct);
    }

    private sealed class CveFacts
    {
        public string Id { get; set; } = "";
        public string? Severity { get; set; }
        public double? CvssScore { get; set; }
        public bool Kev { get; set; }
    }
}
