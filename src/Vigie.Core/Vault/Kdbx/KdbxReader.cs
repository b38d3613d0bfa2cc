using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Vigie.Core.Vault.Kdbx;

/// <summary>
/// Reads KeePass databases: KDBX 4.0/4.1 (AES-KDF, Argon2d, Argon2id; AES-256-CBC or ChaCha20; ChaCha20 inner
/// stream) and KDBX 3.1 (AES-KDF, Salsa20 inner stream), which KeePassXC 2.7 still writes for AES-KDF databases.
/// Password-only databases. Either the whole database is returned or a <see cref="KdbxFormatException"/> is thrown:
/// never a partial result.
/// </summary>
public static class KdbxReader
{
    public static KdbxDatabase Read(Stream input, KdbxCredentials credentials, KdbxReadLimits? limits = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(credentials);
        limits ??= KdbxReadLimits.Default;
        var counted = new CountingStream(input, limits.MaxFileBytes);
        var header = KdbxHeader.Read(counted);
        var cipher = PayloadCipher.Identify(header.CipherId);
        var storedMac = header.Major >= 4 ? ReadHeaderChecksum(counted, header) : null;
        header.Kdf!.CheckLimits(limits);
        var composite = credentials.CompositeKey();
        byte[] transformed;
        try
        {
            transformed = header.Kdf.Derive(composite, cancellationToken);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(composite);
        }
        using var keys = KdbxKeys.Derive(header.MasterSeed, transformed);
        CryptographicOperations.ZeroMemory(transformed);
        return storedMac is not null
            ? ReadKdbx4(counted, header, storedMac, cipher, keys, limits)
            : ReadKdbx3(counted, header, cipher, keys, limits);
    }

    /// <summary>
    /// KDBX 4 follows the header with its SHA-256, then its HMAC. The checksum is checked before the costly key
    /// derivation, and tells a damaged header apart from a wrong password, which only the HMAC reveals.
    /// </summary>
    private static byte[] ReadHeaderChecksum(Stream input, KdbxHeader header)
    {
        var stored = new byte[64];
        if (input.ReadAtLeast(stored, 64, throwOnEndOfStream: false) < 64)
        {
            throw KdbxFormatException.Corrupted("file is truncated (header)");
        }
        if (!CryptographicOperations.FixedTimeEquals(stored.AsSpan(0, 32), SHA256.HashData(header.Raw)))
        {
            throw KdbxFormatException.Corrupted("corrupted header (checksum mismatch)");
        }
        return stored[32..];
    }

