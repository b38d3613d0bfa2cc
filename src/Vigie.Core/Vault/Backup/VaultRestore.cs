using System.Data.Common;
using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Vigie.Core.Audit;
using Vigie.Core.Common;
using Vigie.Core.Identity;
using Vigie.Core.Storage;
using Vigie.Core.Vault.Keys;
using Vigie.Core.Vault.Sealing;
using Vigie.Core.Vault.Secrets;

namespace Vigie.Core.Vault.Backup;

/// <summary>
/// Rebuilds a vault from a full export into an empty, initialised and unsealed vault: same folder, grant and entry ids,
/// every kept version, all re-encrypted under this server's keys (a new data key per space). The file is read twice:
/// once to check all of it (passphrase, every frame, the manifest, every record) before anything is written, then again
/// inside one transaction that writes everything or nothing. Grants to principals this server does not have are skipped
/// and reported (or, when asked, given to the principal of the same name).
/// </summary>
public sealed class VaultRestore
{
    private readonly IDbConnectionFactory _connections;
    private readonly IAuditLog _audit;
    private readonly VaultSeal _seal;
    private readonly DataKeys _keys;
    private readonly VaultSecrets _secrets;
    private readonly IUserDirectory _directory;

    public VaultRestore(IDbConnectionFactory connections, IAuditLog audit, VaultSeal seal, DataKeys keys, VaultSecrets secrets, IUserDirectory directory)
    {
        _connections = connections;
        _audit = audit;
        _seal = seal;
        _keys = keys;
        _secrets = secrets;
        _directory = directory;
    }

    /// <param name="export">The export file, seekable (it is read twice), positioned at its start.</param>
    public async Task<RestoreReport> RestoreAsync(AuditActor actor, bool administrator, Stream export, ReadOnlyMemory<byte> passphrase, RestoreOptions options,
        CancellationToken ct)
    {
        if (!administrator)
        {
            throw ProblemException.Forbidden("forbidden", "Only vault administrators restore the vault.");
        }
        if (!export.CanSeek)
        {
            throw new ArgumentException("The export is read twice: it must be seekable.", nameof(export));
        }
        if (passphrase.IsEmpty)
        {
            throw ProblemException.Validation("passphrase", "is required");
        }
        var status = await _seal.StatusAsync(ct);
        if (!status.Initialized)
        {
            throw ProblemException.Conflict("vault_not_initialized", "The vault is not initialised.",
                "Initialise and unseal it first: the restore encrypts everything under this server's own keys.");
        }
        if (status.Sealed)
        {
            throw VaultSeal.SealedProblem();
        }
        await using (var c = await _connections.OpenAsync(ct))
        {
            await EnsureEmptyAsync(c, null, ct);
        }
        var start = export.Position;
        var (header, keys) = await ExportFileReader.UnlockAsync(export, passphrase, ct);
        using (keys)
        {
            var plan = new RestorePlan();
            ExportManifest manifest;
            await using (var reader = new ExportFileReader(export, header, keys))
            {
                await foreach (var record in reader.ReadAsync(ct))
                {
                    plan.Check(record);
                }
                manifest = reader.Manifest!;
            }
            var (targets, skipped, remapped) = await ResolveGrantsAsync(plan, options, ct);
            export.Position = start + ExportHeader.Length;
            var report = new RestoreReport(manifest.CreatedAt, manifest.ServerVersion, plan.Folders.Count, manifest.Counts.Spaces,
                plan.Grants.Count - skipped.Count, plan.Secrets, plan.Versions, skipped, remapped);
            await WriteAsync(actor, () => new ExportFileReader(export, header, keys), manifest, plan, targets, report, ct);
            return report;
        }
    }

