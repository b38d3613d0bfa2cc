using System.Runtime.InteropServices;

namespace Vigie.Core.Crypto;

/// <summary>Argon2 from Debian's libargon2 (package libargon2-1), when it is installed.</summary>
internal static partial class Argon2Native
{
    /// <summary>The <c>argon2_type</c> values of argon2.h.</summary>
    public enum Variant
    {
        D = 0,
        I = 1,
        Id = 2,
    }

    private const string Library = "libargon2.so.1";
    private static readonly Lazy<bool> Present = new(() => NativeLibrary.TryLoad(Library, out _));

    public static bool IsAvailable => !OperatingSystem.IsWindows() && Present.Value;

    public static byte[] HashId(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, int iterations, int memoryKiB, int parallelism, int length)
    {
        var output = new byte[length];
        unsafe
        {
            fixed (byte* p = password)
            fixed (byte* s = salt)
            fixed (byte* o = output)
            {
                var rc = argon2id_hash_raw((uint)iterations, (uint)memoryKiB, (uint)parallelism, p, (nuint)password.Length, s, (nuint)salt.Length, o, (nuint)length);
                if (rc != 0)
                {
                    throw new System.Security.Cryptography.CryptographicException($"argon2id failed with code {rc}.");
                }
            }
        }
        return output;
    }

    /// <summary>
    /// Any variant and version (0x10 or 0x13) of Argon2, as KDBX files name them; <see cref="HashId"/> is fixed to
    /// Argon2id version 0x13. Returns the libargon2 error code instead of throwing, so callers can word the error.
    /// </summary>
    public static int TryHash(Variant variant, uint version, ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt,
        uint iterations, uint memoryKiB, uint parallelism, Span<byte> output)
    {
        unsafe
        {
            fixed (byte* p = password)
            fixed (byte* s = salt)
            fixed (byte* o = output)
            {
                return argon2_hash(iterations, memoryKiB, parallelism, p, (nuint)password.Length, s, (nuint)salt.Length,
                    o, (nuint)output.Length, null, 0, (int)variant, version);
            }
        }
    }

    [LibraryImport(Library)]
    private static unsafe partial int argon2_hash(uint tCost, uint mCost, uint parallelism, byte* pwd, nuint pwdlen,
        byte* salt, nuint saltlen, byte* hash, nuint hashlen, byte* encoded, nuint encodedlen, int type, uint version);

    [LibraryImport(Library)]
    private static unsafe partial int argon2id_hash_raw(uint tCost, uint mCost, uint parallelism, byte* pwd, nuint pwdlen, byte* salt, nuint saltlen, byte* hash, nuint hashlen);
}
