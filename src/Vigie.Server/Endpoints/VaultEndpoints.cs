using Vigie.Core.Identity;
using Vigie.Core.Vault.Exports;
using Vigie.Core.Vault.Folders;
using Vigie.Core.Vault.Keys;
using Vigie.Core.Vault.Sealing;
using Vigie.Core.Vault.Secrets;
using Vigie.Server.Auth;

namespace Vigie.Server.Endpoints;

/// <summary>
/// The vault: <c>/api/v1/vault</c>. Seal operations need <c>vault.admin</c>; folders and entries need <c>vault.use</c>,
/// and what a caller may see or do there is decided per folder by the rights granted to them or their groups.
/// </summary>
internal static class VaultEndpoints
{
    public static void MapVaultEndpoints(this IEndpointRouteBuilder app)
    {
        var use = app.MapGroup("/api/v1/vault").RequireAuthorization(Permissions.VaultUse).WithTags("Vault");
        var admin = app.MapGroup("/api/v1/vault").RequireAuthorization(Permissions.VaultAdmin).WithTags("Vault");

        use.MapGet("/status", async (VaultSeal seal, CancellationToken ct) => TypedResults.Ok(await seal.StatusAsync(ct)));
        admin.MapPost("/init", async (InitRequest request, HttpContext context, VaultSeal seal, CancellationToken ct) =>
            TypedResults.Ok(await seal.InitAsync(context.Actor(), request.Mode, request.Shares, request.Threshold, ct)));
        admin.MapPost("/unseal", async (UnsealRequest request, HttpContext context, VaultSeal seal, CancellationToken ct) =>
            TypedResults.Ok(await seal.UnsealAsync(context.Actor(), request.Share, ct)));
        admin.MapPost("/seal", async (HttpContext context, VaultSeal seal, CancellationToken ct) =>
        {
            await seal.SealAsync(context.Actor(), ct);
            return TypedResults.Ok(await seal.StatusAsync(ct));
        });
        admin.MapPost("/rotate-keys", async (HttpContext context, KeyRotation rotation, CancellationToken ct) =>
            TypedResults.Ok(await rotation.RotateAsync(context.Actor(), ct)));

        use.MapGet("/folders", async (HttpContext context, VaultFolders folders, IUserDirectory directory, CancellationToken ct) =>
            TypedResults.Ok(await folders.ListAsync(await PrincipalAsync(context, directory, ct), ct)));
        use.MapPost("/folders", async (CreateFolderRequest request, HttpContext context, VaultFolders folders, IUserDirectory directory, CancellationToken ct) =>
        {
            var folder = await folders.CreateAsync(context.Actor(), await PrincipalAsync(context, directory, ct), request.ParentId, request.Name,
                request.ReadOnly ?? false, ct);
            return TypedResults.Created($"/api/v1/vault/folders/{folder.Id}", folder);
        });
        use.MapGet("/folders/{id:guid}/grants", async (Guid id, HttpContext context, VaultFolders folders, IUserDirectory directory, CancellationToken ct) =>
            TypedResults.Ok(await folders.GrantsAsync(await PrincipalAsync(context, directory, ct), id, ct)));
        use.MapPut("/folders/{id:guid}/grants", async (Guid id, GrantRequest request, HttpContext context, VaultFolders folders, IUserDirectory directory,
            CancellationToken ct) =>
        {
            var grant = await folders.GrantAsync(context.Actor(), await PrincipalAsync(context, directory, ct), id, request.PrincipalKind,
                request.PrincipalId, request.PrincipalName, request.Access, request.ExpiresAt, ct);
            return grant is null ? Results.NoContent() : TypedResults.Ok(grant);
        });

        use.MapGet("/folders/{id:guid}/policy", async (Guid id, HttpContext context, FolderPolicies policies, IUserDirectory directory, CancellationToken ct) =>
            TypedResults.Ok(await policies.EffectiveAsync(await PrincipalAsync(context, directory, ct), id, ct)));
        use.MapPut("/folders/{id:guid}/policy", async (Guid id, HttpContext context, FolderPolicies policies, IUserDirectory directory, CancellationToken ct) =>
        {
            var body = await ReadJsonAsync(context, ct);
            return TypedResults.Ok(await policies.SetAsync(context.Actor(), await PrincipalAsync(context, directory, ct), id, body, ct));
        });
        use.MapPost("/folders/{id:guid}/generate", async (Guid id, GenerateRequest request, HttpContext context, FolderPolicies policies,
            IUserDirectory directory, CancellationToken ct) =>
            TypedResults.Ok(await policies.GenerateAsync(context.Actor(), await PrincipalAsync(context, directory, ct), id, request.Store, ct)));
        use.MapPost("/folders/{id:guid}/duplicate", async (Guid id, DuplicateRequest request, HttpContext context, FolderDuplication duplication,
            IUserDirectory directory, CancellationToken ct) =>
        {
            var result = await duplication.DuplicateAsync(context.Actor(), await PrincipalAsync(context, directory, ct), id, request.ParentId, request.Name, ct);
            return TypedResults.Created($"/api/v1/vault/folders/{result.Folder.Id}", result);
        });
        use.MapPost("/folders/{id:guid}/export/kdbx", async (Guid id, KdbxExportRequest request, HttpContext context, KdbxBranchExport export,
            IUserDirectory directory, CancellationToken ct) =>
        {
            // Built in memory first: a refusal or failure is a problem document, never a truncated file.
            var file = new MemoryStream();
            await export.ExportAsync(context.Actor(), await PrincipalAsync(context, directory, ct), id, request.Password, request.Kdf, file, ct);
            return TypedResults.File(file.ToArray(), "application/x-keepass2", "vigie-export.kdbx");
        });
        admin.MapGet("/access/users/{user}", async (string user, VaultAccessReview review, CancellationToken ct) =>
            TypedResults.Ok(await review.OfUserAsync(user, ct)));
        admin.MapGet("/dashboard", async (VaultDashboard dashboard, CancellationToken ct, int? staleDays) =>
            TypedResults.Ok(await dashboard.BuildAsync(staleDays ?? 365, ct)));

        use.MapGet("/secrets", async (HttpContext context, VaultSecrets secrets, IUserDirectory directory, CancellationToken ct, Guid? folder, string? q,
                string? tag, int? limit, string? cursor) =>
            TypedResults.Ok(await secrets.ListAsync(await PrincipalAsync(context, directory, ct), folder, q, tag, limit ?? 100, cursor, ct)));
        use.MapPost("/secrets", async (CreateSecretRequest request, HttpContext context, VaultSecrets secrets, IUserDirectory directory, CancellationToken ct) =>
        {
            var secret = await secrets.CreateAsync(context.Actor(), await PrincipalAsync(context, directory, ct), request.FolderId ?? throw Vigie.Core.Common.ProblemException.Validation("folderId", "is required"),
                request.ToInput(), ct);
            return TypedResults.Created($"/api/v1/vault/secrets/{secret.Id}", secret);
        });
        use.MapGet("/secrets/{id:guid}", async (Guid id, HttpContext context, VaultSecrets secrets, IUserDirectory directory, CancellationToken ct) =>
            TypedResults.Ok(await secrets.GetAsync(await PrincipalAsync(context, directory, ct), id, ct)));
        use.MapPut("/secrets/{id:guid}", async (Guid id, SecretInput request, HttpContext context, VaultSecrets secrets, IUserDirectory directory,
            CancellationToken ct) =>
            TypedResults.Ok(await secrets.UpdateAsync(context.Actor(), await PrincipalAsync(context, directory, ct), id, request, ct)));
        use.MapPost("/secrets/{id:guid}/reveal", async (Guid id, HttpContext context, VaultSecrets secrets, IUserDirectory directory, CancellationToken ct,
                int? version) =>
            TypedResults.Ok(await secrets.RevealAsync(context.Actor(), await PrincipalAsync(context, directory, ct), id, version, ct)));
        use.MapGet("/secrets/{id:guid}/versions", async (Guid id, HttpContext context, VaultSecrets secrets, IUserDirectory directory, CancellationToken ct) =>
            TypedResults.Ok(await secrets.HistoryAsync(await PrincipalAsync(context, directory, ct), id, ct)));
    }

