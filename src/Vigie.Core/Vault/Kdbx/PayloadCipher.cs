using System.Security.Cryptography;

namespace Vigie.Core.Vault.Kdbx;

/// <summary>The outer cipher over the whole payload: AES-256-CBC with PKCS#7 padding, or the ChaCha20 keystream (counter 0).</summary>
internal static class PayloadCipher
{
    public static KdbxCipher Identify(ReadOnlySpan<byte> cipherId) =>
        cipherId.SequenceEqual(KdbxIds.Aes256Cipher) ? KdbxCipher.Aes256Cbc
        : cipherId.SequenceEqual(KdbxIds.ChaCha20Cipher) ? KdbxCipher.ChaCha20
        : cipherId.SequenceEqual(KdbxIds.TwofishCipher) ? throw new KdbxFormatException(KdbxError.Unsupported, "unsupported cipher Twofish (re-save the database with AES-256 or ChaCha20)")
        : throw new KdbxFormatException(KdbxError.Unsupported, "unsupported cipher");

    public static byte[] IdOf(KdbxCipher cipher) => cipher == KdbxCipher.ChaCha20 ? KdbxIds.ChaCha20Cipher : KdbxIds.Aes256Cipher;

    public static int IvLength(KdbxCipher cipher) => cipher == KdbxCipher.ChaCha20 ? 12 : 16;

    public static byte[] Encrypt(KdbxCipher cipher, ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plaintext)
    {
        if (cipher == KdbxCipher.ChaCha20)
        {
            var output = new byte[plaintext.Length];
            using var chacha = new ChaCha20(key, iv, 0);
            chacha.Xor(plaintext, output);
            return output;
        }
        using var aes = Aes.Create();
        aes.Key = key.ToArray();
        return aes.EncryptCbc(plaintext, iv, PaddingMode.PKCS7);
    }

    /// <summary>
    /// Decrypts into a pinned buffer that the caller clears; returns the plaintext length. Bad padding is reported as
    /// <paramref name="onBadPadding"/>: a wrong key in KDBX 3.1, a damaged file in KDBX 4 (whose key was already checked).
    /// </summary>
    public static int Decrypt(KdbxCipher cipher, ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext,
        out byte[] plaintext, Func<KdbxFormatException> onBadPadding)
    {
        if (iv.Length != IvLength(cipher))
        {
            throw KdbxFormatException.Corrupted("corrupted header (encryption IV)");
        }
        plaintext = GC.AllocateArray<byte>(ciphertext.Length, pinned: true);
        if (cipher == KdbxCipher.ChaCha20)
        {
            using var chacha = new ChaCha20(key, iv, 0);
            chacha.Xor(ciphertext, plaintext);
            return ciphertext.Length;
        }
        if (ciphertext.Length == 0 || ciphertext.Length % 16 != 0)
        {
            throw KdbxFormatException.Corrupted("corrupted payload (not a whole number of AES blocks)");
        }
        using var aes = Aes.Create();
        aes.Key = key.ToArray();
        try
        {
            return aes.DecryptCbc(ciphertext, iv, plaintext, PaddingMode.PKCS7);
        }
        catch (CryptographicException)
        {
            CryptographicOperations.ZeroMemory(plaintext);
            throw onBadPadding();
        }
    }
}
