using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Vigie.Core.Audit;
using Vigie.Core.Common;
using Vigie.Core.Crypto;
using Vigie.Core.Identity;
using Vigie.Core.Storage;

namespace Vigie.Core;

/// <summary>Registers the foundation modules: storage, server keys, audit and identity.</summary>
public static class CoreServiceCollectionExtensions
{
    public static IServiceCollection AddVigieStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new DataDirectory(configuration["DataDirectory"] ?? "data"));
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IDbConnectionFactory, DbConnectionFactory>();
        services.TryAddSingleton<PreparedReads>();
        services.TryAddSingleton<Migrator>();
        return services;
    }

    public static IServiceCollection AddVigieAudit(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(sp =>
        {
            var data = sp.GetRequiredService<DataDirectory>();
            var file = configuration["Keys:File"];
            return ServerKeys.LoadOrCreate(string.IsNullOrWhiteSpace(file) ? data.File("server.key") : Path.GetFullPath(file));
        });
        services.TryAddSingleton<IAuditLog, AuditLog>();
        services.TryAddSingleton<AuditReader>();
        return services;
    }

    public static IServiceCollection AddVigieIdentity(this IServiceCollection services)
    {
        services.AddOptions<IdentityOptions>().BindConfiguration(IdentityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<IdentityOptions>>().Value;
            return new PasswordHasher(o.Pbkdf2Iterations, o.PasswordHashing == "argon2id", o.Argon2MemoryKiB, o.Argon2Iterations);
        });
        services.TryAddSingleton<FieldCipher>();
        services.TryAddSingleton<PasswordPolicy>();
        services.TryAddSingleton<PasswordWriter>();
        services.TryAddSingleton<MfaVerifier>();
        services.TryAddSingleton<CredentialIssuer>();
        services.TryAddSingleton<LoginThrottle>();
        services.TryAddSingleton<CallerAuthenticator>();
        services.TryAddSingleton<SetupService>();
        services.TryAddSingleton<LoginService>();
        services.TryAddSingleton<AccountService>();
        services.TryAddSingleton<UserAdminService>();
        services.TryAddSingleton<TokenService>();
        services.TryAddSingleton<MfaService>();
        services.TryAddSingleton<GroupService>();
        services.TryAddSingleton<IUserDirectory, UserDirectory>();
        return services;
    }

    public static IServiceCollection AddVigieInventory(this IServiceCollection services)
    {
        services.AddOptions<Inventory.InventoryOptions>().BindConfiguration(Inventory.InventoryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<Inventory.Assets.SoftwareCatalog>();
        services.TryAddSingleton<Inventory.IAssetSoftwareReader, Inventory.Assets.AssetSoftwareReader>();
        services.TryAddSingleton<Inventory.Assets.IngestSnapshot>();
        services.TryAddSingleton<Inventory.Assets.AssetQueries>();
        services.TryAddSingleton<Inventory.Assets.AssetAdmin>();
        services.TryAddSingleton<Inventory.Agent.AgentProtocol>();
        services.TryAddSingleton<Inventory.Polling.SnmpDevices>();
        services.TryAddSingleton<Inventory.Polling.SnmpPoller>();
        services.AddHostedService<Inventory.Polling.SnmpPollingService>();
        return services;
    }

    public static IServiceCollection AddVigieVault(this IServiceCollection services)
    {
        services.AddOptions<Vault.VaultOptions>().BindConfiguration(Vault.VaultOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<Audit.AuditGroupCommit>();
        services.TryAddSingleton<Vault.Sealing.VaultSeal>();
        services.TryAddSingleton<Vault.Keys.DataKeys>();
        services.TryAddSingleton<Vault.Keys.KeyRotation>();
        services.TryAddSingleton<Vault.Folders.VaultFolders>();
        services.TryAddSingleton<Vault.Folders.VaultAccessReview>();
        services.TryAddSingleton<Vault.Secrets.VaultSecrets>();
        services.TryAddSingleton<Vault.Secrets.VaultDashboard>();
        services.TryAddSingleton<Vault.Folders.FolderPolicies>();
        services.TryAddSingleton<Vault.Folders.FolderDuplication>();
        services.TryAddSingleton<Vault.Exports.KdbxBranchExport>();
        services.TryAddSingleton<Vault.Backup.VaultExport>();
        services.TryAddSingleton<Vault.Backup.VaultRestore>();
        services.TryAddSingleton<Vault.Imports.VaultImport>();
        services.AddHostedService<Vault.Sealing.AutoUnseal>();
        return services;
    }

    public static IServiceCollection AddVigieVulnerabilities(this IServiceCollection services)
    {
        services.TryAddSingleton<Vulnerabilities.KnowledgeBase.CveImporter>();
        services.TryAddSingleton<Vulnerabilities.KnowledgeBase.CveQueries>();
        services.AddOptions<Vulnerabilities.KnowledgeBase.Sync.CveSyncOptions>().BindConfiguration(Vulnerabilities.KnowledgeBase.Sync.CveSyncOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<Vulnerabilities.KnowledgeBase.Sync.CveSync>();
        services.AddHostedService<Vulnerabilities.KnowledgeBase.Sync.CveSyncService>();
        services.TryAddSingleton<Vulnerabilities.Translation.TranslationTable>();
        services.TryAddSingleton<Vulnerabilities.Findings.KnowledgeIndex>();
        services.TryAddSingleton<Vulnerabilities.Findings.FindingsEvaluator>();
        services.TryAddSingleton<Vulnerabilities.Findings.FindingQueries>();
        services.TryAddSingleton<Vulnerabilities.Findings.FleetExposure>();
        services.TryAddSingleton<Vulnerabilities.Findings.FindingDispositions>();
        services.AddOptions<Vulnerabilities.Notifications.NotificationOptions>().BindConfiguration(Vulnerabilities.Notifications.NotificationOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Vulnerabilities.Notifications.NotificationOptions>,
            Vulnerabilities.Notifications.NotificationOptionsValidator>());
        services.TryAddSingleton<Vulnerabilities.Notifications.NotificationChannels>();
        services.TryAddSingleton<Vulnerabilities.Notifications.AlertSender>();
        services.TryAddSingleton<Vulnerabilities.Notifications.DigestBuilder>();
        services.TryAddSingleton<Vulnerabilities.Notifications.DigestSender>();
        services.AddHostedService<Vulnerabilities.Notifications.DigestService>();
        services.TryAddSingleton<Vulnerabilities.Findings.FindingsQueue>();
        services.AddSingleton<Inventory.IInventoryObserver>(sp => sp.GetRequiredService<Vulnerabilities.Findings.FindingsQueue>());
        services.AddHostedService(sp => sp.GetRequiredService<Vulnerabilities.Findings.FindingsQueue>());
        return services;
    }
}