    /// <summary>The request body as JSON (null when empty): a policy document is validated by the policy, not by binding.</summary>
    private static async Task<System.Text.Json.JsonElement?> ReadJsonAsync(HttpContext context, CancellationToken ct)
    {
        try
        {
            using var document = await System.Text.Json.JsonDocument.ParseAsync(context.Request.Body, cancellationToken: ct);
            return document.RootElement.Clone();
        }
        catch (System.Text.Json.JsonException)
        {
            throw Vigie.Core.Common.ProblemException.Validation("policy", "is not valid JSON");
        }
    }

    internal static async Task<VaultPrincipal> PrincipalAsync(HttpContext context, IUserDirectory directory, CancellationToken ct)
    {
        var caller = context.Caller();
        Dictionary<Guid, VaultAccess>? folders = null;
        foreach (var scope in caller.TokenScopes ?? new HashSet<string>())
        {
            if (Permissions.TryParseVaultFolder(scope, out var folder, out var access) && VaultAccessNames.TryParse(access, out var level))
            {
                folders ??= [];
                folders[folder] = (VaultAccess)Math.Max((int)level, (int)folders.GetValueOrDefault(folder));
            }
        }
        // A token confined to folders never carries the vault administrator's powers.
        return new VaultPrincipal(caller.UserId, caller.Username, await directory.GroupsOfAsync(caller.UserId, ct),
            caller.Has(Permissions.VaultAdmin) && folders is null, folders);
    }

    internal sealed record KdbxExportRequest(string? Password, string? Kdf);

    internal sealed record GenerateRequest(StoreRequest? Store);

    internal sealed record DuplicateRequest(Guid? ParentId, string? Name);

    internal sealed record InitRequest(string? Mode, int? Shares, int? Threshold);

    internal sealed record UnsealRequest(string? Share);

    internal sealed record CreateFolderRequest(Guid? ParentId, string? Name, bool? ReadOnly);

    internal sealed record GrantRequest(string? PrincipalKind, Guid? PrincipalId, string? PrincipalName, string? Access, DateTimeOffset? ExpiresAt);

    internal sealed record CreateSecretRequest(Guid? FolderId, string? Kind, string? Title, string? Username, string? Password, string? Url, string? Notes,
        IReadOnlyList<string>? Tags, IReadOnlyList<CustomField>? Fields)
    {
        public SecretInput ToInput() => new(Kind, Title, Username, Password, Url, Notes, Tags, Fields);
    }
}
