using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Authorization;
using Vigie.Core;
using Vigie.Core.Identity;
using Vigie.Core.Storage;
using Vigie.Server.Auth;
using Vigie.Server.Endpoints;
using Vigie.Server.Problems;

namespace Vigie.Server;

/// <summary>Builds and prepares the Vigie web application; used by Program, the tests and the benchmarks.</summary>
public static partial class VigieServer
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? customise = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddEnvironmentVariables("VIGIE_");
        builder.Configuration.AddCommandLine(args);
        customise?.Invoke(builder);

        var server = builder.Configuration.GetSection(ServerOptions.Section).Get<ServerOptions>() ?? new ServerOptions();
        builder.WebHost.UseUrls(server.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = server.MaxRequestBodyBytes;
            if (!string.IsNullOrWhiteSpace(server.CertificatePath))
            {
                var certificate = X509CertificateLoader.LoadPkcs12FromFile(server.CertificatePath, server.CertificatePassword);
                kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate);
            }
        });

        builder.Services.AddOptions<ServerOptions>().BindConfiguration(ServerOptions.Section);
        builder.Services.AddVigieStorage(builder.Configuration).AddVigieAudit(builder.Configuration).AddVigieIdentity().AddVigieInventory().AddVigieVulnerabilities().AddVigieVault();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never);
        builder.Services.AddOpenApi();
        builder.Services.AddAuthentication(VigieAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, VigieAuthenticationHandler>(VigieAuthenticationHandler.SchemeName, null);
        builder.Services.AddSingleton<IAuthorizationHandler, PermissionHandler>();
        builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        builder.Services.AddAuthorization(options =>
        {
            foreach (var permission in Permissions.All)
            {
                options.AddPolicy(permission, policy => policy.RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(permission)));
            }
            // Endpoints are closed unless they say otherwise.
            options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        });

        var forwarded = TrustedProxies.Parse(server.TrustedProxies);
        var app = builder.Build();
        if (forwarded is not null)
        {
            app.UseForwardedHeaders(forwarded);
        }
        app.UseMiddleware<ProblemMiddleware>();
        app.Use(async (context, next) =>
        {
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers["Referrer-Policy"] = "no-referrer";
            context.Response.Headers.XFrameOptions = "DENY";
            await next();
        });
        app.UseRouting();
        app.UseAuthentication();
        app.UseMiddleware<AccountGateMiddleware>();
        app.UseAuthorization();

        app.MapOpenApi().AllowAnonymous();
        app.MapHealthEndpoints();
        app.MapSetupEndpoints();
        app.MapAuthEndpoints();
        app.MapUserEndpoints();
        app.MapGroupEndpoints();
        app.MapTokenEndpoints();
        app.MapAuditEndpoints();
        app.MapSettingsEndpoints();
        app.MapAgentEndpoints(app.Configuration.GetSection(Vigie.Core.Inventory.InventoryOptions.Section).Get<Vigie.Core.Inventory.InventoryOptions>()
            ?? new Vigie.Core.Inventory.InventoryOptions());
        app.MapAssetEndpoints();
        app.MapSnmpEndpoints();
        app.MapCveEndpoints();
        app.MapFindingEndpoints();
        app.MapDigestEndpoints();
        app.MapTranslationEndpoints();
        app.MapVaultEndpoints();
        app.MapVaultBackupEndpoints();
        app.MapVaultImportEndpoints();
        return app;
    }

    /// <summary>Applies migrations and, on an empty database, issues the one-time setup token.</summary>
    public static async Task PrepareAsync(WebApplication app, CancellationToken ct = default)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Vigie.Server");
        app.Services.GetRequiredService<Vigie.Core.Common.DataDirectory>().Ensure();
        await app.Services.GetRequiredService<Migrator>().MigrateAsync(dryRun: false, ct);
        var setup = app.Services.GetRequiredService<SetupService>();
        var token = await setup.IssueTokenIfNeededAsync(ct);
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ServerOptions>>().Value;
        if (token is not null && options.PrintSetupToken)
        {
            // Printed on the console on purpose (not through logging, which may be shipped elsewhere).
            Console.Out.WriteLine($"""

                ==================================================================
                 Vigie has no administrator yet. One-time setup token:

                   {token}

                 Run:  vigie setup --token <token>   (or POST /api/v1/setup)
                 The token is also in {setup.TokenFile} and dies after use.
                ==================================================================

                """);
        }
        LogStarted(logger, app.Services.GetRequiredService<IDbConnectionFactory>().Dialect.Provider.ToString());
    }

    [LoggerMessage(EventId = 9201, Level = LogLevel.Information, Message = "Vigie is ready on the {Provider} database")]
    private static partial void LogStarted(ILogger logger, string provider);
}
