using System.Buffers.Binary;
using System.Text;

namespace Vigie.Core.Vault.Kdbx;

/// <summary>
/// KDBX 4's typed key/value list (KDF parameters, public custom data): <c>u16 version 0x0100</c>, then items
/// <c>u8 type, i32 keyLength, key, i32 valueLength, value</c>, ended by a type byte 0.
/// </summary>
internal sealed class VariantDictionary
{
    public const byte UInt32 = 0x04;
    public const byte UInt64 = 0x05;
    public const byte Bool = 0x08;
    public const byte Int32 = 0x0C;
    public const byte Int64 = 0x0D;
    public const byte String = 0x18;
    public const byte Bytes = 0x42;

    private readonly Dictionary<string, (byte Type, byte[] Value)> _items = new(StringComparer.Ordinal);

    public bool Contains(string key) => _items.ContainsKey(key);

    public byte[]? GetBytes(string key) =>
        _items.TryGetValue(key, out var item) && item.Type == Bytes ? item.Value : null;

    public uint? GetUInt32(string key) =>
        _items.TryGetValue(key, out var item) && item.Type == UInt32 && item.Value.Length == 4
            ? BinaryPrimitives.ReadUInt32LittleEndian(item.Value)
            : null;

    public ulong? GetUInt64(string key) =>
        _items.TryGetValue(key, out var item) && item.Type == UInt64 && item.Value.Length == 8
            ? BinaryPrimitives.ReadUInt64LittleEndian(item.Value)
            : null;

    public void SetBytes(string key, ReadOnlySpan<byte> value) => _items[key] = (Bytes, value.ToArray());

    public void SetUInt32(string key, uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        _items[key] = (UInt32, bytes);
    }

    public void SetUInt64(string key, ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        _items[key] = (UInt64, bytes);
    }

    public static VariantDictionary Parse(ReadOnlySpan<byte> data)
    {
        static KdbxFormatException Bad() => KdbxFormatException.Corrupted("corrupted header (KDF parameters)");
        if (data.Length < 3 || (BinaryPrimitives.ReadUInt16LittleEndian(data) & 0xFF00) != 0x0100)
        {
            throw Bad();
        }
        var dictionary = new VariantDictionary();
        var rest = data[2..];
        while (true)
        {
            if (rest.IsEmpty)
            {
                throw Bad();
            }
            var type = rest[0];
            if (type == 0)
            {
                return dictionary;
            }
            rest = rest[1..];
            if (!TryReadSized(ref rest, out var key) || !TryReadSized(ref rest, out var value))
            {
                throw Bad();
            }
            dictionary._items[Encoding.UTF8.GetString(key)] = (type, value.ToArray());
        }
    }

    public byte[] Serialize()
    {
        using var buffer = new MemoryStream();
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(number, 0x0100);
        buffer.Write(number[..2]);
        foreach (var (key, (type, value)) in _items)
        {
            buffer.WriteByte(type);
            var keyBytes = Encoding.UTF8.GetBytes(key);
            BinaryPrimitives.WriteInt32LittleEndian(number, keyBytes.Length);
            buffer.Write(number);
            buffer.Write(keyBytes);
            BinaryPrimitives.WriteInt32LittleEndian(number, value.Length);
            buffer.Write(number);
            buffer.Write(value);
        }
        buffer.WriteByte(0);
        return buffer.ToArray();
    }

    private static bool TryReadSized(ref ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (rest.Length < 4)
        {
            return false;
        }
        var length = BinaryPrimitives.ReadInt32LittleEndian(rest);
        if (length < 0 || length > rest.Length - 4)
        {
            return false;
        }
        value = rest.Slice(4, length);
        rest = rest[(4 + length)..];
        return true;
    }
}
