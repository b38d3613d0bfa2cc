using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Vigie.Core.Vault.Backup;

/// <summary>The 100-byte clear header of an export file (see <see cref="ExportFormat"/>).</summary>
internal sealed class ExportHeader
{
    public const int Length = 100;
    private const int MacOffset = 68;
    private static readonly byte[] MagicBytes = Encoding.ASCII.GetBytes(ExportFormat.Magic);
    private readonly byte[] _bytes;

    private ExportHeader(byte[] bytes)
    {
        _bytes = bytes;
        Iterations = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(20));
        ChunkSize = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(56));
    }

    public int Iterations { get; }

    public int ChunkSize { get; }

    public ReadOnlySpan<byte> Salt => _bytes.AsSpan(24, ExportFormat.SaltBytes);

    public ReadOnlySpan<byte> NoncePrefix => _bytes.AsSpan(60, ExportFormat.NoncePrefixBytes);

    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>SHA-256 of the whole header: the first part of every frame's associated data.</summary>
    public byte[] Hash() => SHA256.HashData(_bytes);

    /// <summary>A new header with a random salt and nonce prefix; <see cref="Seal"/> it once the keys are derived.</summary>
    public static ExportHeader Create(int iterations, int chunkSize)
    {
        if (iterations is < ExportFormat.MinIterations or > ExportFormat.MaxIterations)
        {
            throw new ArgumentOutOfRangeException(nameof(iterations));
        }
        if (chunkSize is < ExportFormat.MinChunkSize or > ExportFormat.MaxChunkSize)
        {
            throw new ArgumentOutOfRangeException(nameof(chunkSize));
        }
        var bytes = new byte[Length];
        MagicBytes.CopyTo(bytes, 0);
        bytes[18] = ExportFormat.Version;
        bytes[19] = ExportFormat.Pbkdf2Sha256;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(20), (uint)iterations);
        RandomNumberGenerator.Fill(bytes.AsSpan(24, ExportFormat.SaltBytes));
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(56), (uint)chunkSize);
        RandomNumberGenerator.Fill(bytes.AsSpan(60, ExportFormat.NoncePrefixBytes));
        return new ExportHeader(bytes);
    }

    public void Seal(ExportKeys keys) => Mac(keys, _bytes.AsSpan(MacOffset));

    /// <exception cref="Common.ProblemException">400 <c>wrong_passphrase_or_corrupted</c>.</exception>
    public void Verify(ExportKeys keys)
    {
        Span<byte> expected = stackalloc byte[32];
        Mac(keys, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, _bytes.AsSpan(MacOffset)))
        {
            throw ExportProblems.WrongPassphrase();
        }
    }

    /// <summary>Reads and checks the header (not its MAC: that needs the passphrase).</summary>
    public static async Task<ExportHeader> ReadAsync(Stream input, CancellationToken ct)
    {
        var bytes = new byte[Length];
        var read = await input.ReadAtLeastAsync(bytes, Length, throwOnEndOfStream: false, ct);
        return Parse(bytes, read);
    }

    internal static ExportHeader Parse(byte[] bytes, int read)
    {
        var magic = Math.Min(read, MagicBytes.Length);
        if (!bytes.AsSpan(0, magic).SequenceEqual(MagicBytes.AsSpan(0, magic)) || read == 0)
        {
            throw read == 0 ? ExportProblems.Truncated("The file is empty.") : ExportProblems.NotAnExport();
        }
        if (read < Length)
        {
            throw ExportProblems.Truncated($"It ends inside its {Length}-byte header, after {read} bytes.");
        }
        if (bytes[18] != ExportFormat.Version)
        {
            throw ExportProblems.Unsupported($"Format version {bytes[18]}; this server reads version {ExportFormat.Version}.");
        }
        if (bytes[19] != ExportFormat.Pbkdf2Sha256)
        {
            throw ExportProblems.Unsupported($"Unknown key derivation {bytes[19]}.");
        }
        var header = new ExportHeader(bytes);
        if (header.Iterations is < ExportFormat.MinIterations or > ExportFormat.MaxIterations)
        {
            throw ExportProblems.Unsupported(
                $"{header.Iterations} key-derivation iterations, outside {ExportFormat.MinIterations} to {ExportFormat.MaxIterations}.");
        }
        if (header.ChunkSize is < ExportFormat.MinChunkSize or > ExportFormat.MaxChunkSize)
        {
            throw ExportProblems.Unsupported($"Chunk size {header.ChunkSize}, outside {ExportFormat.MinChunkSize} to {ExportFormat.MaxChunkSize}.");
        }
        return header;
    }

    private void Mac(ExportKeys keys, Span<byte> destination) => HMACSHA256.HashData(keys.HeaderKey, _bytes.AsSpan(0, MacOffset), destination);
}
