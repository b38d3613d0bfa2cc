using System.Data.Common;
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
/// A fleet evaluation finds the assets that change by their open-findings fingerprint (one row per asset) instead of
/// reading every finding of the fleet.
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
    /// <param name="wanted">Per asset, the groups of findings the matchers decided (every CVE, whatever the scope).</param>
    /// <param name="byFingerprint">Fleet evaluation: skip the assets whose stored fingerprint equals the decided one.</param>
    /// <param name="confirmSeen">After an inventory: the asset's open findings get today's <c>last_seen</c>.</param>
    public async Task<Outcome> ApplyAsync(IReadOnlyCollection<Guid> assets, IReadOnlyDictionary<Guid, List<FindingGroup>> wanted, bool byFingerprint,
        EvaluationScope scope, bool confirmSeen, AuditActor actor, CancellationToken ct)
    {
        List<Guid> changing;
        if (byFingerprint)
        {
            Dictionary<Guid, long> stored;
            await using (var c = await _connections.OpenAsync(ct))
            {
                stored = (await c.QueryAsync<(Guid, long)>(new CommandDefinition("SELECT asset_id, open_fingerprint FROM vuln_asset_state", cancellationToken: ct)))
                    .ToDictionary(r => r.Item1, r => r.Item2);
            }
            changing = assets.Where(a => !stored.TryGetValue(a, out var fingerprint) || fingerprint != FindingGroup.Sum(wanted.GetValueOrDefault(a))).ToList();
        }
        else
        {
            // An asset with findings to confirm is written anyway (its rows are read in the transaction): only the others are read here.
            bool Confirmed(Guid a) => confirmSeen && wanted.GetValueOrDefault(a)?.Any(g => g.Findings.Count > 0) == true;
            var toCheck = assets.Where(a => !Confirmed(a)).ToList();
            List<StoredFinding> rows = [];
            if (toCheck.Count > 0)
            {
                await using var c = await _connections.OpenAsync(ct);
                rows = await ReadAsync(c, null, toCheck, ct);
            }
            var byAsset = rows.ToLookup(r => r.AssetId);
            changing = assets.Where(a => Confirmed(a) || Diff(Wanted(wanted, a, scope), InScope(byAsset[a], scope)).Changes > 0).ToList();
        }

        var open = assets.Sum(a => wanted.GetValueOrDefault(a)?.Sum(g => g.InScope(scope)) ?? 0);
        int opened = 0, resolved = 0;
        var newlyOpened = new List<(Guid, FindingCandidate)>();
        foreach (var batch in changing.Chunk(AssetsPerTransaction))
        {
            var (batchOpened, batchResolved, batchNew) = await _connections.InTransactionAsync(async (c, t) =>
            {
                var now = _clock.GetUtcNow();
                var current = (await ReadAsync(c, t, batch, ct)).ToLookup(f => f.AssetId);
                await using var statements = new WriteStatements(c, t);
                int o = 0, r = 0;
                var fresh = new List<(Guid, FindingCandidate)>();
                var audits = new List<AuditEntry>();
                foreach (var assetId in batch)
                {
                    var want = Wanted(wanted, assetId, scope);
                    var diff = Diff(want, InScope(current[assetId], scope));
                    await WriteAsync(statements, assetId, diff, now, ct);
                    if (confirmSeen)
                    {
                        await statements.Confirm.ExecuteAsync(ct, assetId, now);
                    }
                    // Open after this write: what was decided in scope, and the open findings of other CVEs, untouched.
                    var fingerprint = unchecked(want.Values.Aggregate(0L, (sum, f) => sum + FindingGroup.Hash(f))
                        + current[assetId].Where(f => f.Status == "open" && !scope.Includes(f.CveId)).Aggregate(0L, (sum, f) => sum + f.Hash()));
                    await statements.Fingerprint.ExecuteAsync(ct, assetId, fingerprint, now);
                    var assetOpened = diff.Insert.Count + diff.Reopened.Count;
                    if (assetOpened + diff.Resolve.Count > 0)
                    {
                        audits.Add(new AuditEntry(actor, AuditActions.FindingsEvaluated, $"asset:{assetId}", AuditEntry.Success,
                            new Dictionary<string, object?> { ["opened"] = assetOpened, ["resolved"] = diff.Resolve.Count, ["open"] = want.Count }));
                    }
                    o += assetOpened;
                    r += diff.Resolve.Count;
                    fresh.AddRange(diff.Insert.Concat(diff.Reopened).Select(f => (assetId, f)));
                }
                if (audits.Count > 0)
                {
                    // One audit row per changed asset, chained in one go at the end of the batch.
                    await _audit.AppendManyAsync(c, t, audits, ct);
                }
                return (o, r, fresh);
            }, ct);
            opened += batchOpened;
            resolved += batchResolved;
            newlyOpened.AddRange(batchNew);
        }
        return new Outcome(open, opened, resolved, newlyOpened);
    }

    private async Task WriteAsync(WriteStatements statements, Guid assetId, AssetDiff diff, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var finding in diff.Insert)
        {
            await statements.Insert.ExecuteAsync(ct, Ids.New(_clock), assetId, finding.CveId, finding.Software, finding.InstalledVersion, finding.FixedVersion,
                finding.Path, finding.Rule, now);
        }
        foreach (var (id, finding) in diff.Update)
        {
            await statements.Update.ExecuteAsync(ct, id, now, finding.InstalledVersion, finding.FixedVersion, finding.Path, finding.Rule);
        }
        foreach (var id in diff.Resolve)
        {
            await statements.Resolve.ExecuteAsync(ct, id, now);
        }
    }

    /// <summary>The writes of one transaction, each compiled once for every asset of the batch.</summary>
    private sealed class WriteStatements(DbConnection c, DbTransaction t) : IAsyncDisposable
    {
        public RepeatedStatement Insert { get; } = new(c, t,
            """
            INSERT INTO vuln_findings (id, asset_id, cve_id, software, installed_version, fixed_version, path, rule, status, first_seen, last_seen)
            VALUES (@Id, @AssetId, @CveId, @Software, @InstalledVersion, @FixedVersion, @Path, @Rule, 'open', @Now, @Now)
            ON CONFLICT (asset_id, cve_id, software) DO UPDATE SET status = 'open', resolved_at = NULL, last_seen = excluded.last_seen
            """, "Id", "AssetId", "CveId", "Software", "InstalledVersion", "FixedVersion", "Path", "Rule", "Now");

        public RepeatedStatement Update { get; } = new(c, t,
            """
            UPDATE vuln_findings SET status = 'open', resolved_at = NULL, last_seen = @Now, installed_version = @InstalledVersion,
                fixed_version = @FixedVersion, path = @Path, rule = @Rule WHERE id = @Id
            """, "Id", "Now", "InstalledVersion", "FixedVersion", "Path", "Rule");

        public RepeatedStatement Resolve { get; } = new(c, t, "UPDATE vuln_findings SET status = 'resolved', resolved_at = @Now WHERE id = @Id", "Id", "Now");

        public RepeatedStatement Confirm { get; } = new(c, t,
            "UPDATE vuln_findings SET last_seen = @Now WHERE asset_id = @AssetId AND status = 'open'", "AssetId", "Now");

        public RepeatedStatement Fingerprint { get; } = new(c, t,
            """
            INSERT INTO vuln_asset_state (asset_id, open_fingerprint, updated_at) VALUES (@AssetId, @Fingerprint, @Now)
            ON CONFLICT (asset_id) DO UPDATE SET open_fingerprint = excluded.open_fingerprint, updated_at = excluded.updated_at
            """, "AssetId", "Fingerprint", "Now");

        public async ValueTask DisposeAsync()
        {
            foreach (var statement in new[] { Insert, Update, Resolve, Confirm, Fingerprint })
            {
                await statement.DisposeAsync();
            }
        }
    }

    private static Dictionary<(string, string), FindingCandidate> Wanted(IReadOnlyDictionary<Guid, List<FindingGroup>> wanted, Guid assetId,
        EvaluationScope scope) =>
        (wanted.GetValueOrDefault(assetId) ?? []).SelectMany(g => g.Findings).Where(f => scope.Includes(f.CveId))
            .DistinctBy(f => (f.CveId, f.Software)).ToDictionary(f => (f.CveId, f.Software));

    private sealed record AssetDiff(List<FindingCandidate> Insert, List<(Guid Id, FindingCandidate Finding)> Update, List<FindingCandidate> Reopened,
        List<Guid> Resolve)
    {
        public int Changes => Insert.Count + Update.Count + Resolve.Count;
    }

    private static AssetDiff Diff(Dictionary<(string, string), FindingCandidate> wanted, IEnumerable<StoredFinding> stored)
    {
        var diff = new AssetDiff([], [], [], []);
        var existing = stored.ToDictionary(f => (f.CveId, f.Software));
        foreach (var (key, finding) in wanted)
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
        diff.Resolve.AddRange(existing.Where(e => e.Value.Status == "open" && !wanted.ContainsKey(e.Key)).Select(e => e.Value.Id));
        return diff;
    }

    private static IEnumerable<StoredFinding> InScope(IEnumerable<StoredFinding> stored, EvaluationScope scope) =>
        scope.CveIds is null ? stored : stored.Where(f => scope.Includes(f.CveId));

    private async Task<List<StoredFinding>> ReadAsync(DbConnection c, DbTransaction? t, IReadOnlyCollection<Guid> assets, CancellationToken ct) =>
        (await c.QueryAsync<StoredFinding>(new CommandDefinition(
            $"SELECT id, asset_id, cve_id, software, status, installed_version, fixed_version, path, rule FROM vuln_findings WHERE {_connections.Dialect.InList("asset_id", "@Assets")}",
            new { Assets = assets.ToArray() }, t, cancellationToken: ct))).ToList();

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

        public long Hash() => FindingGroup.Hash(CveId, Software, InstalledVersion, FixedVersion, Path, Rule);
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
