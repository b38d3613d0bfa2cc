using System.Security.Cryptography;
using Dapper;
using Microsoft.Extensions.Options;
using Vigie.Core.Audit;
using Vigie.Core.Common;
using Vigie.Core.Crypto;
using Vigie.Core.Storage;
using Vigie.Core.Vault.Keys;

namespace Vigie.Core.Vault.Sealing;

/// <summary>What the vault's seal looks like from outside: never a key, never a share.</summary>
public sealed record VaultStatus(bool Initialized, bool Sealed, string? Mode, int Threshold, int Shares, int Progress, int? KeyringTerm);

/// <summary>The outcome of initialisation: the shares, shown this once (empty in key mode).</summary>
public sealed record VaultInitResult(string Mode, int Threshold, IReadOnlyList<string> Shares);

/// <summary>
/// The vault's seal. The root key (256 bits) is never stored: in <c>shamir</c> mode it is rebuilt from a threshold of
/// shares entered one at a time, in <c>key</c> mode (development, CI) it is read from the auto-unseal key. The root
/// key opens the keyring (stored sealed under it, AES-256-GCM); both stay in memory until the vault is sealed again
/// (the root key to store a rotated keyring), when they are zeroed. While sealed every vault operation is refused with 503 <c>vault_sealed</c>.
/// </summary>
public sealed class VaultSeal : IDisposable
{
    private const string KeyringIdentity = "vigie-vault/keyring/v1";
    public const string ShamirMode = "shamir";
    public const string KeyMode = "key";
    private readonly IDbConnectionFactory _connections;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _clock;
    private readonly VaultOptions _options;
    private readonly Lock _gate = new();
    private readonly List<byte[]> _shares = [];
    private Keyring? _keyring;
    private byte[]? _rootKey;

    public VaultSeal(IDbConnectionFactory connections, IAuditLog audit, TimeProvider clock, IOptions<VaultOptions> options)
    {
        _connections = connections;
        _audit = audit;
        _clock = clock;
        _options = options.Value;
    }

    /// <summary>Raised after the vault was sealed (caches of unwrapped keys must be dropped).</summary>
    public event Action? Sealed;

    public bool IsSealed
    {
        get
        {
            lock (_gate)
            {
                return _keyring is null;
            }
        }
    }

    /// <summary>The keyring, or 503 <c>vault_sealed</c>.</summary>
    public T WithKeyring<T>(Func<Keyring, T> use)
    {
        lock (_gate)
        {
            return _keyring is { } keyring ? use(keyring) : throw SealedProblem();
        }
    }

    /// <summary>503 <c>vault_sealed</c> unless the vault is open.</summary>
    public void EnsureUnsealed()
    {
        if (IsSealed)
        {
            throw SealedProblem();
        }
    }

    public static ProblemException SealedProblem() => new(503, "vault_sealed", "The vault is sealed.", "An administrator must unseal it (vigie vault unseal).");

    public async Task<VaultStatus> StatusAsync(CancellationToken ct)
    {
        var row = await ReadAsync(ct);
        lock (_gate)
        {
            return row is null
                ? new VaultStatus(false, true, null, 0, 0, 0, null)
                : new VaultStatus(true, _keyring is null, row.Mode, row.Threshold, row.ShareCount, _shares.Count, _keyring?.CurrentTerm);
        }
    }

