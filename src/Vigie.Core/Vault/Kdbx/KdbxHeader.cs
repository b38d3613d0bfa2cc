using System.Buffers.Binary;

namespace Vigie.Core.Vault.Kdbx;

/// <summary>
/// The outer (plaintext) header of a KDBX 3.1 or 4.x file: signature, version and <c>id, length, value</c> fields up to
/// the end-of-header field. <see cref="Raw"/> keeps the exact bytes, which the file's checksum and HMAC cover.
/// </summary>
internal sealed class KdbxHeader
{
    public const uint Signature1 = 0x9AA2D903;
    public const uint Signature2 = 0xB54BFB67;
    private const uint KeePass1Signature2 = 0xB54BFB65;
    private const uint PreReleaseSignature2 = 0xB54BFB66;
    private const int MaxHeaderBytes = 1 << 20;

    public ushort Major { get; private set; }
    public ushort Minor { get; private set; }
    public byte[] CipherId { get; private set; } = [];
    public bool Compressed { get; private set; }
    public byte[] MasterSeed { get; private set; } = [];
    public byte[] EncryptionIv { get; private set; } = [];
    public KdfParameters? Kdf { get; private set; }
    public byte[] Raw { get; private set; } = [];

    // KDBX 3.1 only: these moved to the KDF parameters and the inner header in KDBX 4.
    public byte[]? TransformSeed { get; private set; }
    public ulong? TransformRounds { get; private set; }
    public byte[]? ProtectedStreamKey { get; private set; }
    public byte[]? StreamStartBytes { get; private set; }
    public uint? InnerStreamId { get; private set; }

    public static KdbxHeader Read(Stream input)
    {
        var raw = new MemoryStream();
        var start = ReadExactly(input, raw, 12, allowShort: true);
        if (start.Length < 12 || BinaryPrimitives.ReadUInt32LittleEndian(start) != Signature1)
        {
            throw new KdbxFormatException(KdbxError.NotKeePass, "not a KeePass file");
        }
        var signature2 = BinaryPrimitives.ReadUInt32LittleEndian(start.AsSpan(4));
        if (signature2 == KeePass1Signature2)
        {
            throw new KdbxFormatException(KdbxError.UnsupportedVersion, "unsupported KeePass 1 database (.kdb); only KDBX 3.1 and 4 are read");
        }
        if (signature2 == PreReleaseSignature2)
        {
            throw new KdbxFormatException(KdbxError.UnsupportedVersion, "unsupported pre-release KeePass 2 file; only KDBX 3.1 and 4 are read");
        }
        if (signature2 != Signature2)
        {
            throw new KdbxFormatException(KdbxError.NotKeePass, "not a KeePass file");
        }
        var header = new KdbxHeader
        {
            Minor = BinaryPrimitives.ReadUInt16LittleEndian(start.AsSpan(8)),
            Major = BinaryPrimitives.ReadUInt16LittleEndian(start.AsSpan(10)),
        };
        if (header.Major is not (3 or 4))
        {
            throw new KdbxFormatException(KdbxError.UnsupportedVersion,
                $"unsupported KDBX version {header.Major}.{header.Minor} (only KDBX 3.1 and 4 are read)");
        }
        header.ReadFields(input, raw);
        header.Raw = raw.ToArray();
        header.Validate();
        return header;
    }

    private void ReadFields(Stream input, MemoryStream raw)
    {
        var sizeBytes = Major >= 4 ? 4 : 2;
        while (true)
        {
            var prefix = ReadExactly(input, raw, 1 + sizeBytes);
            var length = sizeBytes == 4 ? BinaryPrimitives.ReadInt32LittleEndian(prefix.AsSpan(1)) : BinaryPrimitives.ReadUInt16LittleEndian(prefix.AsSpan(1));
            if (length < 0 || raw.Length + length > MaxHeaderBytes)
            {
                throw KdbxFormatException.Corrupted("corrupted header (field too long)");
            }
            var value = ReadExactly(input, raw, length);
            switch (prefix[0])
            {
                case 0:
                    return;
                case 2:
                    CipherId = value;
                    break;
                case 3:
                    Compressed = value.Length == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(value) switch
                    {
                        0 => false,
                        1 => true,
                        _ => throw new KdbxFormatException(KdbxError.Unsupported, "unsupported compression"),
                    } : throw KdbxFormatException.Corrupted("corrupted header (compression)");
                    break;
                case 4:
                    MasterSeed = value;
                    break;
                case 5:
                    TransformSeed = value;
                    break;
                case 6:
                    TransformRounds = value.Length == 8 ? BinaryPrimitives.ReadUInt64LittleEndian(value) : throw KdbxFormatException.Corrupted("corrupted header (rounds)");
                    break;
                case 7:
                    EncryptionIv = value;
                    break;
                case 8:
                    ProtectedStreamKey = value;
                    break;
                case 9:
                    StreamStartBytes = value;
                    break;
                case 10:
                    InnerStreamId = value.Length == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(value) : throw KdbxFormatException.Corrupted("corrupted header (inner stream)");
                    break;
                case 11 when Major >= 4:
                    Kdf = KdfParameters.Parse(VariantDictionary.Parse(value));
                    break;
                default:
                    // Comments (1), public custom data (12) and unknown fields carry nothing this reader needs.
                    break;
            }
        }
    }

    private void Validate()
    {
        if (CipherId.Length != 16 || MasterSeed.Length != 32)
        {
            throw KdbxFormatException.Corrupted("corrupted header (cipher or master seed)");
        }
        if (Major >= 4)
        {
            if (Kdf is null)
            {
                throw KdbxFormatException.Corrupted("corrupted header (no KDF parameters)");
            }
            return;
        }
        if (TransformSeed is not { Length: 32 } || TransformRounds is null || ProtectedStreamKey is null
            || StreamStartBytes is not { Length: 32 } || InnerStreamId is null)
        {
            throw KdbxFormatException.Corrupted("corrupted header (KDBX 3 fields missing)");
        }
        Kdf = new KdfParameters(KdbxKdf.AesKdf, TransformSeed, Rounds: TransformRounds.Value);
    }

    private static byte[] ReadExactly(Stream input, MemoryStream raw, int count, bool allowShort = false)
    {
        var buffer = new byte[count];
        var read = input.ReadAtLeast(buffer, count, throwOnEndOfStream: false);
        if (read < count)
        {
            if (allowShort)
            {
                return buffer[..read];
            }
            throw KdbxFormatException.Corrupted("file is truncated (header)");
        }
        raw.Write(buffer);
        return buffer;
    }
}
