using System.Collections.Concurrent;
using System.Security.Cryptography;
using Vigie.Core.Crypto;
using Vigie.Core.Vault.Sealing;

namespace Vigie.Core.Vault.Keys;

/// <summary>
/// One data key per space (top-level folder), stored wrapped under a keyring term with the space's identity as
/// associated data. Unwrapped keys are cached while the vault is unsealed and zeroed when it is sealed.
/// </summary>
public sealed class DataKeys
{
    private readonly VaultSeal _seal;
    private readonly ConcurrentDictionary<Guid, byte[]> _cache = new();

    public DataKeys(VaultSeal seal)
    {
        _seal = seal;
        seal.Sealed += Clear;
    }

    internal static string Identity(Guid spaceId) => $"vigie-vault/data-key/{spaceId:D}";

    /// <summary>A new data key for a space, wrapped under the current term.</summary>
    public (byte[] Wrapped, int Term) Create(Guid spaceId)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        try
        {
            return _seal.WithKeyring(keyring => (Envelope.Seal(keyring.Key(keyring.CurrentTerm), key, Identity(spaceId)), keyring.CurrentTerm));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>A new data key for a space, in clear for the caller to use at once (and zero), and wrapped under the current term.</summary>
    internal (byte[] Key, byte[] Wrapped, int Term) CreateForUse(Guid spaceId)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var (wrapped, term) = _seal.WithKeyring(keyring => (Envelope.Seal(keyring.Key(keyring.CurrentTerm), key, Identity(spaceId)), keyring.CurrentTerm));
        return (key, wrapped, term);
    }

    /// <summary>Drops a space's cached key (a restore gives a space id that may have existed here before a new key).</summary>
    internal void Forget(Guid spaceId)
    {
        if (_cache.TryRemove(spaceId, out var key))
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>The space's data key (from the cache, or unwrapped), or 503 when the vault is sealed.</summary>
    public byte[] Get(Guid spaceId, byte[] wrapped, int term)
    {
        _seal.EnsureUnsealed();
        return _cache.GetOrAdd(spaceId, id => _seal.WithKeyring(keyring => Envelope.Open(keyring.Key(term), wrapped, Identity(id))));
    }

    /// <summary>The wrapped key re-wrapped under <paramref name="newTerm"/> (key rotation).</summary>
    public byte[] Rewrap(Keyring keyring, Guid spaceId, byte[] wrapped, int oldTerm, int newTerm)
    {
        var key = Envelope.Open(keyring.Key(oldTerm), wrapped, Identity(spaceId));
        try
        {
            return Envelope.Seal(keyring.Key(newTerm), key, Identity(spaceId));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private void Clear()
    {
        foreach (var key in _cache.Values)
        {
            CryptographicOperations.ZeroMemory(key);
        }
        _cache.Clear();
    }
}
