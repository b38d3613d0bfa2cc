using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Vigie.Core.Common;
using Vigie.Core.Identity;
using Vigie.Core.Vault.Backup;
using Vigie.Server.Auth;

namespace Vigie.Server.Endpoints;

/// <summary>
/// Full export and restore of the vault (<c>vault.admin</c>). The passphrase travels in a JSON body (export) or in the JSON
/// <c>request</c> part of a multipart body (restore), never in the URL or a header, and is read straight into bytes that
/// are zeroed after use.
/// </summary>
internal static class VaultBackupEndpoints
{
    /// <summary>Largest export accepted by a restore.</summary>
    private const long MaxRestoreBytes = 1024L * 1024 * 1024;
    private const int MaxJsonBytes = 16 * 1024;

    public static void MapVaultBackupEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/vault").RequireAuthorization(Permissions.VaultAdmin).WithTags("Vault");
        // No Accepts(...) metadata: routing would answer 415 to a wrong media type before authorization had refused the caller.
        admin.MapPost("/export", ExportAsync).Produces(StatusCodes.Status200OK, contentType: ExportFormat.MediaType)
            .WithSummary("Full encrypted export of the vault").WithDescription("Body: application/json {\"passphrase\": \"...\"} (at least 12 characters).");
        admin.MapPost("/restore", RestoreAsync).Produces<RestoreReport>()
            .WithSummary("Restore a full export into an empty vault")
            .WithDescription("Body: multipart/form-data with a 'request' part (application/json {\"passphrase\": \"...\", \"matchPrincipalsByName\": false}) and a 'file' part (the export).");
    }

    /// <summary>Body <c>{"passphrase": "..."}</c>; answers the export file as a download.</summary>
    private static async Task ExportAsync(HttpContext context, VaultExport export, TimeProvider clock, CancellationToken ct)
    {
        if (!context.Request.HasJsonContentType())
        {
            throw new ProblemException(415, "unsupported_media_type", "The request body must be application/json: {\"passphrase\": \"...\"}.");
        }
        var (passphrase, _) = Parse(await ReadLimitedAsync(context.Request.Body, ct));
        try
        {
            await export.ExportAsync(context.Actor(), context.Caller().Has(Permissions.VaultAdmin), passphrase, () =>
            {
                var response = context.Response;
                response.StatusCode = StatusCodes.Status200OK;
                response.ContentType = ExportFormat.MediaType;
                response.Headers.CacheControl = "no-store";
                response.Headers.ContentDisposition =
                    $"attachment; filename=\"vigie-vault-{clock.GetUtcNow().UtcDateTime:yyyyMMdd'T'HHmmss'Z'}{ExportFormat.FileExtension}\"";
                return response.Body;
            }, ct);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passphrase);
        }
    }

    /// <summary>
    /// <c>multipart/form-data</c> with a <c>request</c> part (<c>{"passphrase": "...", "matchPrincipalsByName": false}</c>)
    /// and a <c>file</c> part (the export). The file is spooled to a private temporary file: a restore reads it twice.
    /// </summary>
    private static async Task<IResult> RestoreAsync(HttpContext context, VaultRestore restore, CancellationToken ct)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxRestoreBytes;
        }
        await using var file = SecureFiles.CreatePrivateTemporary("vigie-vault-restore-");
        byte[] passphrase = [];
        try
        {
            var (parsed, matchByName, gotFile) = await ReadMultipartAsync(context, file, ct);
            passphrase = parsed ?? [];
            var errors = new ValidationErrors();
            if (parsed is null)
            {
                errors.Add("request", "a 'request' part with the passphrase is required");
            }
            if (!gotFile || file.Length == 0)
            {
                errors.Add("file", "a 'file' part with the export is required");
            }
            errors.ThrowIfAny();
            file.Position = 0;
            var report = await restore.RestoreAsync(context.Actor(), context.Caller().Has(Permissions.VaultAdmin), file, passphrase,
                new RestoreOptions(matchByName), ct);
            return TypedResults.Ok(report);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passphrase);
        }
    }

    private static async Task<(byte[]? Passphrase, bool MatchByName, bool GotFile)> ReadMultipartAsync(HttpContext context, Stream file, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 } boundary)
        {
            throw new ProblemException(415, "unsupported_media_type",
                "The request body must be multipart/form-data with a 'request' part (JSON with the passphrase) and a 'file' part (the export).");
        }
        byte[]? passphrase = null;
        var matchByName = false;
        var gotFile = false;
        if (context.Features.Get<IFormFeature>()?.Form is { } form)
        {
            // Already read by the anti-forgery check of a cookie session.
            if (form.TryGetValue("request", out var json) && json.Count == 1)
            {
                (passphrase, matchByName) = Parse(System.Text.Encoding.UTF8.GetBytes(json.ToString()));
            }
            if (form.Files.GetFile("file") is { } upload)
            {
                await upload.CopyToAsync(file, ct);
                gotFile = true;
            }
            return (passphrase, matchByName, gotFile);
        }
        var reader = new MultipartReader(boundary, context.Request.Body) { BodyLengthLimit = null };
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                switch (HeaderUtilities.RemoveQuotes(section.GetContentDispositionHeader()?.Name ?? default).Value)
                {
                    case "request" when passphrase is null:
                        (passphrase, matchByName) = Parse(await ReadLimitedAsync(section.Body, ct));
                        break;
                    case "file" when !gotFile:
                        await section.Body.CopyToAsync(file, ct);
                        gotFile = true;
                        break;
                    default:
                        await section.Body.CopyToAsync(Stream.Null, ct);
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException && ex is not BadHttpRequestException)
        {
            if (passphrase is not null)
            {
                CryptographicOperations.ZeroMemory(passphrase);
            }
            throw new ProblemException(400, "invalid_request", "The multipart body is malformed.");
        }
        return (passphrase, matchByName, gotFile);
    }

    /// <summary>A small JSON body, read whole (it holds a passphrase: the buffer is the caller's to zero, through <see cref="Parse"/>).</summary>
    private static async Task<byte[]> ReadLimitedAsync(Stream body, CancellationToken ct)
    {
        var buffer = new byte[MaxJsonBytes + 1];
        var read = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);
        if (read > MaxJsonBytes)
        {
            CryptographicOperations.ZeroMemory(buffer);
            throw new ProblemException(413, "payload_too_large", $"The JSON request is larger than {MaxJsonBytes} bytes.");
        }
        var json = buffer[..read];
        CryptographicOperations.ZeroMemory(buffer);
        return json;
    }

    /// <summary>Reads <c>passphrase</c> (into bytes, never a string) and <c>matchPrincipalsByName</c>, then zeroes <paramref name="json"/>.</summary>
    private static (byte[]? Passphrase, bool MatchByName) Parse(byte[] json)
    {
        byte[]? passphrase = null;
        var matchByName = false;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException();
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                if (string.Equals(name, "passphrase", StringComparison.OrdinalIgnoreCase) && reader.TokenType == JsonTokenType.String)
                {
                    var buffer = new byte[reader.ValueSpan.Length];
                    var length = reader.CopyString(buffer);
                    if (passphrase is not null)
                    {
                        CryptographicOperations.ZeroMemory(passphrase);
                    }
                    passphrase = buffer[..length];
                    CryptographicOperations.ZeroMemory(buffer);
                }
                else if (string.Equals(name, "matchPrincipalsByName", StringComparison.OrdinalIgnoreCase) && reader.TokenType is JsonTokenType.True or JsonTokenType.False)
                {
                    matchByName = reader.GetBoolean();
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            if (passphrase is not null)
            {
                CryptographicOperations.ZeroMemory(passphrase);
            }
            throw new ProblemException(400, "invalid_request", "The JSON request is malformed.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(json);
        }
        return (passphrase ?? throw ProblemException.Validation("passphrase", "is required"), matchByName);
    }
}
