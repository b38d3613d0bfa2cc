using System.Security.Cryptography;
namespace Vigie.Core.Vault.Imports;

/// <summary>
/// The uploaded file, in pinned memory that <see cref="Dispose"/> clears: a CSV export holds every password in clear.
/// Growing copies the data into a larger pinned array and clears the smaller one, so no copy is left behind.
/// </summary>
internal sealed class ImportBuffer : IDisposable
{
    private const int FirstSize = 64 * 1024;
    private byte[] _data;
    private int _length;

    private ImportBuffer(int size) => _data = GC.AllocateUninitializedArray<byte>(size, pinned: true);

    public int Length => _length;

    public ReadOnlySpan<byte> Span => _data.AsSpan(0, _length);

    /// <summary>Reads the whole stream, or throws 413 <c>file_too_large</c> past <paramref name="maxBytes"/>.</summary>
    public static async Task<ImportBuffer> ReadAsync(Stream input, int maxBytes, CancellationToken ct)
    {
        var buffer = new ImportBuffer(FirstSize);
        try
        {
            while (true)
            {
                if (buffer._length == buffer._data.Length)
                {
                    if (buffer._length > maxBytes)
                    {
                        throw VaultImport.FileTooLarge();
                    }
                    buffer.Grow((int)Math.Min((long)buffer._data.Length * 2, maxBytes + 1L));
                }
                var read = await input.ReadAsync(buffer._data.AsMemory(buffer._length), ct);
                if (read == 0)
                {
                    break;
                }
                buffer._length += read;
            }
            if (buffer._length > maxBytes)
            {
                throw VaultImport.FileTooLarge();
            }
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    public MemoryStream OpenRead() => new(_data, 0, _length, writable: false);

    private void Grow(int size)
    {
        var larger = GC.AllocateUninitializedArray<byte>(size, pinned: true);
        _data.AsSpan(0, _length).CopyTo(larger);
        CryptographicOperations.ZeroMemory(_data);
        _data = larger;
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_data);
}
