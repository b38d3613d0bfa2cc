using Vigie.Core.Storage;

namespace Vigie.Core.Audit;

/// <summary>
/// Audit rows for actions that change nothing else (a secret revealed): concurrent callers' rows are written together
/// in one transaction, and each caller waits until the transaction holding its row committed — still fail-closed (no
/// row, no answer), but one database commit serves every reveal that arrived meanwhile instead of one each.
/// </summary>
public sealed class AuditGroupCommit
{
    private const int MaxBatch = 500;
    private readonly IDbConnectionFactory _connections;
    private readonly IAuditLog _audit;
    private readonly Lock _gate = new();
    private List<(AuditEntry Entry, TaskCompletionSource Done)> _pending = [];
    private bool _writing;

    public AuditGroupCommit(IDbConnectionFactory connections, IAuditLog audit)
    {
        _connections = connections;
        _audit = audit;
    }

    public Task AppendAsync(AuditEntry entry, CancellationToken ct)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool lead;
        lock (_gate)
        {
            _pending.Add((entry, done));
            lead = !_writing;
            _writing = true;
        }
        if (lead)
        {
            // The first caller of a quiet period writes for everyone queued behind it, until the queue is empty.
            _ = Task.Run(DrainAsync, CancellationToken.None);
        }
        return done.Task.WaitAsync(ct);
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            List<(AuditEntry Entry, TaskCompletionSource Done)> batch;
            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    _writing = false;
                    return;
                }
                if (_pending.Count <= MaxBatch)
                {
                    (batch, _pending) = (_pending, []);
                }
                else
                {
                    batch = _pending[..MaxBatch];
                    _pending.RemoveRange(0, MaxBatch);
                }
            }
            try
            {
                await _connections.InTransactionAsync((c, t) => _audit.AppendManyAsync(c, t, batch.Select(b => b.Entry).ToList(), CancellationToken.None),
                    CancellationToken.None);
                foreach (var (_, done) in batch)
                {
                    done.TrySetResult();
                }
            }
            catch (Exception ex)
            {
                foreach (var (_, done) in batch)
                {
                    done.TrySetException(ex);
                }
            }
        }
    }
}
