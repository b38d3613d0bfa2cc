using System.Globalization;
using System.Text;

namespace Vigie.Core.Inventory.Snmp;

/// <summary>
/// An SNMP object identifier ("1.3.6.1.2.1.1.5.0"). Immutable; ordered the way agents walk the MIB
/// (arc by arc, a prefix before its descendants).
/// </summary>
public readonly struct Oid : IEquatable<Oid>, IComparable<Oid>
{
    private readonly uint[]? _arcs;

    public Oid(params ReadOnlySpan<uint> arcs)
    {
        if (arcs.Length < 2)
        {
            throw new ArgumentException("An OID has at least two arcs.", nameof(arcs));
        }
        if (arcs[0] > 2 || (arcs[0] < 2 && arcs[1] >= 40))
        {
            throw new ArgumentException("An OID starts with 0, 1 or 2, and under 0 or 1 the second arc is below 40.", nameof(arcs));
        }
        _arcs = arcs.ToArray();
    }

    private Oid(uint[] arcs)
    {
        _arcs = arcs;
    }

    public ReadOnlySpan<uint> Arcs => _arcs;

    public int Length => _arcs?.Length ?? 0;

    public uint this[int index] => Arcs[index];

    public static Oid Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var oid)
            ? oid
            : throw new FormatException($"'{text}' is not a dotted numeric OID.");
    }

    /// <summary>Parses "1.3.6.1" or ".1.3.6.1"; names (SNMPv2-MIB::sysName) are not resolved.</summary>
    public static bool TryParse(string? text, out Oid oid)
    {
        oid = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var span = text.AsSpan().Trim();
        if (span.StartsWith("."))
        {
            span = span[1..];
        }
        var arcs = new List<uint>(16);
        foreach (var range in span.Split('.'))
        {
            var part = span[range];
            if (part.IsEmpty || !char.IsAsciiDigit(part[0])
                || !uint.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var arc))
            {
                return false;
            }
            arcs.Add(arc);
        }
        if (arcs.Count < 2 || arcs[0] > 2 || (arcs[0] < 2 && arcs[1] >= 40))
        {
            return false;
        }
        oid = new Oid([.. arcs]);
        return true;
    }

    /// <summary>Wraps arcs already validated (by the BER decoder); the array is not copied.</summary>
    internal static Oid FromTrustedArcs(uint[] arcs) => new(arcs);

    /// <summary>True when this OID equals <paramref name="prefix"/> or lies under it.</summary>
    public bool StartsWith(Oid prefix) => Arcs.StartsWith(prefix.Arcs);

    /// <summary>True when this OID lies strictly under <paramref name="root"/>.</summary>
    public bool IsDescendantOf(Oid root) => Length > root.Length && StartsWith(root);

    /// <summary>The arcs after <paramref name="prefix"/> (a table row index), as a dotted string.</summary>
    public string SuffixAfter(Oid prefix)
    {
        if (!StartsWith(prefix))
        {
            throw new ArgumentException($"{this} is not under {prefix}.", nameof(prefix));
        }
        return Format(Arcs[prefix.Length..]);
    }

    public Oid Append(params ReadOnlySpan<uint> arcs)
    {
        var all = new uint[Length + arcs.Length];
        Arcs.CopyTo(all);
        arcs.CopyTo(all.AsSpan(Length));
        return new Oid(all);
    }

    public int CompareTo(Oid other) => Arcs.SequenceCompareTo(other.Arcs);

    public bool Equals(Oid other) => Arcs.SequenceEqual(other.Arcs);

    public override bool Equals(object? obj) => obj is Oid other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Arcs));
        return hash.ToHashCode();
    }

    public override string ToString() => Format(Arcs);

    private static string Format(ReadOnlySpan<uint> arcs)
    {
        var builder = new StringBuilder(arcs.Length * 3);
        for (var i = 0; i < arcs.Length; i++)
        {
            if (i > 0)
            {
                builder.Append('.');
            }
            builder.Append(arcs[i].ToString(CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }

    public static bool operator ==(Oid left, Oid right) => left.Equals(right);

    public static bool operator !=(Oid left, Oid right) => !left.Equals(right);

    public static bool operator <(Oid left, Oid right) => left.CompareTo(right) < 0;

    public static bool operator >(Oid left, Oid right) => left.CompareTo(right) > 0;

    public static bool operator <=(Oid left, Oid right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Oid left, Oid right) => left.CompareTo(right) >= 0;
}