    private async Task WriteAsync(AuditActor actor, Func<ExportFileReader> open, ExportManifest manifest, RestorePlan plan,
        Dictionary<Guid, Guid> targets, RestoreReport report, CancellationToken ct)
    {
        var spaceKeys = new Dictionary<Guid, byte[]>();
        var spaces = plan.Folders.Where(f => f.Value.ParentId is null).Select(f => f.Key).ToList();
        // A space id may have been cached here before (a vault emptied then restored): its new key must be used.
        spaces.ForEach(_keys.Forget);
        try
        {
            await _connections.InTransactionAsync(async (c, t) =>
            {
                await EnsureEmptyAsync(c, t, ct);
                await using (var reader = open())
                {
                    await foreach (var record in reader.ReadAsync(ct))
                    {
                        switch (record)
                        {
                            case FolderRecord folder:
                                await InsertFolderAsync(c, t, folder, plan, spaceKeys, ct);
                                break;
                            case GrantRecord grant when targets.TryGetValue(grant.Id, out var principal):
                                await c.ExecuteAsync(new CommandDefinition(
                                    """
                                    INSERT INTO vault_grants (id, folder_id, principal_kind, principal_id, access, expires_at, granted_by, created_at)
                                    VALUES (@Id, @FolderId, @PrincipalKind, @Principal, @Access, @ExpiresAt, @GrantedBy, @CreatedAt)
                                    """, new
                                    {
                                        grant.Id, grant.FolderId, grant.PrincipalKind, Principal = principal, Access = grant.Access.Trim().ToLowerInvariant(),
                                        grant.ExpiresAt, grant.GrantedBy, grant.CreatedAt,
                                    }, t, cancellationToken: ct));
                                break;
                            case SecretRecord secret:
                                await InsertSecretAsync(c, t, secret, spaceKeys[plan.Folders[secret.FolderId].SpaceId], ct);
                                break;
                        }
                    }
                    if (reader.Manifest != manifest)
                    {
                        throw ExportProblems.Corrupted("The file changed while it was being restored.");
                    }
                }
                await _audit.AppendAsync(c, t, new AuditEntry(actor, AuditActions.VaultRestored, "vault", AuditEntry.Success, new Dictionary<string, object?>
                {
                    ["folders"] = report.Folders, ["grants"] = report.Grants, ["secrets"] = report.Secrets, ["versions"] = report.Versions,
                    ["skippedGrants"] = report.SkippedGrants.Count, ["remappedGrants"] = report.RemappedGrants.Count,
                    ["exportCreatedAt"] = manifest.CreatedAt, ["exportServerVersion"] = manifest.ServerVersion,
                }), ct);
            }, ct);
        }
        finally
        {
            foreach (var key in spaceKeys.Values)
            {
                CryptographicOperations.ZeroMemory(key);
            }
            spaces.ForEach(_keys.Forget);
        }
    }