    public async Task<VaultInitResult> InitAsync(AuditActor actor, string? mode, int? shares, int? threshold, CancellationToken ct)
    {
        mode ??= AutoUnsealKey() is null ? ShamirMode : KeyMode;
        var n = shares ?? 5;
        var k = threshold ?? 3;
        var errors = new ValidationErrors();
        if (mode is not (ShamirMode or KeyMode))
        {
            errors.Add("mode", "must be shamir or key");
        }
        if (mode == ShamirMode && (n is < 2 or > 20 || k < 2 || k > n))
        {
            errors.Add("threshold", "must be between 2 and the number of shares (at most 20)");
        }
        errors.ThrowIfAny();
        byte[]? root = null;
        var texts = new List<string>();
        try
        {
            if (mode == KeyMode)
            {
                root = AutoUnsealKey() ?? throw ProblemException.Conflict("no_unseal_key", "Key mode needs Vault:AutoUnsealKeyFile or Vault:AutoUnsealKey.");
                (n, k) = (0, 0);
            }
            else
            {
                root = RandomNumberGenerator.GetBytes(32);
                foreach (var share in Shamir.Split(root, k, n))
                {
                    texts.Add(ShareText.Encode(share));
                    CryptographicOperations.ZeroMemory(share);
                }
            }
            using var keyring = Keyring.CreateNew(_clock.GetUtcNow());
            var serialized = keyring.Serialize();
            var sealedKeyring = Envelope.Seal(root, serialized, KeyringIdentity);
            CryptographicOperations.ZeroMemory(serialized);
            await _connections.InTransactionAsync(async (c, t) =>
            {
                var now = _clock.GetUtcNow();
                var inserted = await c.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO vault_seal (id, mode, threshold, share_count, keyring, created_at, updated_at)
                    VALUES (1, @Mode, @Threshold, @Shares, @Keyring, @Now, @Now) ON CONFLICT (id) DO NOTHING
                    """, new { Mode = mode, Threshold = k, Shares = n, Keyring = sealedKeyring, Now = now }, t, cancellationToken: ct));
                if (inserted == 0)
                {
                    throw ProblemException.Conflict("vault_initialized", "The vault is already initialised.");
                }
                await _audit.AppendAsync(c, t, new AuditEntry(actor, AuditActions.VaultInitialized, "vault", AuditEntry.Success,
                    new Dictionary<string, object?> { ["mode"] = mode, ["shares"] = n, ["threshold"] = k }), ct);
            }, ct);
        }
        finally
        {
            if (root is not null)
            {
                CryptographicOperations.ZeroMemory(root);
            }
        }
        return new VaultInitResult(mode!, k, texts);
    }

    /// <summary>Takes one share; once the threshold is reached the vault opens, or every share given is dropped (one was wrong).</summary>
    public async Task<VaultStatus> UnsealAsync(AuditActor actor, string? shareText, CancellationToken ct)
    {
        var row = await ReadAsync(ct) ?? throw ProblemException.Conflict("vault_not_initialized", "The vault is not initialised (vigie vault init).");
        if (row.Mode == KeyMode)
        {
            // Key mode: the configured auto-unseal key opens it; no share is asked for.
            if (IsSealed && !await AutoUnsealAsync(actor, ct))
            {
                throw ProblemException.Conflict("unseal_key_missing", "The auto-unseal key is missing or does not open this vault.");
            }
            return await StatusAsync(ct);
        }
        if (!ShareText.TryDecode(shareText ?? "", out var share, out var error))
        {
            throw ProblemException.Validation("share", error ?? "is not a share");
        }
        byte[]? root = null;
        lock (_gate)
        {
            if (_keyring is not null)
            {
                CryptographicOperations.ZeroMemory(share);
                return new VaultStatus(true, false, row.Mode, row.Threshold, row.ShareCount, 0, _keyring.CurrentTerm);
            }
            if (_shares.Any(s => s.Length == share.Length && s[^1] == share[^1]))
            {
                CryptographicOperations.ZeroMemory(share);
                throw ProblemException.Conflict("share_already_given", "This share was already given.");
            }
            _shares.Add(share);
            if (_shares.Count < row.Threshold)
            {
                return new VaultStatus(true, true, row.Mode, row.Threshold, row.ShareCount, _shares.Count, null);
            }
            try
            {
                root = Shamir.Combine(_shares);
            }
            catch (ArgumentException)
            {
                root = null;
            }
            ClearShares();
        }
        var opened = root is not null && Open(root, row.Keyring);
        if (root is not null)
        {
            CryptographicOperations.ZeroMemory(root);
        }
        await AuditAsync(actor, opened ? AuditActions.VaultUnsealed : AuditActions.VaultUnsealFailed, opened, ct);
        if (!opened)
        {
            throw new ProblemException(400, "unseal_failed", "The shares do not open the vault.",
                "At least one share was wrong; every share given is forgotten, start again.");
        }
        return await StatusAsync(ct);
    }

    /// <summary>At start-up, and on demand: opens a key-mode vault with the configured auto-unseal key.</summary>
    public async Task<bool> AutoUnsealAsync(AuditActor actor, CancellationToken ct)
    {
        var row = await ReadAsync(ct);
        if (row is not { Mode: KeyMode } || !IsSealed || AutoUnsealKey() is not { } key)
        {
            return false;
        }
        var opened = Open(key, row.Keyring);
        CryptographicOperations.ZeroMemory(key);
        await AuditAsync(actor, opened ? AuditActions.VaultUnsealed : AuditActions.VaultUnsealFailed, opened, ct);
        return opened;
    }

    public async Task SealAsync(AuditActor actor, CancellationToken ct)
    {
        lock (_gate)
        {
            _keyring?.Dispose();
            _keyring = null;
            ForgetRootKey();
            ClearShares();
        }
        Sealed?.Invoke();
        await AuditAsync(actor, AuditActions.VaultSealed, true, ct);
    }

    /// <summary>Adds a keyring term, stores the keyring sealed again under the root key, then lets the caller re-wrap data keys.</summary>
    public async Task<int> RotateAsync(AuditActor actor, Func<Keyring, int, Task> rewrap, CancellationToken ct)
    {
        byte[] serialized;
        byte[] resealed;
        int term;
        lock (_gate)
        {
            var keyring = _keyring ?? throw SealedProblem();
            term = keyring.Rotate(_clock.GetUtcNow());
            serialized = keyring.Serialize();
            resealed = Envelope.Seal(_rootKey!, serialized, KeyringIdentity);
        }
        try
        {
            await _connections.InTransactionAsync(async (c, t) =>
            {
                await c.ExecuteAsync(new CommandDefinition("UPDATE vault_seal SET keyring = @Keyring, updated_at = @Now WHERE id = 1",
                    new { Keyring = resealed, Now = _clock.GetUtcNow() }, t, cancellationToken: ct));
                await _audit.AppendAsync(c, t, new AuditEntry(actor, AuditActions.VaultKeysRotated, "vault", AuditEntry.Success,
                    new Dictionary<string, object?> { ["term"] = term }), ct);
            }, ct);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(serialized);
        }
        await WithKeyringAsync(keyring => rewrap(keyring, term));
        return term;
    }

    private Task WithKeyringAsync(Func<Keyring, Task> use)
    {
        Keyring keyring;
        lock (_gate)
        {
            keyring = _keyring ?? throw SealedProblem();
        }
        return use(keyring);
    }

    private bool Open(byte[] root, byte[] sealedKeyring)
    {
        try
        {
            var serialized = Envelope.Open(root, sealedKeyring, KeyringIdentity);
            try
            {
                var keyring = Keyring.Deserialize(serialized);
                lock (_gate)
                {
                    _keyring?.Dispose();
                    _keyring = keyring;
                    ForgetRootKey();
                    _rootKey = [.. root];
                }
                return true;
            }
            finally
            {
                CryptographicOperations.ZeroMemory(serialized);
            }
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private void ForgetRootKey()
    {
        if (_rootKey is not null)
        {
            CryptographicOperations.ZeroMemory(_rootKey);
            _rootKey = null;
        }
    }

    private void ClearShares()
    {
        foreach (var s in _shares)
        {
            CryptographicOperations.ZeroMemory(s);
        }
        _shares.Clear();
    }

    private byte[]? AutoUnsealKey()
    {
        var text = _options.AutoUnsealKey;
        if (string.IsNullOrWhiteSpace(text) && !string.IsNullOrWhiteSpace(_options.AutoUnsealKeyFile) && File.Exists(_options.AutoUnsealKeyFile))
        {
            text = File.ReadAllText(_options.AutoUnsealKeyFile);
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var key = new byte[32];
        return Convert.TryFromBase64String(text.Trim(), key, out var written) && written == 32
            ? key
            : throw new ProblemException(500, "bad_unseal_key", "The auto-unseal key is not 32 bytes of base64.");
    }

    private async Task AuditAsync(AuditActor actor, AuditAction action, bool success, CancellationToken ct) =>
        await _connections.InTransactionAsync(async (c, t) =>
            await _audit.AppendAsync(c, t, new AuditEntry(actor, action, "vault", success ? AuditEntry.Success : AuditEntry.Failure, null), ct), ct);

    private async Task<SealRow?> ReadAsync(CancellationToken ct)
    {
        await using var c = await _connections.OpenAsync(ct);
        return await c.QueryFirstOrDefaultAsync<SealRow>(new CommandDefinition(
            "SELECT mode, threshold, share_count, keyring FROM vault_seal WHERE id = 1", cancellationToken: ct));
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _keyring?.Dispose();
            _keyring = null;
            ForgetRootKey();
            ClearShares();
        }
    }

    private sealed class SealRow
    {
        public string Mode { get; set; } = "";
        public int Threshold { get; set; }
        public int ShareCount { get; set; }
        public byte[] Keyring { get; set; } = [];
    }
}
