using Vigie.Core.Crypto;

namespace Vigie.Core.Vault.Kdbx;

/// <summary>
/// How <see cref="KdbxWriter"/> protects a file. The defaults (AES-KDF with 10 million rounds, AES-256-CBC, gzip,
/// KDBX 4.0) open in every KeePass 2.35+ and KeePassXC 2.3+; <see cref="Recommended"/> switches to Argon2id
/// when libargon2 is installed.
/// </summary>
public sealed record KdbxWriteOptions
{
    public const ulong DefaultAesKdfRounds = 10_000_000;

    /// <summary>True when Debian's libargon2 (package libargon2-1) can be loaded, so Argon2 KDFs can be written.</summary>
    public static bool IsArgon2Available => Argon2Native.IsAvailable;

    /// <summary>Argon2id (64 MiB, 10 passes, 2 lanes) when libargon2 is present, otherwise AES-KDF with 10 million rounds.</summary>
    public static KdbxWriteOptions Recommended => IsArgon2Available ? new() { Kdf = KdbxKdf.Argon2id } : new();

    public KdbxKdf Kdf { get; init; } = KdbxKdf.AesKdf;

    /// <summary>AES-KDF rounds; KeePassXC reads at most 2^31-1.</summary>
    public ulong AesKdfRounds { get; init; } = DefaultAesKdfRounds;

    public ulong Argon2Iterations { get; init; } = 10;

    /// <summary>A multiple of 1024.</summary>
    public ulong Argon2MemoryBytes { get; init; } = 64UL << 20;

    public uint Argon2Parallelism { get; init; } = 2;

    public KdbxCipher Cipher { get; init; } = KdbxCipher.Aes256Cbc;

    /// <summary>Gzip the XML (KeePass's default).</summary>
    public bool Compress { get; init; } = true;

    /// <summary>KDBX 4.0 or 4.1 (4.1 needs KeePass 2.48+ / KeePassXC 2.7+ but adds nothing this writer uses).</summary>
    public int MinorVersion { get; init; }

    /// <summary>Meta/Generator in the XML.</summary>
    public string Generator { get; init; } = "Vigie";

    internal void Validate()
    {
        if (MinorVersion is not (0 or 1))
        {
            throw new ArgumentException("KDBX 4 minor version must be 0 or 1.", nameof(MinorVersion));
        }
        if (Kdf == KdbxKdf.AesKdf && AesKdfRounds is 0 or > int.MaxValue)
        {
            throw new ArgumentException("AES-KDF rounds must be between 1 and 2^31-1 (KeePassXC's limit).", nameof(AesKdfRounds));
        }
        if (Kdf != KdbxKdf.AesKdf)
        {
            if (!IsArgon2Available)
            {
                throw new NotSupportedException("Argon2 needs libargon2 (apt-get install libargon2-1); use AES-KDF instead.");
            }
            if (Argon2Iterations is 0 or > uint.MaxValue || Argon2Parallelism is 0 or > 0xFFFFFF
                || Argon2MemoryBytes % 1024 != 0 || Argon2MemoryBytes / 1024 < 8UL * Argon2Parallelism || Argon2MemoryBytes / 1024 > uint.MaxValue)
            {
                throw new ArgumentException("Argon2 parameters out of range (memory a multiple of 1024 bytes, at least 8 KiB per lane).");
            }
        }
    }
}
