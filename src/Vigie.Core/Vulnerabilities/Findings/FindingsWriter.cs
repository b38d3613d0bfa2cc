using Dapper;
using Vigie.Core.Audit;
using Vigie.Core.Common;
using Vigie.Core.Storage;

namespace Vigie.Core.Vulnerabilities.Findings;

/// <summary>
/// Brings the stored findings of some assets in line with what the matchers decided, within a scope of CVEs: new
/// findings are opened, findings no longer supported are resolved (kept for history), changed ones updated. Only the
/// assets whose findings change are written, in transactions of a few hundred assets, each asset with its audit row;
/// the rows are read again inside each transaction, so that an evaluation running at the same time converges.
/// </summary>
internal sealed class FindingsWriter
{
    private const int AssetsPerTransaction = 200;
    private readonly IDbConnectionFactory _connections;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _clock;

    public FindingsWriter(IDbConnectionFactory connections, IAuditLog audit, TimeProvider clock)
    {
        _connections = connections;
        _audit = audit;
        _clock = clock;
    }

    public sealed record Outcome(int Open, int Opened, int Resolved, IReadOnlyList<(Guid AssetId, FindingCandidate Finding)> NewlyOpened);

    /// <param name="assets">The assets evaluated (those without any wanted finding included: theirs get resolved).</param>
    /// <param name="confirmSeen">After an inventory: the asset's open findings get today's <c>last_seen</c>.</param>
    public async Task<Outcome> ApplyAsync(IReadOnlyCollection<Guid> assets, IReadOnlyDictionary<Guid, List<FindingCandidate>> wanted, EvaluationScope scope,
        bool confirmSeen, AuditActor actor, CancellationToken ct)
    {
        var wantedByAsset = wanted.ToDictionary(w => w.Key, w => w.Value.Where(f => scope.Includes(f.CveId))
            .DistinctBy(f => (f.CveId, f.Software)).ToDictionary(f => (f.CveId, f.Software)));
        List<StoredFinding> stored;
        await using (var c = await _connections.OpenAsync(ct))
        {
            stored = await ReadAsync(c, null, assets.Count == 1 ? assets : null, ct);
        }
        var storedByAsset = stored.Where(f => scope.Includes(f.CveId)).ToLookup(f => f.AssetId);
        var changing = assets.Where(a => confirmSeen && wantedByAsset.GetValueOrDefault(a)?.Count > 0
            || Diff(wantedByAsset.GetValueOrDefault(a), storedByAsset[a]).Changes > 0).ToList();

        var open = wantedByAsset.Sum(w => w.Value.Count);
        int opened = 0, resolved = 0;
        var newlyOpened = new List<(Guid, FindingCandidate)>();
        foreach (var batch in changing.Chunk(AssetsPerTransaction))
        {
            var (batchOpened, batchResolved, batchNew) = await _connections.InTransactionAsync(async (c, t) =>
            {
                var now = _clock.GetUtcNow();
                var current = (await ReadAsync(c, t, batch, ct)).Where(f => scope.Includes(f.CveId)).ToLookup(f => f.AssetId);
                int o = 0, r = 0;
                var fresh = new List<(Guid, FindingCandidate)>();
                foreach (var assetId in batch)
                {
                    var diff = Diff(wantedByAsset.GetValueOrDefault(assetId), current[assetId]);
                    foreach (var finding in diff.Insert)
                    {
                        await c.ExecuteAsync(new CommandDefinition(
                            """
                            INSERT INTO vuln_findings (id, asset_id, cve_id, software, installed_version, fixed_version, path, rule, status, first_seen, last_seen)
                            VALUES (@Id, @AssetId, @CveId, @Software, @InstalledVersion, @FixedVersion, @Path, @Rule, 'open', @Now, @Now)
                            ON CONFLICT (asset_id, cve_id, software) DO UPDATE SET status = 'open', resolved_at = NULL, last_seen = excluded.last_seen
                            """, new { Id = Ids.New(_clock), AssetId = assetId, finding.CveId, finding.Software, finding.InstalledVersion, finding.FixedVersion,
                                finding.Path, finding.Rule, Now = now }, t, cancellationToken: ct));
                    }
                    foreach (var (id, finding) in diff.Update)
                    {
                        await c.ExecuteAsync(new CommandDefinition(
                            """
                            UPDATE vuln_findings SET status = 'open', resolved_at = NULL, last_seen = @Now, installed_version = @InstalledVersion,
                                fixed_version = @FixedVersion, path = @Path, rule = @Rule WHERE id = @Id
                            """, new { Id = id, Now = now, finding.InstalledVersion, finding.FixedVersion, finding.Path, finding.Rule }, t, cancellationToken: ct));
                    }
                    foreach (var id in diff.Resolve)
                    {
                        await c.ExecuteAsync(new CommandDefinition(
                            "UPDATE vuln_findings SET status = 'resolved', resolved_at = @Now WHERE id = @Id", new { Id = id, Now = now }, t, cancellationToken: ct));
                    }
                    if (confirmSeen)
                    {
                        await c.ExecuteAsync(new CommandDefinition(
                            "UPDATE vuln_findings SET last_seen = @Now WHERE asset_id = @AssetId AND status = 'open'", new { AssetId = assetId, Now = now }, t,
                            cancellationToken: ct));
                    }
                    var assetOpened = diff.Insert.Count + diff.Reopened.Count;
                    if (assetOpened + diff.Resolve.Count > 0)
                    {
                        await _audit.AppendAsync(c, t, new AuditEntry(actor, AuditActions.FindingsEvaluated, $"asset:{assetId}", AuditEntry.Success,
                            new Dictionary<string, object?>
                            {
                                ["opened"] = assetOpened, ["resolved"] = diff.Resolve.Count, ["open"] = wantedByAsset.GetValueOrDefault(assetId)?.Count ?? 0,
                            }), ct);
                    }
                    o += assetOpened;
                    r += diff.Resolve.Count;
                    fresh.AddRange(diff.Insert.Concat(diff.Reopened).Select(f => (assetId, f)));
                }
                return (o, r, fresh);
            }, ct);
            opened += batchOpened;
            resolved += batchResolved;
            newlyOpened.AddRange(batchNew);
        }
        return new Outcome(open, opened, resolved, newlyOpened);
    }

