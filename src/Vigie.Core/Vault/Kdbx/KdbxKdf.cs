namespace Vigie.Core.Vault.Kdbx;

/// <summary>The key derivation function of a KDBX 4 file.</summary>
public enum KdbxKdf
{
    /// <summary>AES-KDF: the password hash encrypted N times with AES-256. Portable but not memory-hard.</summary>
    AesKdf,

    /// <summary>Argon2d through libargon2 (KeePassXC's default for new databases in its GUI).</summary>
    Argon2d,

    /// <summary>Argon2id through libargon2.</summary>
    Argon2id,
}
