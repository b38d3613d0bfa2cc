using System.Security.Cryptography;

namespace Vigie.Core.Vault.Backup;

/// <summary>The two keys of an export, derived from its passphrase and header; zeroed when disposed.</summary>
internal sealed class ExportKeys : IDisposable
{
    private static readonly byte[] ChunkInfo = "vigie-vault-export/v1/chunk-key"u8.ToArray();
    private static readonly byte[] HeaderInfo = "vigie-vault-export/v1/header-key"u8.ToArray();

    private ExportKeys(byte[] chunkKey, byte[] headerKey)
    {
        ChunkKey = chunkKey;
        HeaderKey = headerKey;
    }

    public byte[] ChunkKey { get; }

    public byte[] HeaderKey { get; }

    public static ExportKeys Derive(ReadOnlySpan<byte> passphrase, ReadOnlySpan<byte> salt, int iterations)
    {
        var master = Rfc2898DeriveBytes.Pbkdf2(passphrase, salt, iterations, HashAlgorithmName.SHA256, 32);
        try
        {
            return FromMaster(master);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(master);
        }
    }

    /// <summary>Keys from an already derived master key (the unit tests skip the slow derivation).</summary>
    internal static ExportKeys FromMaster(byte[] master) =>
        new(HKDF.Expand(HashAlgorithmName.SHA256, master, 32, ChunkInfo), HKDF.Expand(HashAlgorithmName.SHA256, master, 32, HeaderInfo));

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(ChunkKey);
        CryptographicOperations.ZeroMemory(HeaderKey);
    }
}
