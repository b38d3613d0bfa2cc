using System.Text;
using Vigie.Core.Identity;
using Vigie.Core.Vulnerabilities.Findings;
using Vigie.Core.Vulnerabilities.Translation;
using Vigie.Server.Auth;

namespace Vigie.Server.Endpoints;

/// <summary>The translation table of programs to CPE: read it, replace it (administrators: <c>settings.write</c>; the fleet is then re-evaluated).</summary>
internal static class TranslationEndpoints
{
    public static void MapTranslationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/translations", async (TranslationTable table, CancellationToken ct) =>
                TypedResults.Text(await table.JsonAsync(ct), "application/json"))
            .RequireAuthorization(Permissions.VulnerabilitiesRead).WithTags("Vulnerabilities");
        app.MapPut("/api/v1/translations", async (HttpContext context, TranslationTable table, FindingsQueue findings, CancellationToken ct) =>
            {
                using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
                var rules = await table.SaveAsync(context.Actor(), await reader.ReadToEndAsync(ct), ct);
                // New rules change which programs are assessed: the fleet's findings follow in the background.
                findings.EnqueueFleet(EvaluationScope.All);
                return TypedResults.Ok(new { rules });
            })
            .RequireAuthorization(Permissions.SettingsWrite).WithTags("Vulnerabilities");
    }
}
