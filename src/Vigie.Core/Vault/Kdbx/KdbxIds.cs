namespace Vigie.Core.Vault.Kdbx;

/// <summary>The 16-byte identifiers a KDBX header uses for ciphers and KDFs, in file byte order.</summary>
internal static class KdbxIds
{
    public static readonly byte[] Aes256Cipher = Convert.FromHexString("31C1F2E6BF714350BE5805216AFC5AFF");
    public static readonly byte[] ChaCha20Cipher = Convert.FromHexString("D6038A2B8B6F4CB5A524339A31DBB59A");
    public static readonly byte[] TwofishCipher = Convert.FromHexString("AD68F29F576F4BB9A36AD47AF965346C");

    /// <summary>The AES-KDF id KeePass defined; KeePassXC writes it too, for compatibility.</summary>
    public static readonly byte[] AesKdf = Convert.FromHexString("C9D9F39A628A4460BF740D08C18A4FEA");

    /// <summary>KeePassXC's own AES-KDF id, read but never written.</summary>
    public static readonly byte[] AesKdfKeePassXc = Convert.FromHexString("7C02BB8279A74AC0927D114A00648238");
    public static readonly byte[] Argon2d = Convert.FromHexString("EF636DDF8C29444B91F7A9A403E30A0C");
    public static readonly byte[] Argon2id = Convert.FromHexString("9E298B1956DB4773B23DFC3EC6F0A1E6");
}
