namespace Vigie.Core.Audit;

/// <summary>
/// The catalogue of audit event codes, in blocks of 1000 per module: 1xxx identity, 2xxx audit itself, 3xxx inventory, 4xxx vulnerabilities.
/// Later modules take the next blocks (5xxx vault, ...).
/// </summary>
public static class AuditActions
{
    public static readonly AuditAction SetupCompleted = new(1001, "identity.setup.completed");
    public static readonly AuditAction SetupFailed = new(1002, "identity.setup.failed");
    public static readonly AuditAction LoginSucceeded = new(1010, "identity.login.succeeded");
    public static readonly AuditAction LoginFailed = new(1011, "identity.login.failed");
    public static readonly AuditAction AccountLocked = new(1012, "identity.account.locked");
    public static readonly AuditAction AccountUnlocked = new(1013, "identity.account.unlocked");
    public static readonly AuditAction LoginThrottled = new(1014, "identity.login.throttled");
    public static readonly AuditAction Logout = new(1015, "identity.logout");
    public static readonly AuditAction PasswordChanged = new(1020, "identity.password.changed");
    public static readonly AuditAction PasswordChangeFailed = new(1021, "identity.password.change_failed");
    public static readonly AuditAction PasswordReset = new(1022, "identity.password.reset");
    public static readonly AuditAction UserCreated = new(1030, "identity.user.created");
    public static readonly AuditAction RoleChanged = new(1031, "identity.user.role_changed");
    public static readonly AuditAction AccountLockedByAdmin = new(1032, "identity.user.locked");
    public static readonly AuditAction MfaEnrolStarted = new(1040, "identity.mfa.enrol_started");
    public static readonly AuditAction MfaEnrolled = new(1041, "identity.mfa.enrolled");
    public static readonly AuditAction MfaDisabled = new(1042, "identity.mfa.disabled");
    public static readonly AuditAction MfaRecoveryCodeUsed = new(1043, "identity.mfa.recovery_code_used");
    public static readonly AuditAction MfaPolicyChanged = new(1044, "identity.mfa.policy_changed");
    public static readonly AuditAction TokenCreated = new(1050, "identity.token.created");
    public static readonly AuditAction TokenRevoked = new(1051, "identity.token.revoked");
    public static readonly AuditAction GroupCreated = new(1060, "identity.group.created");
    public static readonly AuditAction GroupMemberAdded = new(1061, "identity.group.member_added");
    public static readonly AuditAction GroupMemberRemoved = new(1062, "identity.group.member_removed");
    public static readonly AuditAction AccessDenied = new(1090, "identity.access.denied");
    public static readonly AuditAction ChainVerified = new(2001, "audit.chain.verified");
    public static readonly AuditAction InventoryReceived = new(3001, "inventory.inventory.received");
    public static readonly AuditAction AssetCreated = new(3002, "inventory.asset.created");
    public static readonly AuditAction AssetMerged = new(3003, "inventory.asset.merged");
    public static readonly AuditAction AgentRefused = new(3004, "inventory.agent.refused");
    public static readonly AuditAction AssetTagSet = new(3010, "inventory.asset.tag_set");
    public static readonly AuditAction AssetBlocked = new(3011, "inventory.asset.blocked");
    public static readonly AuditAction AssetUnblocked = new(3012, "inventory.asset.unblocked");
    public static readonly AuditAction SnmpDeviceAdded = new(3020, "inventory.snmp.device_added");
    public static readonly AuditAction SnmpDeviceRemoved = new(3021, "inventory.snmp.device_removed");
    public static readonly AuditAction SnmpDevicePolled = new(3022, "inventory.snmp.device_polled");
    public static readonly AuditAction CveBatchImported = new(4001, "vulnerabilities.kb.batch_imported");
    public static readonly AuditAction CveSourceSynced = new(4002, "vulnerabilities.kb.source_synced");
    public static readonly AuditAction FindingsEvaluated = new(4010, "vulnerabilities.findings.evaluated");
    public static readonly AuditAction FindingDispositionSet = new(4011, "vulnerabilities.finding.disposition_set");
    public static readonly AuditAction FindingDispositionCleared = new(4012, "vulnerabilities.finding.disposition_cleared");
    public static readonly AuditAction DigestSent = new(4020, "vulnerabilities.digest.sent");
    public static readonly AuditAction AlertSent = new(4021, "vulnerabilities.alert.sent");
    public static readonly AuditAction TranslationTableChanged = new(4030, "vulnerabilities.translation_table.changed");
    public static readonly AuditAction VaultInitialized = new(5001, "vault.initialized");
    public static readonly AuditAction VaultUnsealed = new(5002, "vault.unsealed");
    public static readonly AuditAction VaultUnsealFailed = new(5003, "vault.unseal_failed");
    public static readonly AuditAction VaultSealed = new(5004, "vault.sealed");
    public static readonly AuditAction VaultKeysRotated = new(5005, "vault.keys_rotated");
    public static readonly AuditAction VaultFolderCreated = new(5010, "vault.folder.created");
    public static readonly AuditAction VaultAccessGranted = new(5011, "vault.folder.access_granted");
    public static readonly AuditAction VaultAccessRevoked = new(5012, "vault.folder.access_revoked");
    public static readonly AuditAction VaultPolicyChanged = new(5013, "vault.folder.policy_changed");
    public static readonly AuditAction VaultFolderDuplicated = new(5014, "vault.folder.duplicated");
    public static readonly AuditAction VaultSecretCreated = new(5020, "vault.secret.created");
    public static readonly AuditAction VaultSecretUpdated = new(5021, "vault.secret.updated");
    public static readonly AuditAction VaultSecretRevealed = new(5022, "vault.secret.revealed");
    public static readonly AuditAction VaultFolderExported = new(5031, "vault.folder.exported");
    public static readonly AuditAction VaultExported = new(5050, "vault.exported");
    public static readonly AuditAction VaultRestored = new(5051, "vault.restored");
    public static readonly AuditAction VaultImported = new(5030, "vault.imported");
    public static readonly AuditAction VaultAccessDenied = new(5090, "vault.access_denied");
}
