namespace Vigie.Core.Inventory.Snmp;

/// <summary>
/// Reads BER from a span, checking every length against what is left so that a truncated or hostile packet
/// ends in <see cref="SnmpException"/>. <see cref="Offset"/> counts from the start of the whole message, which
/// lets the v3 code find the authentication parameters it must zero before checking the MAC.
/// </summary>
internal ref struct BerReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly int _baseOffset;
    private int _position;

    public BerReader(ReadOnlySpan<byte> data, int baseOffset = 0)
    {
        _data = data;
        _baseOffset = baseOffset;
        _position = 0;
    }

    public readonly bool HasData => _position < _data.Length;

    /// <summary>Offset of the next byte from the start of the outermost buffer.</summary>
    public readonly int Offset => _baseOffset + _position;

    public readonly byte PeekTag()
    {
        if (!HasData)
        {
            throw Malformed("expected a value, found the end of the data");
        }
        return _data[_position];
    }

    /// <summary>Reads one tag-length-value and returns its content; <paramref name="contentOffset"/> is absolute.</summary>
    public ReadOnlySpan<byte> ReadTlv(out byte tag, out int contentOffset)
    {
        tag = PeekTag();
        if ((tag & 0x1F) == 0x1F)
        {
            throw Malformed($"multi-byte tag 0x{tag:x2} is not used by SNMP");
        }
        var position = _position + 1;
        if (position >= _data.Length)
        {
            throw Malformed("truncated before a length");
        }
        int length = _data[position++];
        if (length == 0x80)
        {
            throw Malformed("indefinite length is not allowed");
        }
        if (length > 0x80)
        {
            var octets = length & 0x7F;
            if (octets > 4)
            {
                throw Malformed($"length of {octets} octets");
            }
            if (position + octets > _data.Length)
            {
                throw Malformed("truncated inside a length");
            }
            long value = 0;
            for (var i = 0; i < octets; i++)
            {
                value = (value << 8) | _data[position++];
            }
            if (value > int.MaxValue)
            {
                throw Malformed("length too large");
            }
            length = (int)value;
        }
        if (length > _data.Length - position)
        {
            throw Malformed($"a length of {length} runs past the end of the data ({_data.Length - position} bytes left)");
        }
        contentOffset = _baseOffset + position;
        _position = position + length;
        return _data.Slice(position, length);
    }

    public ReadOnlySpan<byte> ReadTlv(out byte tag) => ReadTlv(out tag, out _);

    public ReadOnlySpan<byte> ReadExpected(byte expectedTag, string what)
    {
        var content = ReadTlv(out var tag, out _);
        return tag == expectedTag ? content : throw Malformed($"{what}: expected tag 0x{expectedTag:x2}, found 0x{tag:x2}");
    }

    /// <summary>Enters a constructed value (SEQUENCE or PDU) with the given tag.</summary>
    public BerReader ReadConstructed(byte expectedTag, string what)
    {
        var content = ReadTlv(out var tag, out var contentOffset);
        if (tag != expectedTag)
        {
            throw Malformed($"{what}: expected tag 0x{expectedTag:x2}, found 0x{tag:x2}");
        }
        return new BerReader(content, contentOffset);
    }

    public BerReader ReadSequence(string what) => ReadConstructed(BerTag.Sequence, what);

    public int ReadInt32(string what)
    {
        var value = DecodeSigned(ReadExpected(BerTag.Integer, what), what);
        return value is >= int.MinValue and <= int.MaxValue ? (int)value : throw Malformed($"{what} {value} is outside 32 bits");
    }

    public ReadOnlySpan<byte> ReadOctetString(string what) => ReadExpected(BerTag.OctetString, what);

    public void ReadEnd(string what)
    {
        if (HasData)
        {
            throw Malformed($"unexpected bytes after {what}");
        }
    }

    public static long DecodeSigned(ReadOnlySpan<byte> content, string what)
    {
        if (content.IsEmpty || content.Length > 8)
        {
            throw Malformed($"{what}: an INTEGER of {content.Length} octets");
        }
        long value = (sbyte)content[0];
        for (var i = 1; i < content.Length; i++)
        {
            value = (value << 8) | content[i];
        }
        return value;
    }

    /// <summary>
    /// Unsigned application types. Leading zero octets are skipped, and a 4-octet Counter32 with its top bit set is
    /// read as unsigned: some agents forget the sign octet.
    /// </summary>
    public static ulong DecodeUnsigned(ReadOnlySpan<byte> content, int maxOctets, string what)
    {
        if (content.IsEmpty)
        {
            throw Malformed($"{what}: empty number");
        }
        while (content.Length > 1 && content[0] == 0)
        {
            content = content[1..];
        }
        if (content.Length > maxOctets)
        {
            throw Malformed($"{what}: a number of {content.Length} octets where at most {maxOctets} fit");
        }
        ulong value = 0;
        foreach (var octet in content)
        {
            value = (value << 8) | octet;
        }
        return value;
    }

    public static Oid DecodeOid(ReadOnlySpan<byte> content)
    {
        if (content.IsEmpty)
        {
            throw Malformed("empty OBJECT IDENTIFIER");
        }
        if ((content[^1] & 0x80) != 0)
        {
            throw Malformed("OBJECT IDENTIFIER ends inside a sub-identifier");
        }
        var arcs = new List<uint>(content.Length + 1);
        var position = 0;
        var first = ReadSubIdentifier(content, ref position, 35);
        if (first < 80)
        {
            arcs.Add((uint)(first / 40));
            arcs.Add((uint)(first % 40));
        }
        else
        {
            var second = first - 80;
            arcs.Add(2);
            arcs.Add(second <= uint.MaxValue ? (uint)second : throw Malformed("OID arc above 32 bits"));
        }
        while (position < content.Length)
        {
            arcs.Add((uint)ReadSubIdentifier(content, ref position, 32));
        }
        return Oid.FromTrustedArcs([.. arcs]);
    }

    private static ulong ReadSubIdentifier(ReadOnlySpan<byte> content, ref int position, int maxBits)
    {
        ulong value = 0;
        while (true)
        {
            var octet = content[position++];
            value = (value << 7) | (uint)(octet & 0x7F);
            if (value >> maxBits != 0)
            {
                throw Malformed("OID arc above 32 bits");
            }
            if ((octet & 0x80) == 0)
            {
                return value;
            }
        }
    }

    public static SnmpException Malformed(string detail) => new($"Malformed SNMP packet: {detail}.");
}
