namespace Vigie.Core.Vault.Kdbx;

/// <summary>The outer cipher of a KDBX file.</summary>
public enum KdbxCipher
{
    Aes256Cbc,
    ChaCha20,
}
