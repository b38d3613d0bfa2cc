using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.Features;
using Vigie.Core.Common;
using Vigie.Core.Identity;
using Vigie.Core.Vault.Imports;
using Vigie.Server.Auth;

namespace Vigie.Server.Endpoints;

/// <summary>
/// <c>POST /api/v1/vault/folders/{id}/import?format=kdbx|csv&amp;dryRun=true|false</c>: the file is the raw request body
/// (<c>application/octet-stream</c>), the answer an <see cref="ImportReport"/>.
/// </summary>
/// <remarks>
/// The KDBX password travels in the <c>X-Vigie-File-Password</c> header, as the base64 of its UTF-8 bytes. A header
/// rather than a multipart form: the file stays a plain streamed body (as for CVE imports, and the CLI sends it with
/// <c>Expect: 100-continue</c>, so a refused right costs no upload), and the password never enters the URL, the access
/// log's request line or a form parser's buffers. Base64 because header values are ASCII and trimmed by proxies, while
/// a password may hold any character and end with a space. Reverse proxies must not log this header (nginx and Apache
/// log none by default; a custom log format that records all headers must leave it out).
/// </remarks>
internal static class VaultImportEndpoints
{
    public const string PasswordHeader = "X-Vigie-File-Password";

    public static void MapVaultImportEndpoints(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/vault/folders/{id:guid}/import", ImportAsync).RequireAuthorization(Permissions.VaultUse).WithTags("Vault");

    private static async Task<IResult> ImportAsync(Guid id, HttpContext context, VaultImport import, IUserDirectory directory, string? format, bool? dryRun,
        CancellationToken ct)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            // One byte over the cap, so that the import itself tells an oversized file (413 file_too_large).
            limit.MaxRequestBodySize = VaultImport.MaxFileBytes + 1L;
        }
        if (context.Request.ContentLength > VaultImport.MaxFileBytes)
        {
            throw VaultImport.FileTooLarge();
        }
        var password = Password(context);
        try
        {
            var principal = await VaultEndpoints.PrincipalAsync(context, directory, ct);
            return TypedResults.Ok(await import.ImportAsync(context.Actor(), principal, id, format, context.Request.Body, password, dryRun ?? false, ct));
        }
        finally
        {
            if (password is not null)
            {
                CryptographicOperations.ZeroMemory(password);
            }
        }
    }

    private static byte[]? Password(HttpContext context)
    {
        if (!context.Request.Headers.TryGetValue(PasswordHeader, out var values) || values.Count == 0 || string.IsNullOrEmpty(values[0]))
        {
            return null;
        }
        var text = values[0]!;
        var decoded = GC.AllocateUninitializedArray<byte>(text.Length * 3 / 4 + 3, pinned: true);
        if (values.Count > 1 || !Convert.TryFromBase64String(text, decoded, out var length))
        {
            CryptographicOperations.ZeroMemory(decoded);
            throw ProblemException.Validation(PasswordHeader, "must be the password's UTF-8 bytes in base64, once");
        }
        var password = GC.AllocateUninitializedArray<byte>(length, pinned: true);
        decoded.AsSpan(0, length).CopyTo(password);
        CryptographicOperations.ZeroMemory(decoded);
        return password;
    }
}