    private sealed record AssetDiff(List<FindingCandidate> Insert, List<(Guid Id, FindingCandidate Finding)> Update, List<FindingCandidate> Reopened,
        List<Guid> Resolve)
    {
        public int Changes => Insert.Count + Update.Count + Resolve.Count;
    }

    private static AssetDiff Diff(Dictionary<(string, string), FindingCandidate>? wanted, IEnumerable<StoredFinding> stored)
    {
        var diff = new AssetDiff([], [], [], []);
        var existing = stored.ToDictionary(f => (f.CveId, f.Software));
        foreach (var (key, finding) in wanted ?? [])
        {
            if (!existing.TryGetValue(key, out var row))
            {
                diff.Insert.Add(finding);
            }
            else if (row.Status != "open")
            {
                diff.Update.Add((row.Id, finding));
                diff.Reopened.Add(finding);
            }
            else if (row.InstalledVersion != finding.InstalledVersion || row.FixedVersion != finding.FixedVersion || row.Path != finding.Path
                || row.Rule != finding.Rule)
            {
                diff.Update.Add((row.Id, finding));
            }
        }
        diff.Resolve.AddRange(existing.Where(e => e.Value.Status == "open" && (wanted is null || !wanted.ContainsKey(e.Key))).Select(e => e.Value.Id));
        return diff;
    }

    /// <summary>The findings of some assets, or of every asset when <paramref name="assets"/> is null.</summary>
    private async Task<List<StoredFinding>> ReadAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction? t, IReadOnlyCollection<Guid>? assets,
        CancellationToken ct)
    {
        const string Columns = "SELECT id, asset_id, cve_id, software, status, installed_version, fixed_version, path, rule FROM vuln_findings";
        return (await c.QueryAsync<StoredFinding>(assets is null
            ? new CommandDefinition(Columns, transaction: t, cancellationToken: ct)
            : new CommandDefinition($"{Columns} WHERE {_connections.Dialect.InList("asset_id", "@Assets")}", new { Assets = assets.ToArray() }, t,
                cancellationToken: ct))).ToList();
    }

    private sealed class StoredFinding
    {
        public Guid Id { get; set; }
        public Guid AssetId { get; set; }
        public string CveId { get; set; } = "";
        public string Software { get; set; } = "";
        public string Status { get; set; } = "";
        public string? InstalledVersion { get; set; }
        public string? FixedVersion { get; set; }
        public string Path { get; set; } = "";
        public string Rule { get; set; } = "";
    }
}

/// <summary>Which CVEs an evaluation decides: all of them, or those a knowledge-base change touched (the others are left as they are).</summary>
public sealed record EvaluationScope(IReadOnlySet<string>? CveIds)
{
    public static EvaluationScope All { get; } = new((IReadOnlySet<string>?)null);

    public bool Includes(string cveId) => CveIds is null || CveIds.Contains(cveId);

    /// <summary>The union of two scopes (queued changes are evaluated together).</summary>
    public EvaluationScope Union(EvaluationScope other) =>
        CveIds is null || other.CveIds is null ? All : new EvaluationScope(CveIds.Concat(other.CveIds).ToHashSet(StringComparer.Ordinal));
}