    private static KdbxDatabase ReadKdbx4(Stream input, KdbxHeader header, byte[] storedMac, KdbxCipher cipher, KdbxKeys keys, KdbxReadLimits limits)
    {
        var headerKey = HmacBlockStream.BlockKey(ulong.MaxValue, keys.HmacKey);
        var headerMac = HMACSHA256.HashData(headerKey, header.Raw);
        CryptographicOperations.ZeroMemory(headerKey);
        if (!CryptographicOperations.FixedTimeEquals(storedMac, headerMac))
        {
            throw KdbxFormatException.WrongPassword();
        }
        var ciphertext = HmacBlockStream.Read(input, keys.HmacKey, limits.MaxFileBytes);
        var length = PayloadCipher.Decrypt(cipher, keys.CipherKey, header.EncryptionIv, ciphertext, out var plaintext,
            () => KdbxFormatException.Corrupted("corrupted payload (bad padding)"));
        try
        {
            using var payload = Decompress(new MemoryStream(plaintext, 0, length, writable: false), header.Compressed, limits);
            var (streamId, streamKey, xmlOffset) = ReadInnerHeader(payload.Written);
            using var inner = InnerStream.Create(streamId, streamKey);
            CryptographicOperations.ZeroMemory(streamKey);
            using var xml = payload.OpenRead(xmlOffset);
            return KdbxXmlReader.Read(xml, inner, limits).Database;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private static KdbxDatabase ReadKdbx3(Stream input, KdbxHeader header, KdbxCipher cipher, KdbxKeys keys, KdbxReadLimits limits)
    {
        var ciphertext = new MemoryStream();
        input.CopyTo(ciphertext);
        var length = PayloadCipher.Decrypt(cipher, keys.CipherKey, header.EncryptionIv, ciphertext.GetBuffer().AsSpan(0, (int)ciphertext.Length),
            out var plaintext, KdbxFormatException.WrongPassword);
        try
        {
            // KDBX 3.1 has no header HMAC: the first 32 plaintext bytes repeat a header field, which tells a wrong key.
            if (length < 32 || !CryptographicOperations.FixedTimeEquals(plaintext.AsSpan(0, 32), header.StreamStartBytes))
            {
                throw KdbxFormatException.WrongPassword();
            }
            using var framed = new PinnedBuffer(limits.MaxPayloadBytes, PayloadLimit(limits));
            HashedBlockStream.Read(plaintext.AsSpan(32, length - 32), framed);
            using var payload = Decompress(framed.OpenRead(), header.Compressed, limits);
            using var inner = InnerStream.Create(header.InnerStreamId!.Value, header.ProtectedStreamKey);
            using var xml = payload.OpenRead();
            var (database, headerHash) = KdbxXmlReader.Read(xml, inner, limits);
            if (headerHash is not null && !CryptographicOperations.FixedTimeEquals(headerHash, SHA256.HashData(header.Raw)))
            {
                database.Dispose();
                throw KdbxFormatException.Corrupted("corrupted header (hash mismatch)");
            }
            return database;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private static PinnedBuffer Decompress(Stream data, bool compressed, KdbxReadLimits limits)
    {
        var output = new PinnedBuffer(limits.MaxPayloadBytes, PayloadLimit(limits));
        try
        {
            if (compressed)
            {
                using var gzip = new GZipStream(data, CompressionMode.Decompress);
                gzip.CopyTo(output);
            }
            else
            {
                data.CopyTo(output);
            }
            return output;
        }
        catch (InvalidDataException)
        {
            output.Dispose();
            throw KdbxFormatException.Corrupted("corrupted payload (bad compression)");
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }

    /// <summary>KDBX 4's inner header: <c>u8 id, u32 length, value</c> fields (stream id, stream key, attachments) up to id 0.</summary>
    private static (uint StreamId, byte[] StreamKey, int XmlOffset) ReadInnerHeader(ReadOnlySpan<byte> payload)
    {
        uint? streamId = null;
        byte[]? streamKey = null;
        var offset = 0;
        while (true)
        {
            if (payload.Length - offset < 5)
            {
                throw KdbxFormatException.Corrupted("corrupted payload (inner header)");
            }
            var id = payload[offset];
            var length = BinaryPrimitives.ReadInt32LittleEndian(payload[(offset + 1)..]);
            if (length < 0 || length > payload.Length - offset - 5)
            {
                throw KdbxFormatException.Corrupted("corrupted payload (inner header)");
            }
            var value = payload.Slice(offset + 5, length);
            offset += 5 + length;
            switch (id)
            {
                case 0:
                    if (streamId is null || streamKey is null)
                    {
                        throw KdbxFormatException.Corrupted("corrupted payload (inner header without a stream key)");
                    }
                    return (streamId.Value, streamKey, offset);
                case 1 when length == 4:
                    streamId = BinaryPrimitives.ReadUInt32LittleEndian(value);
                    break;
                case 2:
                    streamKey = value.ToArray();
                    break;
                default:
                    // Attachments (3) are not imported.
                    break;
            }
        }
    }

    private static string PayloadLimit(KdbxReadLimits limits) =>
        $"the decompressed database is larger than the {limits.MaxPayloadBytes / (1024 * 1024)} MiB accepted";
}
