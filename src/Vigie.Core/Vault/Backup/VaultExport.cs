using System.Data;
using System.Data.Common;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vigie.Core.Audit;
using Vigie.Core.Crypto;
using Vigie.Core.Vault.Folders;
using Vigie.Core.Common;
using Vigie.Core.Identity;
using Vigie.Core.Storage;
using Vigie.Core.Vault.Keys;
using Vigie.Core.Vault.Sealing;
using Vigie.Core.Vault.Secrets;

namespace Vigie.Core.Vault.Backup;

/// <summary>
/// The full export of the vault for disaster recovery (format: <see cref="ExportFormat"/>): every folder, grant and entry,
/// every kept version decrypted, read from one consistent snapshot of the database and streamed, encrypted under a
/// passphrase, as it is read. Only vault administrators export; every export is audited before its first byte.
/// </summary>
public sealed partial class VaultExport
{
    internal static readonly string ServerVersion =
        typeof(VaultExport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    private static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web);
    private readonly IDbConnectionFactory _connections;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _clock;
    private readonly VaultSeal _seal;
    private readonly DataKeys _keys;
    private readonly IUserDirectory _directory;
    private readonly VaultOptions _options;
    private readonly ILogger<VaultExport> _logger;

    public VaultExport(IDbConnectionFactory connections, IAuditLog audit, TimeProvider clock, VaultSeal seal, DataKeys keys, IUserDirectory directory,
        IOptions<VaultOptions> options, ILogger<VaultExport> logger)
    {
        _connections = connections;
        _audit = audit;
        _clock = clock;
        _seal = seal;
        _keys = keys;
        _directory = directory;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>
    /// Writes the export into the stream <paramref name="openOutput"/> returns. That is called only once the right, the
    /// passphrase and the vault's state were checked and the export audited, so that until then a failure is a problem the
    /// caller can still answer with. A failure afterwards leaves the output without its final frame: readers call it truncated.
    /// </summary>
    public async Task<ExportManifest> ExportAsync(AuditActor actor, bool administrator, ReadOnlyMemory<byte> passphrase, Func<Stream> openOutput,
        CancellationToken ct)
    {
        if (!administrator)
        {
            throw ProblemException.Forbidden("forbidden", "Only vault administrators export the vault.");
        }
        ExportPassphrase.Check(passphrase.Span);
        _seal.EnsureUnsealed();
        await using var c = await _connections.OpenAsync(ct);
        await using var snapshot = await BeginSnapshotAsync(c, ct);
        var folders = ParentsFirst((await c.QueryAsync<FolderRow>(new CommandDefinition(
            "SELECT id, parent_id, space_id, name, read_only, policy, data_key, data_key_term, created_at, updated_at FROM vault_folders",
            transaction: snapshot, cancellationToken: ct))).ToList());
        var grants = (await c.QueryAsync<GrantRow>(new CommandDefinition(
            "SELECT id, folder_id, principal_kind, principal_id, access, expires_at, granted_by, created_at FROM vault_grants ORDER BY created_at, id",
            transaction: snapshot, cancellationToken: ct))).ToList();
        var secrets = await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM vault_secrets", transaction: snapshot, cancellationToken: ct));
        var versions = await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM vault_secret_versions", transaction: snapshot,
            cancellationToken: ct));
        var names = new Dictionary<(string, Guid), string?>();
        foreach (var grant in grants)
        {
            if (!names.ContainsKey((grant.PrincipalKind, grant.PrincipalId)))
            {
                names[(grant.PrincipalKind, grant.PrincipalId)] = await _directory.PrincipalNameAsync(grant.PrincipalKind, grant.PrincipalId, ct);
            }
        }
        var details = new Dictionary<string, object?>
        {
            ["folders"] = folders.Count, ["grants"] = grants.Count, ["secrets"] = secrets, ["versions"] = versions,
            ["format"] = $"{ExportFormat.Name}/{ExportFormat.Version}", ["iterations"] = _options.ExportIterations,
        };
        // Fail closed: no audit row, no export.
        await AuditAsync(actor, AuditEntry.Success, details, ct);
        var output = openOutput();
        var written = 0;
        try
        {
            await using var writer = await ExportFileWriter.CreateAsync(output, passphrase, _options.ExportIterations, ExportFormat.DefaultChunkSize, ct);
            foreach (var f in folders)
            {
                await writer.WriteAsync(new FolderRecord(f.Id, f.ParentId, f.SpaceId, f.Name, f.ReadOnly, f.Policy, f.CreatedAt, f.UpdatedAt), ct);
            }
            foreach (var g in grants)
            {
                await writer.WriteAsync(new GrantRecord(g.Id, g.FolderId, g.PrincipalKind, g.PrincipalId, names[(g.PrincipalKind, g.PrincipalId)], g.Access,
                    g.ExpiresAt, g.GrantedBy, g.CreatedAt), ct);
            }
            var spaces = folders.ToDictionary(f => f.Id);
            await foreach (var secret in SecretsAsync(c, snapshot, spaces, ct))
            {
                await writer.WriteAsync(secret, ct);
                written++;
            }
            var manifest = await writer.CompleteAsync(_clock.GetUtcNow(), ServerVersion, ct);
            await snapshot.CommitAsync(ct);
            return manifest;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogAborted(_logger, written, ex is ProblemException problem ? problem.Code : ex.GetType().Name);
            details["written"] = written;
            await AuditAsync(actor, AuditEntry.Failure, details, CancellationToken.None);
            throw;
        }
    }

    /// <summary>Each entry with its versions, decrypted, streamed from one query (versions in order, entries one after the other).</summary>
    private async IAsyncEnumerable<SecretRecord> SecretsAsync(DbConnection c, DbTransaction snapshot, IReadOnlyDictionary<Guid, FolderRow> folders,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        VersionRow? first = null;
        var versions = new List<VersionRecord>();
        var rows = c.QueryUnbufferedAsync<VersionRow>(
            """
            SELECT s.id, s.folder_id, s.kind, s.title, s.url, s.tags, s.version AS current_version, s.created_at, s.updated_at, s.password_changed_at,
                   v.version, v.payload, v.created_at AS version_created_at, v.created_by
            FROM vault_secrets s JOIN vault_secret_versions v ON v.secret_id = s.id
            ORDER BY s.id, v.version
            """, transaction: snapshot);
        await foreach (var row in rows.WithCancellation(ct))
        {
            if (first is not null && first.Id != row.Id)
            {
                yield return ToRecord(first, versions);
                versions = [];
            }
            if (versions.Count == 0)
            {
                first = row;
            }
            var space = folders[folders[row.FolderId].SpaceId];
            versions.Add(Decrypt(row, _keys.Get(space.Id, space.DataKey!, space.DataKeyTerm ?? 0)));
        }
        if (first is not null)
        {
            yield return ToRecord(first, versions);
        }
    }

    private static SecretRecord ToRecord(VersionRow row, List<VersionRecord> versions) =>
        new(row.Id, row.FolderId, row.Kind, row.Title, row.Url, JsonSerializer.Deserialize<List<string>>(row.Tags) ?? [], row.CurrentVersion, row.CreatedAt,
            row.UpdatedAt, row.PasswordChangedAt, versions);

    private static VersionRecord Decrypt(VersionRow row, byte[] spaceKey)
    {
        byte[] plaintext;
        try
        {
            plaintext = Envelope.Open(spaceKey, row.Payload, VaultSecrets.Identity(row.Id, row.Version));
        }
        catch (CryptographicException)
        {
            throw new ProblemException(500, "secret_unreadable", "An entry's encrypted data does not open; the export was stopped.",
                $"Entry {row.Id}, version {row.Version}.");
        }
        try
        {
            var payload = JsonSerializer.Deserialize<SecretPayload>(plaintext, PayloadJson) ?? new SecretPayload();
            return new VersionRecord(row.Version, row.VersionCreatedAt, row.CreatedBy, payload.Username, payload.Password, payload.Notes, payload.Fields);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>Folders ordered so that each comes after its parent (a restore inserts them in file order).</summary>
    private static List<FolderRow> ParentsFirst(List<FolderRow> folders)
    {
        var children = folders.ToLookup(f => f.ParentId);
        var ordered = new List<FolderRow>(folders.Count);
        var queue = new Queue<FolderRow>(children[null].OrderBy(f => f.CreatedAt).ThenBy(f => f.Id));
        while (queue.TryDequeue(out var folder))
        {
            ordered.Add(folder);
            foreach (var child in children[folder.Id].OrderBy(f => f.CreatedAt).ThenBy(f => f.Id))
            {
                queue.Enqueue(child);
            }
        }
        return ordered;
    }

    /// <summary>A read-only transaction that sees one state of the database however long the export takes, without blocking writers.</summary>
    private static async Task<DbTransaction> BeginSnapshotAsync(DbConnection c, CancellationToken ct)
    {
        if (c is SqliteConnection sqlite)
        {
            // WAL mode: a deferred transaction reads one snapshot, from its first read to its end, and takes no write lock.
            return sqlite.BeginTransaction(deferred: true);
        }
        var transaction = await c.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        await c.ExecuteAsync(new CommandDefinition("SET TRANSACTION READ ONLY", transaction: transaction, cancellationToken: ct));
        return transaction;
    }

    private Task AuditAsync(AuditActor actor, string outcome, Dictionary<string, object?> details, CancellationToken ct) =>
        _connections.InTransactionAsync(async (c, t) =>
            await _audit.AppendAsync(c, t, new AuditEntry(actor, AuditActions.VaultExported, "vault", outcome, details), ct), ct);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Error, Message = "Vault export stopped after {Secrets} entries: {Reason}")]
    private static partial void LogAborted(ILogger logger, int secrets, string reason);

    private sealed class VersionRow
    {
        public Guid Id { get; set; }
        public Guid FolderId { get; set; }
        public string Kind { get; set; } = "";
        public string Title { get; set; } = "";
        public string? Url { get; set; }
        public string Tags { get; set; } = "[]";
        public int CurrentVersion { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset UpdatedAt { get; set; }
        public DateTimeOffset? PasswordChangedAt { get; set; }
        public int Version { get; set; }
        public byte[] Payload { get; set; } = [];
        public DateTimeOffset VersionCreatedAt { get; set; }
        public string CreatedBy { get; set; } = "";
    }
}
