using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Unicode;

namespace Vigie.Core.Inventory.Snmp;

/// <summary>
/// A value from a variable binding: its <see cref="SnmpType"/> and typed accessors. The accessors throw
/// <see cref="SnmpException"/> when the value is of a type they cannot read.
/// </summary>
public sealed class SnmpValue : IEquatable<SnmpValue>
{
    private readonly byte[] _bytes;
    private readonly ulong _number;
    private readonly Oid _oid;

    private SnmpValue(SnmpType type, byte[]? bytes = null, ulong number = 0, Oid oid = default)
    {
        Type = type;
        _bytes = bytes ?? [];
        _number = number;
        _oid = oid;
    }

    public static SnmpValue Null { get; } = new(SnmpType.Null);

    public static SnmpValue NoSuchObject { get; } = new(SnmpType.NoSuchObject);

    public static SnmpValue NoSuchInstance { get; } = new(SnmpType.NoSuchInstance);

    public static SnmpValue EndOfMibView { get; } = new(SnmpType.EndOfMibView);

    public SnmpType Type { get; }

    /// <summary>True for noSuchObject, noSuchInstance and endOfMibView: the agent had no value here.</summary>
    public bool IsException => Type is SnmpType.NoSuchObject or SnmpType.NoSuchInstance or SnmpType.EndOfMibView;

    public static SnmpValue Integer(int value) => new(SnmpType.Integer, number: unchecked((ulong)(long)value));

    public static SnmpValue OctetString(ReadOnlySpan<byte> value) => new(SnmpType.OctetString, value.ToArray());

    public static SnmpValue OctetString(string value) => new(SnmpType.OctetString, Encoding.UTF8.GetBytes(value));

    public static SnmpValue ObjectIdentifier(Oid value) => new(SnmpType.ObjectIdentifier, oid: value);

