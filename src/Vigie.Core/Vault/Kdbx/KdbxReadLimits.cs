namespace Vigie.Core.Vault.Kdbx;

/// <summary>
/// Caps that keep a hostile file from making the server compute for hours or allocate gigabytes. The defaults
/// admit what KeePass and KeePassXC write on a desktop with generous settings; a file beyond them is refused with
/// <see cref="KdbxError.LimitExceeded"/> before any key derivation starts.
/// </summary>
public sealed record KdbxReadLimits
{
    public static KdbxReadLimits Default { get; } = new();

    /// <summary>
    /// AES-KDF rounds: 500 million, about 16 s on one core of the 2-core test VM (~30 million rounds a second), and
    /// several times what KeePassXC's one-second benchmark picks on a desktop.
    /// </summary>
    public ulong MaxAesKdfRounds { get; init; } = 500_000_000;

    /// <summary>Argon2 memory: 1 GiB (KeePassXC's default is 64 MiB).</summary>
    public ulong MaxArgon2MemoryBytes { get; init; } = 1UL << 30;

    /// <summary>Argon2 passes.</summary>
    public ulong MaxArgon2Iterations { get; init; } = 1000;

    /// <summary>Argon2 lanes (libargon2 starts one thread per lane).</summary>
    public uint MaxArgon2Parallelism { get; init; } = 64;

    /// <summary>Argon2 passes times memory: 16 GiB, e.g. 256 passes over 64 MiB or 16 over 1 GiB (about 10 s on 2 cores here).</summary>
    public ulong MaxArgon2WorkBytes { get; init; } = 16UL << 30;

    /// <summary>The whole file: 128 MiB.</summary>
    public long MaxFileBytes { get; init; } = 128L << 20;

    /// <summary>The decompressed payload (inner header, attachments and XML): 256 MiB, against gzip bombs.</summary>
    public long MaxPayloadBytes { get; init; } = 256L << 20;

    /// <summary>Nesting of groups and XML elements.</summary>
    public int MaxDepth { get; init; } = 128;
}
