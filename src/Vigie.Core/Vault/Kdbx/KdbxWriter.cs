using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Vigie.Core.Vault.Kdbx;

/// <summary>
/// Writes a password-protected KDBX 4 file that KeePass and KeePassXC open: entries with their protected password and
/// custom fields, and their history. Secrets pass only through pinned buffers that are cleared afterwards.
/// </summary>
public static class KdbxWriter
{
    private const uint ChaCha20InnerStream = InnerStream.ChaCha20Id;

    public static void Write(Stream output, KdbxDatabase database, KdbxCredentials credentials, KdbxWriteOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(credentials);
        options ??= new KdbxWriteOptions();
        options.Validate();
        CheckModel(database.Root);

        var masterSeed = RandomNumberGenerator.GetBytes(32);
        var iv = RandomNumberGenerator.GetBytes(PayloadCipher.IvLength(options.Cipher));
        var kdfSeed = RandomNumberGenerator.GetBytes(32);
        var kdf = options.Kdf == KdbxKdf.AesKdf
            ? new KdfParameters(KdbxKdf.AesKdf, kdfSeed, Rounds: options.AesKdfRounds)
            : new KdfParameters(options.Kdf, kdfSeed, Iterations: options.Argon2Iterations, MemoryBytes: options.Argon2MemoryBytes,
                Parallelism: options.Argon2Parallelism, Version: 0x13);
        var header = Header(options, masterSeed, iv, kdf);

        var composite = credentials.CompositeKey();
        byte[] transformed;
        try
        {
            transformed = kdf.Derive(composite, cancellationToken);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(composite);
        }
        using var keys = KdbxKeys.Derive(masterSeed, transformed);
        CryptographicOperations.ZeroMemory(transformed);

        using var payload = new PinnedBuffer(long.MaxValue, "payload too large");
        WritePayload(payload, database, options);
        var ciphertext = options.Compress
            ? EncryptCompressed(payload.Written, options.Cipher, keys.CipherKey, iv)
            : PayloadCipher.Encrypt(options.Cipher, keys.CipherKey, iv, payload.Written);

        var headerKey = HmacBlockStream.BlockKey(ulong.MaxValue, keys.HmacKey);
        output.Write(header);
        output.Write(SHA256.HashData(header));
        output.Write(HMACSHA256.HashData(headerKey, header));
        CryptographicOperations.ZeroMemory(headerKey);
        HmacBlockStream.Write(output, ciphertext, keys.HmacKey);
        output.Flush();
    }

    private static byte[] Header(KdbxWriteOptions options, byte[] masterSeed, byte[] iv, KdfParameters kdf)
    {
        using var header = new MemoryStream();
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(number, KdbxHeader.Signature1);
        header.Write(number);
        BinaryPrimitives.WriteUInt32LittleEndian(number, KdbxHeader.Signature2);
        header.Write(number);
        BinaryPrimitives.WriteUInt16LittleEndian(number, (ushort)options.MinorVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(number[2..], 4);
        header.Write(number);
        Field(header, 2, PayloadCipher.IdOf(options.Cipher));
        BinaryPrimitives.WriteUInt32LittleEndian(number, options.Compress ? 1u : 0u);
        Field(header, 3, number);
        Field(header, 4, masterSeed);
        Field(header, 7, iv);
        Field(header, 11, kdf.ToDictionary().Serialize());
        Field(header, 0, "\r\n\r\n"u8);
        return header.ToArray();
    }

    private static void Field(Stream header, byte id, ReadOnlySpan<byte> value)
    {
        Span<byte> prefix = stackalloc byte[5];
        prefix[0] = id;
        BinaryPrimitives.WriteInt32LittleEndian(prefix[1..], value.Length);
        header.Write(prefix);
        header.Write(value);
    }

    /// <summary>The inner header (ChaCha20 stream id and a fresh 64-byte key), then the XML.</summary>
    private static void WritePayload(PinnedBuffer payload, KdbxDatabase database, KdbxWriteOptions options)
    {
        var streamKey = GC.AllocateArray<byte>(64, pinned: true);
        try
        {
            RandomNumberGenerator.Fill(streamKey);
            Span<byte> id = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(id, ChaCha20InnerStream);
            Field(payload, 1, id);
            Field(payload, 2, streamKey);
            Field(payload, 0, []);
            using var inner = InnerStream.Create(ChaCha20InnerStream, streamKey)!;
            KdbxXmlWriter.Write(payload, database, inner, options.Generator);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(streamKey);
        }
    }

    private static byte[] EncryptCompressed(ReadOnlySpan<byte> payload, KdbxCipher cipher, byte[] key, byte[] iv)
    {
        using var compressed = new PinnedBuffer(long.MaxValue, "payload too large");
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(payload);
        }
        return PayloadCipher.Encrypt(cipher, key, iv, compressed.Written);
    }

    private static readonly HashSet<string> StandardFields = new(StringComparer.Ordinal) { "Title", "UserName", "Password", "URL", "Notes" };

    /// <summary>Refuses what KeePassXC would reject on opening: empty, standard or duplicate custom field names.</summary>
    private static void CheckModel(KdbxGroup group)
    {
        foreach (var entry in group.Entries)
        {
            foreach (var state in entry.History.Prepend(entry))
            {
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var field in state.Fields)
                {
                    if (string.IsNullOrEmpty(field.Name) || StandardFields.Contains(field.Name) || !names.Add(field.Name))
                    {
                        throw new ArgumentException($"Entry {entry.Uuid} has an empty, standard or repeated custom field name.");
                    }
                }
            }
        }
        foreach (var child in group.Groups)
        {
            CheckModel(child);
        }
    }
}
