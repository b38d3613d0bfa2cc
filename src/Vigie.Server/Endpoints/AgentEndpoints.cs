using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Vigie.Core.Audit;
using Vigie.Core.Common;
using Vigie.Core.Inventory;
using Vigie.Core.Inventory.Agent;
using Vigie.Server.Auth;
using Vigie.Server.Problems;

namespace Vigie.Server.Endpoints;

/// <summary>
/// The OCS Inventory / FusionInventory agent endpoint on <c>/ocsinventory</c> and on <c>Inventory:AgentPath</c>.
/// Agents carry no Vigie token; optional HTTP Basic authentication is configured for them alone.
/// </summary>
internal static class AgentEndpoints
{
    public static void MapAgentEndpoints(this IEndpointRouteBuilder app, InventoryOptions options)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal) { "/ocsinventory" };
        if (!string.IsNullOrWhiteSpace(options.AgentPath))
        {
            paths.Add("/" + options.AgentPath.Trim().Trim('/'));
        }
        foreach (var path in paths)
        {
            app.MapPost(path, HandleAsync).AllowAnonymous().WithTags("Agents").ExcludeFromDescription();
        }
    }

    private static async Task HandleAsync(HttpContext context, AgentProtocol protocol, IOptions<InventoryOptions> options, IAuditLog audit)
    {
        var settings = options.Value;
        if (!string.IsNullOrEmpty(settings.AgentUsername) && !string.IsNullOrEmpty(settings.AgentPassword))
        {
            var presented = context.Request.Headers.Authorization.ToString();
            if (!BasicMatches(presented, settings.AgentUsername, settings.AgentPassword))
            {
                if (presented.Length > 0)
                {
                    await audit.AppendAloneAsync(new AuditEntry(AuditActor.Anonymous(context.Source()), AuditActions.AgentRefused, "agent-endpoint",
                        AuditEntry.Denied, new Dictionary<string, object?> { ["reason"] = "bad_credentials" }), context.RequestAborted);
                }
                context.Response.Headers.WWWAuthenticate = $"Basic realm=\"{settings.AgentRealm}\"";
                await ProblemWriter.WriteAsync(context, 401, "agent_unauthenticated", "Agent credentials are required.");
                return;
            }
        }
        var body = await ReadBodyAsync(context, settings.MaxBodyBytes);
        var reply = await protocol.HandleAsync(body, context.Request.Headers.UserAgent.ToString(), context.Source(), context.RequestAborted);
        context.Response.StatusCode = reply.Status;
        context.Response.Headers.CacheControl = "no-cache";
        if (reply.ContentType is not null)
        {
            context.Response.ContentType = reply.ContentType;
        }
        context.Response.ContentLength = reply.Body.Length;
        await context.Response.Body.WriteAsync(reply.Body, context.RequestAborted);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext context, long max)
    {
        // Agent inventories may exceed the API's body limit: this endpoint has its own.
        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = max;
        }
        if (context.Request.ContentLength > max)
        {
            throw new ProblemException(413, "body_too_large", $"Agent messages are limited to {max} bytes.");
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > max)
            {
                throw new ProblemException(413, "body_too_large", $"Agent messages are limited to {max} bytes.");
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static bool BasicMatches(string header, string username, string password)
    {
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        byte[] presented;
        try
        {
            presented = Convert.FromBase64String(header[6..].Trim());
        }
        catch (FormatException)
        {
            return false;
        }
        var expected = Encoding.UTF8.GetBytes($"{username}:{password}");
        var ok = CryptographicOperations.FixedTimeEquals(SHA256.HashData(presented), SHA256.HashData(expected));
        CryptographicOperations.ZeroMemory(presented);
        CryptographicOperations.ZeroMemory(expected);
        return ok;
    }
}
