using System.Text.Json;
using Dapper;
using Vigie.Core.Audit;
using Vigie.Core.Common;
using Vigie.Core.Storage;
using Vigie.Core.Vault.Generation;
using Vigie.Core.Vault.Secrets;

namespace Vigie.Core.Vault.Folders;

/// <summary>The policy in force for a folder and where it comes from (the folder itself, an ancestor, or the default).</summary>
public sealed record FolderPolicyView(GeneratorPolicy Policy, Guid? DefinedOn, double EntropyBits);

/// <summary>A generated password, returned this once, and the entry it was stored in when asked.</summary>
public sealed record GeneratedSecret(string Password, double EntropyBits, SecretSummary? Secret);

/// <summary>What to store a generated password as (the folder's entry), when the caller asks for it in the same call.</summary>
public sealed record StoreRequest(string? Title, string? Username, string? Url, string? Notes, IReadOnlyList<string>? Tags);

/// <summary>
/// Generator policies per folder, inherited downward (the nearest folder that defines one wins, else the default),
/// and generation under them: "new VM: generate a unique password under this folder's policy, store it shared with
/// the folder's groups, return it once" is one call.
/// </summary>
public sealed class FolderPolicies
{
    private readonly IDbConnectionFactory _connections;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _clock;
    private readonly VaultFolders _folders;
    private readonly VaultSecrets _secrets;

    public FolderPolicies(IDbConnectionFactory connections, IAuditLog audit, TimeProvider clock, VaultFolders folders, VaultSecrets secrets)
    {
        _connections = connections;
        _audit = audit;
        _clock = clock;
        _folders = folders;
        _secrets = secrets;
    }

    public async Task<FolderPolicyView> EffectiveAsync(VaultPrincipal principal, Guid folderId, CancellationToken ct)
    {
        await _folders.RequireAsync(principal, folderId, VaultAccess.List, ct);
        await using var c = await _connections.OpenAsync(ct);
        var chain = await c.QueryAsync<(Guid Id, string? Policy)>(new CommandDefinition(
            """
            WITH RECURSIVE chain (id, parent_id, policy, depth) AS (
                SELECT id, parent_id, policy, 0 FROM vault_folders WHERE id = @Id
                UNION ALL
                SELECT f.id, f.parent_id, f.policy, chain.depth + 1 FROM vault_folders f JOIN chain ON f.id = chain.parent_id
            )
            SELECT id, policy FROM chain ORDER BY depth
            """, new { Id = folderId }, cancellationToken: ct));
        var (definedOn, json) = chain.FirstOrDefault(f => f.Policy is not null);
        var policy = json is null ? GeneratorPolicy.Default : GeneratorPolicy.FromJson(json);
        return new FolderPolicyView(policy, json is null ? null : definedOn, PasswordGenerator.EntropyBits(policy));
    }

    /// <summary>Sets (or with null, removes) a folder's policy; needs <c>manage</c>. An invalid policy changes nothing.</summary>
    public async Task<FolderPolicyView> SetAsync(AuditActor actor, VaultPrincipal principal, Guid folderId, JsonElement? body, CancellationToken ct)
    {
        await _folders.RequireAsync(principal, folderId, VaultAccess.Manage, ct);
        GeneratorPolicy? policy = null;
        if (body is { ValueKind: not JsonValueKind.Null } element)
        {
            try
            {
                policy = GeneratorPolicy.FromJson(element.GetRawText());
            }
            catch (JsonException)
            {
                throw ProblemException.Validation("policy", "is not a generator policy");
            }
            var errors = policy.Validate();
            if (errors.Count > 0)
            {
                throw ProblemException.Validation(errors.ToDictionary(e => e.Key, e => new[] { e.Value }));
            }
        }
        await _connections.InTransactionAsync(async (c, t) =>
        {
            await c.ExecuteAsync(new CommandDefinition("UPDATE vault_folders SET policy = @Policy, updated_at = @Now WHERE id = @Id",
                new { Id = folderId, Policy = policy?.ToJson(), Now = _clock.GetUtcNow() }, t, cancellationToken: ct));
            await _audit.AppendAsync(c, t, new AuditEntry(actor, AuditActions.VaultPolicyChanged, $"vault-folder:{folderId}", AuditEntry.Success,
                new Dictionary<string, object?> { ["policy"] = policy?.ToJson() }), ct);
        }, ct);
        return await EffectiveAsync(principal, folderId, ct);
    }

    /// <summary>A password under the folder's policy; stored as a new entry of the folder when <paramref name="store"/> is given (needs <c>write</c>).</summary>
    public async Task<GeneratedSecret> GenerateAsync(AuditActor actor, VaultPrincipal principal, Guid folderId, StoreRequest? store, CancellationToken ct)
    {
        var effective = await EffectiveAsync(principal, folderId, ct);
        using var generated = PasswordGenerator.Generate(effective.Policy);
        var password = new string(generated.Chars);
        SecretSummary? stored = null;
        if (store is not null)
        {
            stored = await _secrets.CreateAsync(actor, principal, folderId,
                new SecretInput("login", store.Title, store.Username, password, store.Url, store.Notes, store.Tags, null), ct);
        }
        return new GeneratedSecret(password, generated.EntropyBits, stored);
    }
}