    private async Task InsertFolderAsync(DbConnection c, DbTransaction t, FolderRecord folder, RestorePlan plan, Dictionary<Guid, byte[]> spaceKeys,
        CancellationToken ct)
    {
        var (parent, space, name) = plan.Folders[folder.Id];
        byte[]? wrapped = null;
        int? term = null;
        if (parent is null)
        {
            var created = _keys.CreateForUse(space);
            spaceKeys[space] = created.Key;
            (wrapped, term) = (created.Wrapped, created.Term);
        }
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO vault_folders (id, parent_id, space_id, name, name_normalized, read_only, policy, data_key, data_key_term, created_at, updated_at)
            VALUES (@Id, @ParentId, @SpaceId, @Name, @Normalized, @ReadOnly, @Policy, @DataKey, @Term, @CreatedAt, @UpdatedAt)
            """, new
            {
                folder.Id, ParentId = parent, SpaceId = space, Name = name, Normalized = name.ToLowerInvariant(), folder.ReadOnly, folder.Policy,
                DataKey = wrapped, Term = term, folder.CreatedAt, folder.UpdatedAt,
            }, t, cancellationToken: ct));
    }

    private async Task InsertSecretAsync(DbConnection c, DbTransaction t, SecretRecord secret, byte[] spaceKey, CancellationToken ct)
    {
        var current = secret.Versions[^1];
        var title = secret.Title.Trim();
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO vault_secrets (id, folder_id, kind, title, title_normalized, url, tags, version, strength, fingerprint, created_at, updated_at, password_changed_at)
            VALUES (@Id, @FolderId, @Kind, @Title, @Normalized, @Url, @Tags, @Version, @Strength, @Fingerprint, @CreatedAt, @UpdatedAt, @PasswordChangedAt)
            """, new
            {
                secret.Id, secret.FolderId, secret.Kind, Title = title, Normalized = title.ToLowerInvariant(), secret.Url,
                Tags = JsonSerializer.Serialize(secret.Tags ?? []), secret.Version, Strength = VaultSecrets.Strength(current.Password),
                // Fingerprints are keyed by this server's keyring: computed again, like the strength.
                Fingerprint = _secrets.Fingerprint(current.Password), secret.CreatedAt, secret.UpdatedAt, secret.PasswordChangedAt,
            }, t, cancellationToken: ct));
        foreach (var version in secret.Versions)
        {
            var payload = new SecretPayload { Username = version.Username, Password = version.Password, Notes = version.Notes, Fields = [.. version.Fields ?? []] };
            await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO vault_secret_versions (secret_id, version, payload, created_at, created_by) VALUES (@Id, @Version, @Payload, @CreatedAt, @CreatedBy)",
                new
                {
                    secret.Id, version.Version, Payload = VaultSecrets.Encrypt(spaceKey, secret.Id, version.Version, payload), version.CreatedAt,
                    version.CreatedBy,
                }, t, cancellationToken: ct));
        }
    }

    /// <summary>Where each grant goes: the principal with the same id, else (when asked) the one with the same name, else nowhere.</summary>
    private async Task<(Dictionary<Guid, Guid> Targets, List<RestoredGrantNote> Skipped, List<RestoredGrantNote> Remapped)> ResolveGrantsAsync(
        RestorePlan plan, RestoreOptions options, CancellationToken ct)
    {
        var resolved = new Dictionary<(string, Guid), Guid?>();
        var targets = new Dictionary<Guid, Guid>();
        var taken = new HashSet<(Guid, string, Guid)>();
        var skipped = new List<RestoredGrantNote>();
        var remapped = new List<RestoredGrantNote>();
        foreach (var grant in plan.Grants)
        {
            var key = (grant.PrincipalKind, grant.PrincipalId);
            if (!resolved.TryGetValue(key, out var target))
            {
                var exists = grant.PrincipalKind == "user"
                    ? await _directory.UserExistsAsync(grant.PrincipalId, ct)
                    : await _directory.GroupExistsAsync(grant.PrincipalId, ct);
                target = exists ? grant.PrincipalId
                    : options.MatchPrincipalsByName && !string.IsNullOrWhiteSpace(grant.PrincipalName)
                        ? await _directory.FindPrincipalAsync(grant.PrincipalKind, grant.PrincipalName, ct)
                        : null;
                resolved[key] = target;
            }
            var access = grant.Access.Trim().ToLowerInvariant();
            if (target is not { } principal)
            {
                skipped.Add(Note(plan, grant, access, null, options.MatchPrincipalsByName
                    ? $"no {grant.PrincipalKind} with this id or name here"
                    : $"no {grant.PrincipalKind} with this id here (matching by name was not asked for)"));
            }
            else if (!taken.Add((grant.FolderId, grant.PrincipalKind, principal)))
            {
                skipped.Add(Note(plan, grant, access, principal, $"the {grant.PrincipalKind} of the same name already has a grant on this folder"));
            }
            else
            {
                targets[grant.Id] = principal;
                if (principal != grant.PrincipalId)
                {
                    remapped.Add(Note(plan, grant, access, principal, $"given to the {grant.PrincipalKind} of the same name"));
                }
            }
        }
        return (targets, skipped, remapped);
    }

    private static RestoredGrantNote Note(RestorePlan plan, GrantRecord grant, string access, Guid? restoredAs, string reason) =>
        new(grant.FolderId, plan.PathOf(grant.FolderId), grant.PrincipalKind, grant.PrincipalId, grant.PrincipalName, access, restoredAs, reason);

    private static async Task EnsureEmptyAsync(DbConnection c, DbTransaction? t, CancellationToken ct)
    {
        var rows = await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT (SELECT COUNT(*) FROM vault_folders) + (SELECT COUNT(*) FROM vault_secrets)", transaction: t, cancellationToken: ct));
        if (rows > 0)
        {
            throw ProblemException.Conflict("vault_not_empty", "The vault is not empty: a restore only goes into an empty vault.",
                "Restore into a freshly initialised vault (a new server, or one whose vault holds no folder and no entry).");
        }
    }
}