    public static SnmpValue IpAddress(IPAddress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            throw new ArgumentException("The SNMP IpAddress type holds IPv4 addresses only.", nameof(value));
        }
        return new(SnmpType.IpAddress, value.GetAddressBytes());
    }

    public static SnmpValue Counter32(uint value) => new(SnmpType.Counter32, number: value);

    public static SnmpValue Gauge32(uint value) => new(SnmpType.Gauge32, number: value);

    public static SnmpValue TimeTicks(uint hundredths) => new(SnmpType.TimeTicks, number: hundredths);

    public static SnmpValue Opaque(ReadOnlySpan<byte> value) => new(SnmpType.Opaque, value.ToArray());

    public static SnmpValue Counter64(ulong value) => new(SnmpType.Counter64, number: value);

    /// <summary>An INTEGER as decoded; agents sometimes send values outside Integer32.</summary>
    internal static SnmpValue IntegerFromWire(long value) => new(SnmpType.Integer, number: unchecked((ulong)value));

    /// <summary>Wraps bytes the decoder already owns (no copy).</summary>
    internal static SnmpValue FromWireBytes(SnmpType type, byte[] bytes) => new(type, bytes);

    internal static SnmpValue FromWireNumber(SnmpType type, ulong value) => new(type, number: value);

    internal ReadOnlySpan<byte> RawBytes => _bytes;

    internal ulong RawNumber => _number;

    /// <summary>
    /// The value as text: OCTET STRING as UTF-8 (or ISO-8859-1 when it is not valid UTF-8), numbers in decimal,
    /// OIDs dotted, IpAddress dotted-quad.
    /// </summary>
    public string AsString() => Type switch
    {
        SnmpType.OctetString or SnmpType.Opaque => Utf8.IsValid(_bytes)
            ? Encoding.UTF8.GetString(_bytes)
            : Encoding.Latin1.GetString(_bytes),
        SnmpType.Integer => AsInteger().ToString(CultureInfo.InvariantCulture),
        SnmpType.Counter32 or SnmpType.Gauge32 or SnmpType.TimeTicks or SnmpType.Counter64
            => _number.ToString(CultureInfo.InvariantCulture),
        SnmpType.ObjectIdentifier => _oid.ToString(),
        SnmpType.IpAddress => AsIpAddress().ToString(),
        _ => throw WrongType("a string"),
    };

    /// <summary>The raw octets of an OCTET STRING, Opaque or IpAddress.</summary>
    public byte[] AsBytes() => Type is SnmpType.OctetString or SnmpType.Opaque or SnmpType.IpAddress
        ? (byte[])_bytes.Clone()
        : throw WrongType("bytes");

    /// <summary>An INTEGER, or any unsigned numeric type, as a signed 64-bit number.</summary>
    public long AsInteger() => Type switch
    {
        SnmpType.Integer => unchecked((long)_number),
        SnmpType.Counter32 or SnmpType.Gauge32 or SnmpType.TimeTicks => (long)_number,
        SnmpType.Counter64 when _number <= long.MaxValue => (long)_number,
        _ => throw WrongType("an integer"),
    };

    /// <summary>Counter32, Gauge32, TimeTicks, or a non-negative INTEGER that fits 32 bits.</summary>
    public uint AsUInt() => Type switch
    {
        SnmpType.Counter32 or SnmpType.Gauge32 or SnmpType.TimeTicks => (uint)_number,
        SnmpType.Integer when unchecked((long)_number) is >= 0 and <= uint.MaxValue => (uint)_number,
        SnmpType.Counter64 when _number <= uint.MaxValue => (uint)_number,
        _ => throw WrongType("an unsigned 32-bit number"),
    };

    /// <summary>Counter64 or any other non-negative number.</summary>
    public ulong AsUInt64() => Type switch
    {
        SnmpType.Counter64 or SnmpType.Counter32 or SnmpType.Gauge32 or SnmpType.TimeTicks => _number,
        SnmpType.Integer when unchecked((long)_number) >= 0 => _number,
        _ => throw WrongType("an unsigned 64-bit number"),
    };

    public Oid AsOid() => Type == SnmpType.ObjectIdentifier ? _oid : throw WrongType("an OID");

    /// <summary>An IpAddress, or an OCTET STRING of 4 or 16 octets (InetAddress columns).</summary>
    public IPAddress AsIpAddress() => Type switch
    {
        SnmpType.IpAddress when _bytes.Length == 4 => new IPAddress(_bytes),
        SnmpType.OctetString when _bytes.Length is 4 or 16 => new IPAddress(_bytes),
        _ => throw WrongType("an IP address"),
    };

    /// <summary>TimeTicks (hundredths of a second) as a duration.</summary>
    public TimeSpan AsTimeTicks() => Type == SnmpType.TimeTicks
        ? TimeSpan.FromMilliseconds(_number * 10.0)
        : throw WrongType("TimeTicks");

    /// <summary>Octets as lower-case hex pairs joined by ':' ("02:fc:00:00:00:01"), the usual MAC form.</summary>
    public string AsMac()
    {
        if (Type is not (SnmpType.OctetString or SnmpType.Opaque))
        {
            throw WrongType("a MAC address");
        }
        return string.Join(':', _bytes.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
    }

    public bool Equals(SnmpValue? other) => other is not null
        && Type == other.Type
        && _number == other._number
        && _oid == other._oid
        && _bytes.AsSpan().SequenceEqual(other._bytes);

    public override bool Equals(object? obj) => Equals(obj as SnmpValue);

    public override int GetHashCode() => HashCode.Combine(Type, _number, _oid, _bytes.Length);

    public override string ToString() => Type switch
    {
        SnmpType.Null or SnmpType.NoSuchObject or SnmpType.NoSuchInstance or SnmpType.EndOfMibView => Type.ToString(),
        SnmpType.OctetString or SnmpType.Opaque when !IsPrintable(_bytes) => $"{Type}: {Convert.ToHexString(_bytes)}",
        _ => $"{Type}: {AsString()}",
    };

    private static bool IsPrintable(byte[] bytes) => Utf8.IsValid(bytes) && !bytes.Any(b => b < 0x20 && b is not (0x09 or 0x0a or 0x0d));

    private SnmpException WrongType(string wanted) => new($"The SNMP value is {Type}, not {wanted}.");
}
