using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Vigie.Core.Crypto;

/// <summary>
/// Password hashes as self-describing strings, so that the cost or the algorithm can change later and old
/// hashes be re-hashed at the next successful login:
/// <c>$pbkdf2-sha256$i=600000$&lt;salt&gt;$&lt;hash&gt;</c> (portable default) or, through Debian's libargon2,
/// <c>$argon2id$v=19$m=65536,t=3,p=1$&lt;salt&gt;$&lt;hash&gt;</c> (PHC string format).
/// </summary>
public sealed class PasswordHasher
{
    public const string Scheme = "pbkdf2-sha256";
    public const string Argon2Scheme = "argon2id";
    public const int DefaultIterations = 600_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public PasswordHasher(int iterations = DefaultIterations, bool preferArgon2 = false, int argon2MemoryKiB = 65536, int argon2Iterations = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        Iterations = iterations;
        UsesArgon2 = preferArgon2 && Argon2Native.IsAvailable;
        Argon2MemoryKiB = argon2MemoryKiB;
        Argon2Iterations = argon2Iterations;
    }

    public int Iterations { get; }

    /// <summary>True when Argon2id was asked for and libargon2 is present; PBKDF2 otherwise.</summary>
    public bool UsesArgon2 { get; }

    public int Argon2MemoryKiB { get; }
    public int Argon2Iterations { get; }

    public string Hash(string password)
    {
        Span<byte> salt = stackalloc byte[SaltBytes];
        RandomNumberGenerator.Fill(salt);
        var hash = UsesArgon2 ? DeriveArgon2(password, salt, Argon2Iterations, Argon2MemoryKiB, 1) : Derive(password, salt, Iterations);
        try
        {
            return UsesArgon2
                ? string.Create(CultureInfo.InvariantCulture,
                    $"${Argon2Scheme}$v=19$m={Argon2MemoryKiB},t={Argon2Iterations},p=1${Phc(salt)}${Phc(hash)}")
                : string.Create(CultureInfo.InvariantCulture,
                    $"${Scheme}$i={Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(hash);
        }
    }

    /// <summary>Checks a password in constant time; <paramref name="needsRehash"/> when the stored hash is weaker or of another algorithm than today's.</summary>
    public bool Verify(string password, string stored, out bool needsRehash)
    {
        needsRehash = false;
        byte[] actual;
        byte[] expected;
        bool current;
        if (TryParse(stored, out var iterations, out var salt, out expected))
        {
            actual = Derive(password, salt, iterations);
            current = !UsesArgon2 && iterations >= Iterations;
        }
        else if (TryParseArgon2(stored, out var memory, out var time, out var lanes, out salt, out expected) && Argon2Native.IsAvailable)
        {
            actual = DeriveArgon2(password, salt, time, memory, lanes, expected.Length);
            current = UsesArgon2 && memory >= Argon2MemoryKiB && time >= Argon2Iterations;
        }
        else
        {
            return false;
        }
        try
        {
            var ok = CryptographicOperations.FixedTimeEquals(actual, expected);
            needsRehash = ok && !current;
            return ok;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(actual);
        }
    }

    /// <summary>Spends the same time as a real check, so unknown user names cannot be told apart by timing.</summary>
    public void VerifyDummy(string password)
    {
        Span<byte> salt = stackalloc byte[SaltBytes];
        var hash = UsesArgon2 ? DeriveArgon2(password, salt, Argon2Iterations, Argon2MemoryKiB, 1) : Derive(password, salt, Iterations);
        CryptographicOperations.ZeroMemory(hash);
    }

    public static bool TryParse(string stored, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = [];
        hash = [];
        var parts = stored.Split('$');
        if (parts.Length != 5 || parts[0].Length != 0 || parts[1] != Scheme || !parts[2].StartsWith("i=", StringComparison.Ordinal))
        {
            return false;
        }
        if (!int.TryParse(parts[2].AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations < 1)
        {
            return false;
        }
        try
        {
            salt = Convert.FromBase64String(parts[3]);
            hash = Convert.FromBase64String(parts[4]);
        }
        catch (FormatException)
        {
            return false;
        }
        return salt.Length >= 8 && hash.Length == HashBytes;
    }

    public static bool TryParseArgon2(string stored, out int memoryKiB, out int iterations, out int parallelism, out byte[] salt, out byte[] hash)
    {
        memoryKiB = iterations = parallelism = 0;
        salt = [];
        hash = [];
        var parts = stored.Split('$');
        if (parts.Length != 6 || parts[0].Length != 0 || parts[1] != Argon2Scheme || parts[2] != "v=19")
        {
            return false;
        }
        foreach (var pair in parts[3].Split(','))
        {
            var kv = pair.Split('=');
            if (kv.Length != 2 || !int.TryParse(kv[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            {
                return false;
            }
            switch (kv[0])
            {
                case "m": memoryKiB = value; break;
                case "t": iterations = value; break;
                case "p": parallelism = value; break;
                default: return false;
            }
        }
        try
        {
            salt = FromPhc(parts[4]);
            hash = FromPhc(parts[5]);
        }
        catch (FormatException)
        {
            return false;
        }
        return memoryKiB >= 8 && iterations >= 1 && parallelism is >= 1 and <= 64 && memoryKiB <= 4 * 1024 * 1024
            && salt.Length >= 8 && hash.Length >= 16;
    }

    private static byte[] Derive(string password, ReadOnlySpan<byte> salt, int iterations)
    {
        var bytes = Encoding.UTF8.GetBytes(password);
        try
        {
            return Rfc2898DeriveBytes.Pbkdf2(bytes, salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private static byte[] DeriveArgon2(string password, ReadOnlySpan<byte> salt, int iterations, int memoryKiB, int parallelism, int length = HashBytes)
    {
        var bytes = Encoding.UTF8.GetBytes(password);
        try
        {
            return Argon2Native.HashId(bytes, salt, iterations, memoryKiB, parallelism, length);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private static string Phc(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static byte[] FromPhc(string text) => Convert.FromBase64String(text + new string('=', (4 - text.Length % 4) % 4));
}
