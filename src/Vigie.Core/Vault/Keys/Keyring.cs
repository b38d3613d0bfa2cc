using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Vigie.Core.Vault.Keys;

/// <summary>
/// The keyring: AES-256 keys numbered by term. New data keys are wrapped under the newest term; older terms stay
/// to unwrap what they wrapped until the re-wrap moved it. Held in memory only while the vault is unsealed; its
/// serialised form is sealed under the root key. Layout: <c>count(4)</c>, then per term <c>term(4) ‖ installed(8,
/// Unix seconds) ‖ key(32)</c>, big-endian.
/// </summary>
public sealed class Keyring : IDisposable
{
    private const int KeyBytes = 32;
    private const int EntryBytes = 4 + 8 + KeyBytes;
    private readonly SortedDictionary<int, (DateTimeOffset Installed, byte[] Key)> _terms = [];

    private Keyring()
    {
    }

    public int CurrentTerm => _terms.Keys.Max();

    public IReadOnlyList<(int Term, DateTimeOffset Installed)> Terms => _terms.Select(t => (t.Key, t.Value.Installed)).ToList();

    public static Keyring CreateNew(DateTimeOffset now)
    {
        var keyring = new Keyring();
        keyring._terms[1] = (now, RandomNumberGenerator.GetBytes(KeyBytes));
        return keyring;
    }

    /// <summary>Adds a term; new data keys are wrapped under it from now on.</summary>
    public int Rotate(DateTimeOffset now)
    {
        var term = CurrentTerm + 1;
        _terms[term] = (now, RandomNumberGenerator.GetBytes(KeyBytes));
        return term;
    }

    /// <exception cref="CryptographicException">The term is not in the keyring.</exception>
    public ReadOnlySpan<byte> Key(int term) =>
        _terms.TryGetValue(term, out var entry) ? entry.Key : throw new CryptographicException($"Keyring term {term} is unknown.");

    public byte[] Serialize()
    {
        var data = new byte[4 + _terms.Count * EntryBytes];
        BinaryPrimitives.WriteInt32BigEndian(data, _terms.Count);
        var offset = 4;
        foreach (var (term, (installed, key)) in _terms)
        {
            BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(offset), term);
            BinaryPrimitives.WriteInt64BigEndian(data.AsSpan(offset + 4), installed.ToUnixTimeSeconds());
            key.CopyTo(data.AsSpan(offset + 12));
            offset += EntryBytes;
        }
        return data;
    }

    public static Keyring Deserialize(ReadOnlySpan<byte> data)
    {
        var count = data.Length >= 4 ? BinaryPrimitives.ReadInt32BigEndian(data) : -1;
        if (count < 1 || data.Length != 4 + count * EntryBytes)
        {
            throw new CryptographicException("The keyring is malformed.");
        }
        var keyring = new Keyring();
        for (var i = 0; i < count; i++)
        {
            var entry = data.Slice(4 + i * EntryBytes, EntryBytes);
            keyring._terms[BinaryPrimitives.ReadInt32BigEndian(entry)] =
                (DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(entry[4..])), entry[12..].ToArray());
        }
        return keyring;
    }

    public void Dispose()
    {
        foreach (var (_, key) in _terms.Values)
        {
            CryptographicOperations.ZeroMemory(key);
        }
        _terms.Clear();
    }
}
