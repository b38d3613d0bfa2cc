using System.Collections.Concurrent;
using Dapper;
using Vigie.Core.Storage;
using Vigie.Core.Vulnerabilities.Matching;

namespace Vigie.Core.Vulnerabilities.Findings;

/// <summary>
/// The knowledge base as the matchers read it, kept in memory: the Debian tracker and package map per release, and
/// the parsed CVEs of each CPE vendor/product, each loaded the first time it is needed. Everything is dropped when the
/// knowledge-base generation moves (an import here, or by another server sharing the database), so a matcher never
/// decides on stale data and never parses the same configuration twice between imports.
/// </summary>
public sealed class KnowledgeIndex
{
    private readonly IDbConnectionFactory _connections;
    private readonly Lock _gate = new();
    private long _generation = -1;
    private ConcurrentDictionary<string, Lazy<Task<DebianKnowledge?>>> _debian = new(StringComparer.Ordinal);
    private ConcurrentDictionary<(string Vendor, string Product), Lazy<Task<IReadOnlyList<ProductCve>>>> _products = new();

    public KnowledgeIndex(IDbConnectionFactory connections) => _connections = connections;

    /// <summary>Reads the generation (one small query) and drops the caches when it moved; 0 means an empty knowledge base.</summary>
    public async Task<long> RefreshAsync(CancellationToken ct)
    {
        await using var c = await _connections.OpenAsync(ct);
        var generation = await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT generation FROM vuln_knowledge_state WHERE id = 1", cancellationToken: ct));
        lock (_gate)
        {
            if (generation != _generation)
            {
                _generation = generation;
                _debian = new(StringComparer.Ordinal);
                _products = new();
            }
        }
        return generation;
    }

    /// <summary>The tracker and package map of one release, or null when the tracker says nothing about it.</summary>
    public Task<DebianKnowledge?> DebianAsync(string release, CancellationToken ct) => CachedAsync(_debian, release, LoadDebianAsync, ct);

    /// <summary>Every CVE naming a CPE vendor/product (rejected CVEs left out), with its configurations parsed.</summary>
    public Task<IReadOnlyList<ProductCve>> ProductAsync(string vendor, string product, CancellationToken ct) =>
        CachedAsync(_products, (vendor, product), (k, token) => LoadProductAsync(k.Item1, k.Item2, token), ct);

    /// <summary>One load per key however many callers ask at once; a failed load is forgotten so that the next caller retries.</summary>
    private static async Task<T> CachedAsync<TKey, T>(ConcurrentDictionary<TKey, Lazy<Task<T>>> cache, TKey key, Func<TKey, CancellationToken, Task<T>> load,
        CancellationToken ct) where TKey : notnull
    {
        var entry = cache.GetOrAdd(key, k => new Lazy<Task<T>>(() => load(k, CancellationToken.None)));
        try
        {
            return await entry.Value.WaitAsync(ct);
        }
        catch (Exception) when (entry.Value.IsFaulted)
        {
            cache.TryRemove(KeyValuePair.Create(key, entry));
            throw;
        }
    }

    private async Task<DebianKnowledge?> LoadDebianAsync(string release, CancellationToken ct)
    {
        await using var c = await _connections.OpenAsync(ct);
        var entries = (await c.QueryAsync<(string Source, string Cve, string Status, string? Fixed)>(new CommandDefinition(
            "SELECT source_package, cve_id, status, fixed_version FROM vuln_debian WHERE release = @Release", new { Release = release }, cancellationToken: ct)))
            .ToList();
        if (entries.Count == 0)
        {
            return null;
        }
        var suites = new[] { release, release + "-security", release + "-updates" };
        var map = await c.QueryAsync<(string Binary, string BinaryVersion, string Source, string SourceVersion)>(new CommandDefinition(
            $"SELECT binary_package, binary_version, source_package, source_version FROM vuln_debian_sources WHERE {_connections.Dialect.InList("suite", "@Suites")}",
            new { Suites = suites }, cancellationToken: ct));
        return new DebianKnowledge(release, entries, map);
    }

    private async Task<IReadOnlyList<ProductCve>> LoadProductAsync(string vendor, string product, CancellationToken ct)
    {
        await using var c = await _connections.OpenAsync(ct);
        var rows = await c.QueryAsync<(string Id, string? Configurations, string? Affected)>(new CommandDefinition(
            """
            SELECT v.id, v.configurations, v.affected FROM vuln_cve_products p JOIN vuln_cves v ON v.id = p.cve_id
            WHERE p.vendor = @Vendor AND p.product = @Product AND v.rejected = @False
            """, new { Vendor = vendor, Product = product, False = false }, cancellationToken: ct));
        var parsed = new List<ProductCve>();
        foreach (var (id, configurations, affected) in rows)
        {
            // NVD's analysis decides when there is one; an unreadable one decides nothing (the CNA list is no substitute).
            try
            {
                parsed.Add(configurations is not null
                    ? new ProductCve(id, NvdConfigurationParser.Parse(configurations), null)
                    : new ProductCve(id, null, affected is null ? [] : Cve5AffectedParser.Parse(affected)));
            }
            catch (FormatException)
            {
            }
        }
        return parsed;
    }
}

/// <summary>One CVE of a product: NVD configurations when NVD analysed it, otherwise the CVE 5 affected list.</summary>
public sealed record ProductCve(string CveId, IReadOnlyList<NvdConfiguration>? Configurations, IReadOnlyList<Cve5Affected>? Affected);
