namespace Vigie.Core.Inventory.Snmp;

/// <summary>
/// Writes BER (definite lengths, minimal encodings) into a growing buffer. Constructed values are opened with
/// <see cref="BeginConstructed"/> and closed with <see cref="EndConstructed"/>, which inserts the length once the
/// content size is known.
/// </summary>
internal sealed class BerWriter
{
    private readonly Stack<int> _openContents = new();
    private byte[] _buffer = new byte[256];
    private int _length;

    public int Length => _length;

    public void BeginConstructed(byte tag)
    {
        WriteByte(tag);
        _openContents.Push(_length);
    }

    public void EndConstructed()
    {
        if (_openContents.Count == 0)
        {
            throw new InvalidOperationException("No constructed value is open.");
        }
        var start = _openContents.Pop();
        var contentLength = _length - start;
        Span<byte> header = stackalloc byte[5];
        var headerLength = EncodeLength(contentLength, header);
        EnsureCapacity(headerLength);
        _buffer.AsSpan(start, contentLength).CopyTo(_buffer.AsSpan(start + headerLength));
        header[..headerLength].CopyTo(_buffer.AsSpan(start));
        _length += headerLength;
    }

    public void WriteInteger(long value, byte tag = BerTag.Integer)
    {
        Span<byte> content = stackalloc byte[8];
        // Drop leading bytes that only repeat the sign of the next one (X.690 8.3.2: minimal encoding).
        var start = 0;
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(content, value);
        while (start < 7
            && ((content[start] == 0x00 && (content[start + 1] & 0x80) == 0)
                || (content[start] == 0xFF && (content[start + 1] & 0x80) != 0)))
        {
            start++;
        }
        WritePrimitive(tag, content[start..]);
    }

    /// <summary>Counter32, Gauge32, TimeTicks, Counter64: unsigned, so a leading 0x00 when the top bit is set.</summary>
    public void WriteUnsigned(ulong value, byte tag)
    {
        Span<byte> content = stackalloc byte[9];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(content[1..], value);
        var start = 1;
        while (start < 8 && content[start] == 0)
        {
            start++;
        }
        if ((content[start] & 0x80) != 0)
        {
            start--;
        }
        WritePrimitive(tag, content[start..]);
    }

    public void WriteOctetString(ReadOnlySpan<byte> value, byte tag = BerTag.OctetString) => WritePrimitive(tag, value);

    public void WriteNull(byte tag = BerTag.Null) => WritePrimitive(tag, []);

    public void WriteOid(Oid oid)
    {
        var arcs = oid.Arcs;
        if (arcs.Length < 2)
        {
            throw new ArgumentException("An OID to encode has at least two arcs.", nameof(oid));
        }
        var content = new byte[5 * arcs.Length];
        var count = WriteSubIdentifier(content, 0, (ulong)arcs[0] * 40 + arcs[1]);
        for (var i = 2; i < arcs.Length; i++)
        {
            count = WriteSubIdentifier(content, count, arcs[i]);
        }
        WritePrimitive(BerTag.ObjectIdentifier, content.AsSpan(0, count));
    }

    /// <summary>Copies an already encoded TLV (the scoped PDU inside a v3 message).</summary>
    public void WriteEncoded(ReadOnlySpan<byte> tlv)
    {
        EnsureCapacity(tlv.Length);
        tlv.CopyTo(_buffer.AsSpan(_length));
        _length += tlv.Length;
    }

    public byte[] ToArray()
    {
        if (_openContents.Count != 0)
        {
            throw new InvalidOperationException("A constructed value is still open.");
        }
        return _buffer.AsSpan(0, _length).ToArray();
    }

    internal static int EncodeLength(int length, Span<byte> destination)
    {
        if (length < 0x80)
        {
            destination[0] = (byte)length;
            return 1;
        }
        var octets = length > 0xFFFFFF ? 4 : length > 0xFFFF ? 3 : length > 0xFF ? 2 : 1;
        destination[0] = (byte)(0x80 | octets);
        for (var i = 0; i < octets; i++)
        {
            destination[octets - i] = (byte)(length >> (8 * i));
        }
        return octets + 1;
    }

    private static int WriteSubIdentifier(byte[] destination, int offset, ulong value)
    {
        var groups = 1;
        for (var rest = value >> 7; rest != 0; rest >>= 7)
        {
            groups++;
        }
        for (var i = groups - 1; i >= 0; i--)
        {
            var group = (byte)((value >> (7 * i)) & 0x7F);
            destination[offset++] = i == 0 ? group : (byte)(group | 0x80);
        }
        return offset;
    }

    private void WritePrimitive(byte tag, ReadOnlySpan<byte> content)
    {
        Span<byte> header = stackalloc byte[6];
        header[0] = tag;
        var headerLength = 1 + EncodeLength(content.Length, header[1..]);
        EnsureCapacity(headerLength + content.Length);
        header[..headerLength].CopyTo(_buffer.AsSpan(_length));
        content.CopyTo(_buffer.AsSpan(_length + headerLength));
        _length += headerLength + content.Length;
    }

    private void WriteByte(byte value)
    {
        EnsureCapacity(1);
        _buffer[_length++] = value;
    }

    private void EnsureCapacity(int extra)
    {
        if (_length + extra <= _buffer.Length)
        {
            return;
        }
        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + extra));
    }
}
