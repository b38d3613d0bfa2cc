using System.ComponentModel.DataAnnotations;

namespace Vigie.Core.Identity;

/// <summary>
/// The password, lockout, session and token policy. Defaults are those of the security-assurance plan:
/// users ≥ 8 characters with a letter, a digit and a symbol, administrators ≥ 10, change every 4 months,
/// none of the last 5 reused, locked after 5 consecutive failures. Bound from the <c>Identity</c> section.
/// </summary>
public sealed class IdentityOptions
{
    public const string Section = "Identity";

    [Range(4, 256)] public int MinLengthUser { get; set; } = 8;
    [Range(4, 256)] public int MinLengthAdministrator { get; set; } = 10;
    public bool RequireLetter { get; set; } = true;
    public bool RequireDigit { get; set; } = true;
    public bool RequireSymbol { get; set; } = true;
    [Range(256, 4096)] public int MaxLength { get; set; } = 1024;

    /// <summary>Days after which a password must be changed (4 months ≈ 120 days). 0 disables expiry.</summary>
    [Range(0, 3650)] public int PasswordMaxAgeDays { get; set; } = 120;

    /// <summary>How many previous passwords (including the current one) may not be reused.</summary>
    [Range(0, 50)] public int PasswordHistory { get; set; } = 5;

    [Range(1, 100)] public int MaxFailedLogins { get; set; } = 5;

    /// <summary>Minutes an account stays locked after too many failures; 0 keeps it locked until an administrator unlocks it.</summary>
    [Range(0, 525600)] public int LockoutMinutes { get; set; } = 30;

    /// <summary>Failed attempts allowed from one source address within the throttle window.</summary>
    [Range(1, 100000)] public int ThrottleMaxFailures { get; set; } = 20;
    [Range(1, 86400)] public int ThrottleWindowSeconds { get; set; } = 300;

    [Range(1, 10_000_000)] public int Pbkdf2Iterations { get; set; } = 600_000;

    /// <summary><c>pbkdf2</c> (portable default) or <c>argon2id</c> (through Debian's libargon2; PBKDF2 is used when it is absent).</summary>
    [RegularExpression("^(pbkdf2|argon2id)$")] public string PasswordHashing { get; set; } = "pbkdf2";
    [Range(8192, 4_194_304)] public int Argon2MemoryKiB { get; set; } = 65536;
    [Range(1, 100)] public int Argon2Iterations { get; set; } = 3;

    [Range(1, 1440)] public int SessionIdleMinutes { get; set; } = 30;
    [Range(1, 168)] public int SessionMaxHours { get; set; } = 12;
    public bool CookieSecure { get; set; } = true;

    [Range(1, 3650)] public int TokenDefaultDays { get; set; } = 90;
    [Range(1, 3650)] public int TokenMaxDays { get; set; } = 365;
    [Range(1, 720)] public int LoginTokenHours { get; set; } = 12;

    [Range(4, 20)] public int RecoveryCodeCount { get; set; } = 10;
}
