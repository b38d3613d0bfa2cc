using System.Diagnostics.CodeAnalysis;

namespace Vigie.Core.Vulnerabilities.Matching;

/// <summary>
/// A CPE 2.3 name in the formatted-string binding,
/// <c>cpe:2.3:part:vendor:product:version:update:edition:language:sw_edition:target_sw:target_hw:other</c>
/// (NISTIR 7695 §6.2). Attributes are split on unescaped colons only, so <c>plack\:\:middleware</c> stays one
/// product. <see cref="Matches"/> applies CPE name matching (NISTIR 7696) attribute by attribute, with the source
/// being this name (a criterion) and the target a name of something installed.
/// </summary>
public sealed class Cpe23 : IEquatable<Cpe23>
{
    private const string Prefix = "cpe:2.3:";
    private const int AttributeCount = 11;

    private static readonly CpeAttribute[] MatchOrder =
    [
        CpeAttribute.Product, CpeAttribute.Vendor, CpeAttribute.Part, CpeAttribute.Version, CpeAttribute.Update,
        CpeAttribute.Edition, CpeAttribute.Language, CpeAttribute.SoftwareEdition, CpeAttribute.TargetSoftware,
        CpeAttribute.TargetHardware, CpeAttribute.Other,
    ];

    private readonly CpeValue[] _values;
    private readonly string _formatted;

    private Cpe23(CpeValue[] values, string? formatted)
    {
        _values = values;
        _formatted = formatted ?? Prefix + string.Join(':', values.Select(v => v.Formatted));
    }

    public CpeValue Part => _values[(int)CpeAttribute.Part];

    public CpeValue Vendor => _values[(int)CpeAttribute.Vendor];

    public CpeValue Product => _values[(int)CpeAttribute.Product];

    public CpeValue Version => _values[(int)CpeAttribute.Version];

    public CpeValue Update => _values[(int)CpeAttribute.Update];

    public CpeValue Edition => _values[(int)CpeAttribute.Edition];

    public CpeValue Language => _values[(int)CpeAttribute.Language];

    public CpeValue SoftwareEdition => _values[(int)CpeAttribute.SoftwareEdition];

    public CpeValue TargetSoftware => _values[(int)CpeAttribute.TargetSoftware];

    public CpeValue TargetHardware => _values[(int)CpeAttribute.TargetHardware];

    public CpeValue Other => _values[(int)CpeAttribute.Other];

    public CpeValue this[CpeAttribute attribute] => _values[(int)attribute];

    public static Cpe23 Parse(string formatted)
    {
        if (!TryParse(formatted, out var cpe, out var error))
        {
            throw new FormatException($"'{formatted}' is not a CPE 2.3 formatted string: {error}.");
        }
        return cpe;
    }

    public static bool TryParse([NotNullWhen(true)] string? formatted, [NotNullWhen(true)] out Cpe23? cpe) =>
        TryParse(formatted, out cpe, out _);

    public static bool TryParse(
        [NotNullWhen(true)] string? formatted,
        [NotNullWhen(true)] out Cpe23? cpe,
        [NotNullWhen(false)] out string? error)
    {
        cpe = null;
        if (formatted is null || !formatted.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            error = $"it does not start with '{Prefix}'";
            return false;
        }
        var components = SplitOnUnescapedColons(formatted, Prefix.Length);
        if (components.Count != AttributeCount)
        {
            error = $"{AttributeCount} attributes expected after '{Prefix}', found {components.Count}";
            return false;
        }
        var values = new CpeValue[AttributeCount];
        for (var i = 0; i < AttributeCount; i++)
        {
            if (!CpeValue.TryParseFormatted(components[i], out var value, out var valueError))
            {
                error = $"{(CpeAttribute)i} '{components[i]}': {valueError}";
                return false;
            }
            values[i] = value;
        }
        if (!IsPart(values[0]))
        {
            error = $"part must be 'a', 'o', 'h', '*' or '-', not '{components[0]}'";
            return false;
        }
        cpe = new Cpe23(values, formatted);
        error = null;
        return true;
    }

    /// <summary>
    /// A name from plain strings (taken literally and escaped as needed); a null or empty version, and every other
    /// attribute, is ANY. Use <see cref="With"/> to set the others.
    /// </summary>
    /// <param name="part"><c>a</c> (application), <c>o</c> (operating system) or <c>h</c> (hardware).</param>
    public static Cpe23 Create(char part, string vendor, string product, string? version = null)
    {
        var partValue = CpeValue.Literal(part.ToString());
        if (!IsPart(partValue))
        {
            throw new ArgumentOutOfRangeException(nameof(part), part, "The part is 'a', 'o' or 'h'.");
        }
        var values = Enumerable.Repeat(CpeValue.Any, AttributeCount).ToArray();
        values[(int)CpeAttribute.Part] = partValue;
        values[(int)CpeAttribute.Vendor] = CpeValue.Literal(vendor);
        values[(int)CpeAttribute.Product] = CpeValue.Literal(product);
        if (!string.IsNullOrEmpty(version))
        {
            values[(int)CpeAttribute.Version] = CpeValue.Literal(version);
        }
        return new Cpe23(values, null);
    }

    /// <summary>A copy with one attribute replaced.</summary>
    public Cpe23 With(CpeAttribute attribute, CpeValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (attribute == CpeAttribute.Part && !IsPart(value))
        {
            throw new ArgumentException("The part is 'a', 'o', 'h', ANY or NA.", nameof(value));
        }
        var values = (CpeValue[])_values.Clone();
        values[(int)attribute] = value;
        return new Cpe23(values, null);
    }

    /// <summary>Whether this name, as the source, matches <paramref name="target"/> on every attribute.</summary>
    public bool Matches(Cpe23 target, CpeMatchMode mode = CpeMatchMode.Standard) => Matches(target, mode, null);

    /// <summary>Like <see cref="Matches(Cpe23, CpeMatchMode)"/>, leaving one attribute to the caller (a version range).</summary>
    internal bool Matches(Cpe23 target, CpeMatchMode mode, CpeAttribute? skip)
    {
        ArgumentNullException.ThrowIfNull(target);
        foreach (var attribute in MatchOrder)
        {
            if (attribute != skip && !this[attribute].Matches(target[attribute], mode))
            {
                return false;
            }
        }
        return true;
    }

    public bool Equals(Cpe23? other)
    {
        if (other is null)
        {
            return false;
        }
        for (var i = 0; i < AttributeCount; i++)
        {
            if (!_values[i].Equals(other._values[i]))
            {
                return false;
            }
        }
        return true;
    }

    public override bool Equals(object? obj) => obj is Cpe23 other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Part, Vendor, Product, Version, Update);

    /// <summary>The formatted string: as parsed, or bound from the attribute values.</summary>
    public override string ToString() => _formatted;

    private static bool IsPart(CpeValue value) =>
        !value.HasWildcards
        && (value.Kind != CpeValueKind.Value || value.Value is "a" or "o" or "h" or "A" or "O" or "H");

    private static List<string> SplitOnUnescapedColons(string text, int start)
    {
        var parts = new List<string>(AttributeCount);
        var from = start;
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == ':')
            {
                parts.Add(text[from..i]);
                from = i + 1;
            }
        }
        parts.Add(text[from..]);
        return parts;
    }
}
