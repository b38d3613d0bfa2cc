using Dapper;
using Vigie.Core.Audit;
using Vigie.Core.Storage;
using Vigie.Core.Vault.Sealing;

namespace Vigie.Core.Vault.Keys;

/// <summary>
/// Online keyring rotation: a new term for new data keys, then every space's data key re-wrapped under it in small
/// transactions. Secrets themselves are not re-encrypted (their data keys do not change). The re-wrap picks up the
/// spaces still under an older term, so an interrupted one is resumed by the next rotation or by <see cref="RewrapAsync"/>.
/// </summary>
public sealed class KeyRotation
{
    private readonly IDbConnectionFactory _connections;
    private readonly VaultSeal _seal;
    private readonly DataKeys _keys;
    private readonly TimeProvider _clock;

    public KeyRotation(IDbConnectionFactory connections, VaultSeal seal, DataKeys keys, TimeProvider clock)
    {
        _connections = connections;
        _seal = seal;
        _keys = keys;
        _clock = clock;
    }

    public sealed record RotationResult(int Term, int Rewrapped);

    public async Task<RotationResult> RotateAsync(AuditActor actor, CancellationToken ct)
    {
        var rewrapped = 0;
        var term = await _seal.RotateAsync(actor, async (keyring, current) => rewrapped = await RewrapAsync(keyring, current, ct), ct);
        return new RotationResult(term, rewrapped);
    }

    /// <summary>Re-wraps the data keys of every space under an older term than <paramref name="term"/>; returns how many.</summary>
    public async Task<int> RewrapAsync(Keyring keyring, int term, CancellationToken ct)
    {
        var done = 0;
        while (true)
        {
            List<(Guid Id, byte[] DataKey, long Term)> batch;
            await using (var c = await _connections.OpenAsync(ct))
            {
                batch = (await c.QueryAsync<(Guid, byte[], long)>(new CommandDefinition(
                    "SELECT id, data_key, data_key_term FROM vault_folders WHERE data_key IS NOT NULL AND data_key_term < @Term ORDER BY id LIMIT 100",
                    new { Term = term }, cancellationToken: ct))).ToList();
            }
            if (batch.Count == 0)
            {
                return done;
            }
            await _connections.InTransactionAsync(async (c, t) =>
            {
                foreach (var (id, wrapped, old) in batch)
                {
                    await c.ExecuteAsync(new CommandDefinition(
                        "UPDATE vault_folders SET data_key = @DataKey, data_key_term = @Term, updated_at = @Now WHERE id = @Id AND data_key_term = @Old",
                        new { Id = id, DataKey = _keys.Rewrap(keyring, id, wrapped, (int)old, term), Term = term, Old = (int)old, Now = _clock.GetUtcNow() }, t,
                        cancellationToken: ct));
                }
            }, ct);
            done += batch.Count;
        }
    }
}
