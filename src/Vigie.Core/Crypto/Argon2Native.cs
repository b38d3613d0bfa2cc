using System.Runtime.InteropServices;

namespace Vigie.Core.Crypto;

/// <summary>Argon2id from Debian's libargon2 (package libargon2-1), when it is installed.</summary>
internal static partial class Argon2Native
{
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

    [LibraryImport(Library)]
    private static unsafe partial int argon2id_hash_raw(uint tCost, uint mCost, uint parallelism, byte* pwd, nuint pwdlen, byte* salt, nuint saltlen, byte* hash, nuint hashlen);
}
