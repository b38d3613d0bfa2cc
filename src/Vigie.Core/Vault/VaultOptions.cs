using System.ComponentModel.DataAnnotations;

namespace Vigie.Core.Vault;

/// <summary>The vault's settings. Bound from <c>Vault</c>.</summary>
public sealed class VaultOptions
{
    public const string Section = "Vault";

    /// <summary>
    /// Auto-unseal for development and CI: a file holding the base64 root key (32 bytes). With it the vault is
    /// initialised in <c>key</c> mode and unsealed at start-up; production sites use Shamir shares instead.
    /// </summary>
    public string? AutoUnsealKeyFile { get; set; }

    /// <summary>The same key given directly (environment variable <c>VIGIE_VAULT__AUTOUNSEALKEY</c>).</summary>
    public string? AutoUnsealKey { get; set; }

    /// <summary>Versions kept per secret, the current one included.</summary>
    [Range(1, 1000)] public int HistoryVersions { get; set; } = 10;

    /// <summary>PBKDF2-HMAC-SHA256 iterations for the key of full exports (at least 600,000, OWASP's figure for 2023).</summary>
    [Range(Backup.ExportFormat.MinIterations, Backup.ExportFormat.MaxIterations)] public int ExportIterations { get; set; } = Backup.ExportFormat.MinIterations;
}
