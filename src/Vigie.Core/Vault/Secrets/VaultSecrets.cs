using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Options;
using Vigie.Core.Audit;
using Vigie.Core.Common;
using Vigie.Core.Crypto;
using Vigie.Core.Storage;
using Vigie.Core.Vault.Folders;
using Vigie.Core.Vault.Keys;
using Vigie.Core.Vault.Sealing;

namespace Vigie.Core.Vault.Secrets;

/// <summary>
/// Entries (logins and secret notes): every change is a new version, encrypted under the space's data key with the
/// entry's id and version as associated data; the last N versions are kept. Titles, URLs and tags stay in clear for
/// search; at write time the server also stores the password's strength score and an HMAC fingerprint (to find
/// reused passwords), never the password outside the encrypted version. Every reveal is audited.
/// </summary>
public sealed partial class VaultSecrets
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly IDbConnectionFactory _connections;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _clock;
    private readonly VaultSeal _seal;
    private readonly DataKeys _keys;
    private readonly VaultFolders _folders;
    private readonly VaultOptions _options;
    private readonly AuditGroupCommit _auditBatch;
    private readonly PreparedReads _reads;

    public VaultSecrets(IDbConnectionFactory connections, PreparedReads reads, IAuditLog audit, AuditGroupCommit auditBatch, TimeProvider clock,
        VaultSeal seal, DataKeys keys, VaultFolders folders, IOptions<VaultOptions> options)
    {
        _reads = reads;
        _auditBatch = auditBatch;
        _connections = connections;
        _audit = audit;
        _clock = clock;
        _seal = seal;
        _keys = keys;
        _folders = folders;
        _options = options.Value;
    }

    internal static string Identity(Guid secretId, int version) => $"vigie-vault/secret/{secretId:D}/v{version}";

    public async Task<SecretSummary> CreateAsync(AuditActor actor, VaultPrincipal principal, Guid folderId, SecretInput input, CancellationToken ct)
    {
        SecretInputRules.Validate(input);
        await _folders.RequireAsync(principal, folderId, VaultAccess.Write, ct);
        var space = await SpaceKeyAsync(folderId, ct);
        var now = _clock.GetUtcNow();
        var entry = Prepare(space, folderId, [new VersionInput(input, now)], now);
        await _connections.InTransactionAsync(async (c, t) =>
        {
            await InsertAsync(c, t, entry, actor.Name, ct);
            await _audit.AppendAsync(c, t, new AuditEntry(actor, AuditActions.VaultSecretCreated, $"vault-secret:{entry.Summary.Id}", AuditEntry.Success,
                new Dictionary<string, object?> { ["folder"] = folderId, ["title"] = entry.Summary.Title }), ct);
        }, ct);
        return entry.Summary;
    }

    /// <summary>Checks an entry as <see cref="CreateAsync"/> does: 400 <c>validation_failed</c> with the fields otherwise.</summary>
    internal static void Check(SecretInput input) => SecretInputRules.Validate(input);

    /// <summary>
    /// A new entry, validated and encrypted, ready for <see cref="InsertAsync"/>: its versions oldest first, the last one
    /// current (its title, URL and tags are the entry's). The password counts as changed when the run of versions holding
    /// the current password began. Pure computation, so that callers encrypt before they open a transaction.
    /// </summary>
    internal PreparedEntry Prepare(byte[] spaceKey, Guid folderId, IReadOnlyList<VersionInput> versions, DateTimeOffset now)
    {
        var id = Ids.New(_clock);
        var validated = versions.Select(v => (Checked: SecretInputRules.Validate(v.Input), v.At)).ToList();
        var (kind, title, tags, current) = validated[^1].Checked;
        DateTimeOffset? changed = null;
        for (var i = validated.Count - 1; current.Password is not null && i >= 0 && validated[i].Checked.Payload.Password == current.Password; i--)
        {
            changed = validated[i].At;
        }
        var sealedVersions = validated.Select((v, i) => (Encrypt(spaceKey, id, i + 1, v.Checked.Payload), v.At)).ToList();
        var summary = new SecretSummary(id, folderId, kind, title, SecretInputRules.Blank(versions[^1].Input.Url), tags, versions.Count, Strength(current.Password), now, now,
            changed);
        return new PreparedEntry(summary, JsonSerializer.Serialize(tags), Fingerprint(current.Password), sealedVersions);
    }

    /// <summary>Inserts a prepared entry and its versions in the caller's transaction; the caller audits.</summary>
    internal static async Task InsertAsync(DbConnection c, DbTransaction t, PreparedEntry entry, string by, CancellationToken ct)
    {
        var summary = entry.Summary;
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO vault_secrets (id, folder_id, kind, title, title_normalized, url, tags, version, strength, fingerprint, created_at, updated_at, password_changed_at)
            VALUES (@Id, @FolderId, @Kind, @Title, @Normalized, @Url, @Tags, @Version, @Strength, @Fingerprint, @Now, @Now, @Changed)
            """, new
            {
                summary.Id, summary.FolderId, summary.Kind, summary.Title, Normalized = summary.Title.ToLowerInvariant(), summary.Url, Tags = entry.TagsJson,
                summary.Version, summary.Strength, entry.Fingerprint, Now = summary.CreatedAt, Changed = summary.PasswordChangedAt,
            }, t, cancellationToken: ct));
        for (var i = 0; i < entry.Versions.Count; i++)
        {
            await InsertVersionAsync(c, t, summary.Id, i + 1, entry.Versions[i].Payload, by, entry.Versions[i].At, ct);
        }
    }

    /// <summary>A new version; with <c>ExpectedVersion</c>, refused (409) when someone else changed the entry meanwhile.</summary>
    public async Task<SecretSummary> UpdateAsync(AuditActor actor, VaultPrincipal principal, Guid secretId, SecretInput input, CancellationToken ct)
    {
        var (kind, title, tags, payload) = SecretInputRules.Validate(input);
        var current = await SummaryRowAsync(secretId, ct) ?? throw ProblemException.NotFound("secret");
        await _folders.RequireAsync(principal, current.FolderId, VaultAccess.Write, ct);
        if (input.ExpectedVersion is { } expected && expected != current.Version)
        {
            throw VersionConflict(current.Version);
        }
        var space = await SpaceKeyAsync(current.FolderId, ct);
        var previous = await PayloadAsync(space, secretId, current.Version, ct);
        var version = current.Version + 1;
        var now = _clock.GetUtcNow();
        var passwordChanged = previous.Password != payload.Password ? now : current.PasswordChangedAt;
        var sealedPayload = Encrypt(space, secretId, version, payload);
        await _connections.InTransactionAsync(async (c, t) =>
        {
            var updated = await c.ExecuteAsync(new CommandDefinition(
                """
                UPDATE vault_secrets SET kind = @Kind, title = @Title, title_normalized = @Normalized, url = @Url, tags = @Tags, version = @Version,
                    strength = @Strength, fingerprint = @Fingerprint, updated_at = @Now, password_changed_at = @Changed
                WHERE id = @Id AND version = @Previous
                """, new
                {
                    Id = secretId, Kind = kind, Title = title, Normalized = title.ToLowerInvariant(), Url = SecretInputRules.Blank(input.Url), Tags = JsonSerializer.Serialize(tags),
                    Version = version, Strength = Strength(payload.Password), Fingerprint = Fingerprint(payload.Password), Now = now, Changed = passwordChanged,
                    Previous = current.Version,
                }, t, cancellationToken: ct));
            if (updated == 0)
            {
                throw VersionConflict(null);
            }
            await InsertVersionAsync(c, t, secretId, version, sealedPayload, actor.Name, now, ct);
            await c.ExecuteAsync(new CommandDefinition("DELETE FROM vault_secret_versions WHERE secret_id = @Id AND version <= @Oldest",
                new { Id = secretId, Oldest = version - _options.HistoryVersions }, t, cancellationToken: ct));
            await _audit.AppendAsync(c, t, new AuditEntry(actor, AuditActions.VaultSecretUpdated, $"vault-secret:{secretId}", AuditEntry.Success,
                new Dictionary<string, object?> { ["version"] = version, ["passwordChanged"] = passwordChanged == now }), ct);
        }, ct);
        return (await SummaryRowAsync(secretId, ct))!.ToSummary();
    }

    public async Task<SecretSummary> GetAsync(VaultPrincipal principal, Guid secretId, CancellationToken ct)
    {
        _seal.EnsureUnsealed();
        var row = await SummaryRowAsync(secretId, ct) ?? throw ProblemException.NotFound("secret");
        await _folders.RequireAsync(principal, row.FolderId, VaultAccess.List, ct);
        return row.ToSummary();
    }

    private static readonly string RevealSql =
        $"""
        SELECT {string.Join(", ", SummaryRow.Columns.Split(", ").Select(column => "s." + column))}, v.payload, sp.id AS space_id, sp.data_key,
            sp.data_key_term
        FROM vault_secrets s JOIN vault_folders f ON f.id = s.folder_id JOIN vault_folders sp ON sp.id = f.space_id
        LEFT JOIN vault_secret_versions v ON v.secret_id = s.id AND v.version = COALESCE(@Version, s.version)
        WHERE s.id = @Id
        """;

    /// <summary>The values of the current version (or of an earlier one still kept), audited with who, when and from where.</summary>
    public async Task<SecretRevealed> RevealAsync(AuditActor actor, VaultPrincipal principal, Guid secretId, int? version, CancellationToken ct)
    {
        _seal.EnsureUnsealed();
        // The entry, the wanted version's ciphertext and the space's wrapped key in one round trip; nothing is decrypted
        // before the right is checked.
        var row = await _reads.FirstOrDefaultAsync<RevealRow>(RevealSql, [("Id", secretId), ("Version", version)], ct);
        if (row is null)
        {
            throw ProblemException.NotFound("secret");
        }
        await _folders.RequireAsync(principal, row.FolderId, VaultAccess.Read, ct);
        var wanted = version ?? row.Version;
        if (row.Payload is null)
        {
            throw ProblemException.NotFound("version");
        }
        var payload = Open(_keys.Get(row.SpaceId, row.DataKey, row.DataKeyTerm), secretId, wanted, row.Payload);
        // Fail closed: no audit row, no secret.
        await _auditBatch.AppendAsync(new AuditEntry(actor, AuditActions.VaultSecretRevealed, $"vault-secret:{secretId}", AuditEntry.Success,
            new Dictionary<string, object?> { ["version"] = wanted, ["title"] = row.Title }), ct);
        return new SecretRevealed(row.ToSummary(), wanted, payload.Username, payload.Password, payload.Notes, payload.Fields);
    }

    public async Task<IReadOnlyList<SecretVersionView>> HistoryAsync(VaultPrincipal principal, Guid secretId, CancellationToken ct)
    {
        _seal.EnsureUnsealed();
        var row = await SummaryRowAsync(secretId, ct) ?? throw ProblemException.NotFound("secret");
        await _folders.RequireAsync(principal, row.FolderId, VaultAccess.Read, ct);
        await using var c = await _connections.OpenAsync(ct);
        return (await c.QueryAsync<VersionRow>(new CommandDefinition(
            "SELECT version, created_at, created_by FROM vault_secret_versions WHERE secret_id = @Id ORDER BY version DESC", new { Id = secretId },
            cancellationToken: ct))).Select(v => new SecretVersionView(v.Version, v.CreatedAt, v.CreatedBy)).ToList();
    }

    /// <summary>
    /// Every kept version of an entry with its values, oldest first, for an export (no access check or audit here:
    /// the exporter checks the folder right and audits the export as a whole).
    /// </summary>
    internal async Task<IReadOnlyList<(int Version, SecretPayload Payload)>> VersionsForExportAsync(Guid secretId, Guid folderId,
        CancellationToken ct)
    {
        var space = await SpaceKeyAsync(folderId, ct);
        List<int> versions;
        await using (var c = await _connections.OpenAsync(ct))
        {
            versions = (await c.QueryAsync<int>(new CommandDefinition(
                "SELECT version FROM vault_secret_versions WHERE secret_id = @Id ORDER BY version", new { Id = secretId }, cancellationToken: ct))).ToList();
        }
        var result = new List<(int, SecretPayload)>();
        foreach (var version in versions)
        {
            result.Add((version, await PayloadAsync(space, secretId, version, ct)));
        }
        return result;
    }

    private static ProblemException VersionConflict(int? current) =>
        ProblemException.Conflict("version_conflict", "The entry was changed meanwhile.",
            current is null ? "Read it again and retry." : $"Its current version is {current}; read it again and retry.");

    internal static int? Strength(string? password) => password is null ? null : Generation.PasswordStrength.Evaluate(password).Score;

    internal string? Fingerprint(string? password)
    {
        if (password is null)
        {
            return null;
        }
        // Keyed by the first keyring term (kept for ever) so that fingerprints survive key rotation and compare across the vault.
        var key = _seal.WithKeyring(keyring => HKDF.DeriveKey(HashAlgorithmName.SHA256, keyring.Key(1).ToArray(), 32, info: "vigie-vault/password-fingerprint"u8.ToArray()));
        try
        {
            return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(password)));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    internal static byte[] Encrypt(byte[] spaceKey, Guid secretId, int version, SecretPayload payload)
    {
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(payload, Json);
        try
        {
            return Envelope.Seal(spaceKey, plaintext, Identity(secretId, version));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private async Task<SecretPayload> PayloadAsync(byte[] spaceKey, Guid secretId, int version, CancellationToken ct)
    {
        byte[]? sealedPayload;
        await using (var c = await _connections.OpenAsync(ct))
        {
            sealedPayload = await c.QueryFirstOrDefaultAsync<byte[]>(new CommandDefinition(
                "SELECT payload FROM vault_secret_versions WHERE secret_id = @Id AND version = @Version", new { Id = secretId, Version = version },
                cancellationToken: ct));
        }
        if (sealedPayload is null)
        {
            throw ProblemException.NotFound("version");
        }
        return Open(spaceKey, secretId, version, sealedPayload);
    }

    private static SecretPayload Open(byte[] spaceKey, Guid secretId, int version, byte[] sealedPayload)
    {
        byte[] plaintext;
        try
        {
            plaintext = Envelope.Open(spaceKey, sealedPayload, Identity(secretId, version));
        }
        catch (CryptographicException)
        {
            // Altered, or moved from another entry: never served. The message names the entry, not its content.
            throw new ProblemException(500, "secret_unreadable", "The entry's encrypted data does not open.", $"Entry {secretId}, version {version}.");
        }
        try
        {
            return JsonSerializer.Deserialize<SecretPayload>(plaintext, Json) ?? new SecretPayload();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    internal async Task<byte[]> SpaceKeyAsync(Guid folderId, CancellationToken ct)
    {
        _seal.EnsureUnsealed();
        await using var c = await _connections.OpenAsync(ct);
        var space = await c.QueryFirstAsync<SpaceRow>(new CommandDefinition(
            """
            SELECT s.id AS space_id, s.data_key, s.data_key_term FROM vault_folders f JOIN vault_folders s ON s.id = f.space_id WHERE f.id = @Id
            """, new { Id = folderId }, cancellationToken: ct));
        return _keys.Get(space.SpaceId, space.DataKey, space.DataKeyTerm);
    }

    private static Task InsertVersionAsync(DbConnection c, DbTransaction t, Guid secretId, int version, byte[] payload, string by, DateTimeOffset now,
        CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO vault_secret_versions (secret_id, version, payload, created_at, created_by) VALUES (@Id, @Version, @Payload, @Now, @By)",
            new { Id = secretId, Version = version, Payload = payload, Now = now, By = by }, t, cancellationToken: ct));

    private async Task<SummaryRow?> SummaryRowAsync(Guid secretId, CancellationToken ct)
    {
        await using var c = await _connections.OpenAsync(ct);
        return await c.QueryFirstOrDefaultAsync<SummaryRow>(new CommandDefinition(
            $"SELECT {SummaryRow.Columns} FROM vault_secrets WHERE id = @Id", new { Id = secretId }, cancellationToken: ct));
    }
}
