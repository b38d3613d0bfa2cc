using System.Net;
using System.Runtime.CompilerServices;

namespace Vigie.Core.Inventory.Snmp;

/// <summary>
/// An SNMP manager for one agent (v1, v2c, or v3 USM with SHA-1/SHA-256 and AES-128). One request is in flight at a
/// time; calls from several tasks queue up. Request ids are random and answers are matched on them.
/// </summary>
public sealed class SnmpClient : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly UdpTransport _transport;
    private readonly ISnmpMessageProcessor _processor;
    private readonly UsmExchange? _usm;
    private bool _disposed;

    public SnmpClient(IPEndPoint target, SnmpCredentials credentials, SnmpClientOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(credentials);
        Options = options ?? SnmpClientOptions.Default;
        Options.Validate();
        Target = target;
        Version = credentials.Version;
        var clock = timeProvider ?? TimeProvider.System;
        if (credentials.Version == SnmpVersion.V3)
        {
            _processor = new UsmMessageProcessor(credentials, clock);
        }
        else
        {
            _processor = new CommunityMessageProcessor(credentials.Version, credentials.Community ?? string.Empty);
        }
        try
        {
            _transport = new UdpTransport(target, clock);
        }
        catch
        {
            _processor.Dispose();
            throw;
        }
        if (_processor is UsmMessageProcessor usm)
        {
            _usm = new UsmExchange(_transport, usm, target, credentials.User ?? string.Empty);
        }
    }

    public IPEndPoint Target { get; }

    public SnmpVersion Version { get; }

    /// <summary>The defaults of this client; each call can pass its own.</summary>
    public SnmpClientOptions Options { get; }

    /// <summary>GET one OID. A missing object comes back as an exception value (noSuchObject), not a throw (v2c/v3).</summary>
    public async Task<VarBind> GetAsync(Oid oid, SnmpClientOptions? options = null, CancellationToken cancellationToken = default) =>
        (await GetAsync([oid], options, cancellationToken))[0];

    public async Task<IReadOnlyList<VarBind>> GetAsync(IEnumerable<Oid> oids, SnmpClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = SnmpPdu.Request(SnmpPduType.GetRequest, RequireOids(oids));
        return OneForEach(request, ThrowOnError(request, await RequestAsync(request, Effective(options), cancellationToken)));
    }

    public async Task<IReadOnlyList<VarBind>> GetNextAsync(IEnumerable<Oid> oids, SnmpClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = SnmpPdu.Request(SnmpPduType.GetNextRequest, RequireOids(oids));
        return OneForEach(request, ThrowOnError(request, await RequestAsync(request, Effective(options), cancellationToken)));
    }

    /// <summary>GETBULK (v2c/v3). On tooBig the request is repeated with half the repetitions, down to one.</summary>
    public async Task<IReadOnlyList<VarBind>> GetBulkAsync(
        int nonRepeaters,
        int maxRepetitions,
        IEnumerable<Oid> oids,
        SnmpClientOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nonRepeaters);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRepetitions, 1);
        var (varBinds, _) = await BulkAsync(nonRepeaters, maxRepetitions, RequireOids(oids), Effective(options), shrinkOnTimeout: false, cancellationToken);
        return varBinds;
    }

    /// <summary>
    /// Every variable under <paramref name="root"/> in OID order: GETBULK for v2c/v3 (fewer repetitions when the
    /// agent is slow or answers tooBig), GETNEXT for v1. Stops at the end of the subtree or of the MIB; throws
    /// <see cref="SnmpException"/> when the agent sends OIDs that do not increase or more than MaxWalkResults.
    /// </summary>
    public IAsyncEnumerable<VarBind> WalkAsync(Oid root, SnmpClientOptions? options = null, CancellationToken cancellationToken = default) =>
        WalkCoreAsync(root, Effective(options), cancellationToken);

    /// <summary>
    /// Walks a table (an OID such as ifTable 1.3.6.1.2.1.2.2, whose entry is table.1) and groups the cells by row
    /// index. With <paramref name="columns"/> only those columns are walked.
    /// </summary>
    public async Task<IReadOnlyList<SnmpTableRow>> WalkTableAsync(
        Oid tableOid,
        IReadOnlyCollection<uint>? columns = null,
        SnmpClientOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var entry = tableOid.Append(1);
        var roots = columns is { Count: > 0 } ? columns.Distinct().Select(column => entry.Append(column)).ToList() : [entry];
        var table = new SnmpTableBuilder(entry);
        foreach (var root in roots)
        {
            await foreach (var varBind in WalkAsync(root, options, cancellationToken))
            {
                table.Add(varBind);
            }
        }
        return table.Build();
    }

    public ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return ValueTask.CompletedTask;
        }
        _disposed = true;
        _transport.Dispose();
        _processor.Dispose();
        _gate.Dispose();
        return ValueTask.CompletedTask;
    }

    private async IAsyncEnumerable<VarBind> WalkCoreAsync(Oid root, SnmpClientOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var current = root;
        var repetitions = options.MaxRepetitions;
        var count = 0;
        while (true)
        {
            IReadOnlyList<VarBind> chunk;
            if (Version == SnmpVersion.V1)
            {
                chunk = await NextForV1Async(current, options, cancellationToken);
            }
            else
            {
                (chunk, repetitions) = await BulkAsync(0, repetitions, [current], options, shrinkOnTimeout: true, cancellationToken);
            }
            if (chunk.Count == 0)
            {
                break;
            }
            foreach (var varBind in chunk)
            {
                if (varBind.Value.Type == SnmpType.EndOfMibView || !varBind.Oid.IsDescendantOf(root))
                {
                    yield break;
                }
                if (varBind.Oid <= current)
                {
                    throw new SnmpException($"SNMP agent {Target} returned {varBind.Oid} after {current} while walking {root}: OIDs must increase, the agent loops.");
                }
                if (++count > options.MaxWalkResults)
                {
                    throw new SnmpException($"Walk of {root} on SNMP agent {Target} stopped after {options.MaxWalkResults} results (SnmpClientOptions.MaxWalkResults).");
                }
                yield return varBind;
                current = varBind.Oid;
            }
        }
    }

    private async Task<IReadOnlyList<VarBind>> NextForV1Async(Oid current, SnmpClientOptions options, CancellationToken cancellationToken)
    {
        var request = SnmpPdu.Request(SnmpPduType.GetNextRequest, [current]);
        var response = await RequestAsync(request, options, cancellationToken);
        // SNMPv1 has no endOfMibView: noSuchName on GETNEXT means there is nothing further.
        return response.ErrorStatus == (int)SnmpErrorStatus.NoSuchName ? [] : ThrowOnError(request, response).VarBinds;
    }

    private async Task<(IReadOnlyList<VarBind> VarBinds, int Repetitions)> BulkAsync(
        int nonRepeaters,
        int repetitions,
        IReadOnlyList<Oid> oids,
        SnmpClientOptions options,
        bool shrinkOnTimeout,
        CancellationToken cancellationToken)
    {
        if (Version == SnmpVersion.V1)
        {
            throw new NotSupportedException("GETBULK does not exist in SNMPv1; use GetNextAsync.");
        }
        while (true)
        {
            var request = SnmpPdu.Bulk(nonRepeaters, repetitions, oids);
            SnmpPdu response;
            try
            {
                response = await RequestAsync(request, options, cancellationToken);
            }
            catch (SnmpTimeoutException) when (shrinkOnTimeout && repetitions > 1)
            {
                // A slow agent may answer small bulks in time where a large one times out.
                repetitions = Math.Max(1, repetitions / 2);
                continue;
            }
            if (response.ErrorStatus == (int)SnmpErrorStatus.TooBig && repetitions > 1)
            {
                repetitions = Math.Max(1, repetitions / 2);
                continue;
            }
            return (ThrowOnError(request, response).VarBinds, repetitions);
        }
    }

    private async Task<SnmpPdu> RequestAsync(SnmpPdu request, SnmpClientOptions options, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _usm is null
                ? await _transport.ExchangeAsync(request, false, _processor, options, cancellationToken)
                : await _usm.ExchangeAsync(request, options, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private SnmpPdu ThrowOnError(SnmpPdu request, SnmpPdu response)
    {
        if (response.ErrorStatus == 0)
        {
            return response;
        }
        var status = (SnmpErrorStatus)response.ErrorStatus;
        var index = response.ErrorIndex;
        Oid? failed = index >= 1 && index <= request.VarBinds.Count ? request.VarBinds[index - 1].Oid : null;
        var where = failed is null ? string.Empty : $" for {failed}";
        throw new SnmpErrorException(
            $"SNMP agent {Target} answered {SnmpErrorStatusNames.Name(status)}{where} (error-index {index}).", status, index, failed);
    }

    private IReadOnlyList<VarBind> OneForEach(SnmpPdu request, SnmpPdu response) =>
        response.VarBinds.Count == request.VarBinds.Count
            ? response.VarBinds
            : throw new SnmpException($"SNMP agent {Target} answered {response.VarBinds.Count} variable bindings for {request.VarBinds.Count} requested.");

    private SnmpClientOptions Effective(SnmpClientOptions? options)
    {
        if (options is null)
        {
            return Options;
        }
        options.Validate();
        return options;
    }

    private static List<Oid> RequireOids(IEnumerable<Oid> oids)
    {
        ArgumentNullException.ThrowIfNull(oids);
        var list = oids.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("At least one OID is needed.", nameof(oids));
        }
        return list;
    }
}
