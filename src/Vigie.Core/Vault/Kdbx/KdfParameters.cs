using System.Security.Cryptography;
using Vigie.Core.Crypto;

namespace Vigie.Core.Vault.Kdbx;

/// <summary>The KDF of one file and its parameters, as the header's VariantDictionary (KDBX 4) or fields (KDBX 3.1) hold them.</summary>
internal sealed record KdfParameters(KdbxKdf Kdf, byte[] Seed, ulong Rounds = 0, ulong Iterations = 0,
    ulong MemoryBytes = 0, uint Parallelism = 0, uint Version = 0x13)
{
    public static KdfParameters Parse(VariantDictionary dictionary)
    {
        var uuid = dictionary.GetBytes("$UUID") ?? throw KdbxFormatException.Corrupted("corrupted header (no KDF)");
        var seed = dictionary.GetBytes("S") ?? throw KdbxFormatException.Corrupted("corrupted header (no KDF seed)");
        if (uuid.AsSpan().SequenceEqual(KdbxIds.AesKdf) || uuid.AsSpan().SequenceEqual(KdbxIds.AesKdfKeePassXc))
        {
            var rounds = dictionary.GetUInt64("R") ?? throw KdbxFormatException.Corrupted("corrupted header (AES-KDF rounds)");
            return new KdfParameters(KdbxKdf.AesKdf, seed, Rounds: rounds);
        }
        var kdf = uuid.AsSpan().SequenceEqual(KdbxIds.Argon2d) ? KdbxKdf.Argon2d
            : uuid.AsSpan().SequenceEqual(KdbxIds.Argon2id) ? KdbxKdf.Argon2id
            : throw new KdbxFormatException(KdbxError.Unsupported, "unsupported key derivation function");
        if ((dictionary.GetBytes("K") ?? []).Length > 0 || (dictionary.GetBytes("A") ?? []).Length > 0)
        {
            throw new KdbxFormatException(KdbxError.Unsupported, "unsupported Argon2 secret key or associated data");
        }
        return new KdfParameters(kdf, seed,
            Iterations: dictionary.GetUInt64("I") ?? throw KdbxFormatException.Corrupted("corrupted header (Argon2 iterations)"),
            MemoryBytes: dictionary.GetUInt64("M") ?? throw KdbxFormatException.Corrupted("corrupted header (Argon2 memory)"),
            Parallelism: dictionary.GetUInt32("P") ?? throw KdbxFormatException.Corrupted("corrupted header (Argon2 parallelism)"),
            Version: dictionary.GetUInt32("V") ?? throw KdbxFormatException.Corrupted("corrupted header (Argon2 version)"));
    }

    public VariantDictionary ToDictionary()
    {
        var dictionary = new VariantDictionary();
        if (Kdf == KdbxKdf.AesKdf)
        {
            dictionary.SetBytes("$UUID", KdbxIds.AesKdf);
            dictionary.SetUInt64("R", Rounds);
            dictionary.SetBytes("S", Seed);
            return dictionary;
        }
        dictionary.SetBytes("$UUID", Kdf == KdbxKdf.Argon2d ? KdbxIds.Argon2d : KdbxIds.Argon2id);
        dictionary.SetBytes("S", Seed);
        dictionary.SetUInt32("P", Parallelism);
        dictionary.SetUInt64("M", MemoryBytes);
        dictionary.SetUInt64("I", Iterations);
        dictionary.SetUInt32("V", Version);
        return dictionary;
    }

    /// <summary>Refuses parameters beyond <paramref name="limits"/> before any work is done.</summary>
    public void CheckLimits(KdbxReadLimits limits)
    {
        if (Kdf == KdbxKdf.AesKdf)
        {
            if (Rounds > limits.MaxAesKdfRounds)
            {
                throw KdbxFormatException.Limit($"the file asks for {Rounds} AES-KDF rounds; at most {limits.MaxAesKdfRounds} are accepted");
            }
            return;
        }
        if (MemoryBytes > limits.MaxArgon2MemoryBytes)
        {
            throw KdbxFormatException.Limit($"the file asks for {MemoryBytes / (1024 * 1024)} MiB of Argon2 memory; at most {limits.MaxArgon2MemoryBytes / (1024 * 1024)} MiB are accepted");
        }
        if (Parallelism > limits.MaxArgon2Parallelism)
        {
            throw KdbxFormatException.Limit($"the file asks for Argon2 parallelism {Parallelism}; at most {limits.MaxArgon2Parallelism} is accepted");
        }
        if (Iterations > limits.MaxArgon2Iterations || (UInt128)Iterations * MemoryBytes > limits.MaxArgon2WorkBytes)
        {
            throw KdbxFormatException.Limit($"the file asks for {Iterations} Argon2 passes over {MemoryBytes / (1024 * 1024)} MiB, more work than accepted");
        }
    }

    /// <summary>The transformed key (32 bytes, pinned); the caller clears it.</summary>
    public byte[] Derive(ReadOnlySpan<byte> compositeKey, CancellationToken cancellationToken)
    {
        if (Kdf == KdbxKdf.AesKdf)
        {
            if (Seed.Length != 32)
            {
                throw KdbxFormatException.Corrupted("corrupted header (AES-KDF seed)");
            }
            return AesKdf.Transform(compositeKey, Seed, Rounds, cancellationToken);
        }
        if (!Argon2Native.IsAvailable)
        {
            throw new KdbxFormatException(KdbxError.Unsupported,
                "the file uses Argon2 but libargon2 is not installed (apt-get install libargon2-1)");
        }
        if (Version is not (0x10 or 0x13) || MemoryBytes % 1024 != 0 || Iterations > uint.MaxValue || MemoryBytes / 1024 > uint.MaxValue)
        {
            throw KdbxFormatException.Corrupted("corrupted header (Argon2 parameters)");
        }
        cancellationToken.ThrowIfCancellationRequested();
        var transformed = GC.AllocateArray<byte>(32, pinned: true);
        var variant = Kdf == KdbxKdf.Argon2d ? Argon2Native.Variant.D : Argon2Native.Variant.Id;
        var rc = Argon2Native.TryHash(variant, Version, compositeKey, Seed, (uint)Iterations, (uint)(MemoryBytes / 1024), Parallelism, transformed);
        if (rc != 0)
        {
            CryptographicOperations.ZeroMemory(transformed);
            throw KdbxFormatException.Corrupted($"corrupted header (Argon2 refused the parameters, code {rc})");
        }
        return transformed;
    }
}
