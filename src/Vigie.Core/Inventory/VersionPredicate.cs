using System.Text.RegularExpressions;
using Vigie.Core.Common;

namespace Vigie.Core.Inventory;

/// <summary>A version condition from a query string: <c>&lt;3.0.11</c>, <c>&gt;=2.4</c>, <c>=1.2.3</c>, <c>!=5</c> (plain value = equal).</summary>
public sealed partial record VersionPredicate(string Operator, string Version)
{
    public static VersionPredicate? Parse(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var match = Pattern().Match(text.Trim());
        if (!match.Success)
        {
            throw ProblemException.Validation(field, "must be a version optionally prefixed by <, <=, >, >=, = or !=");
        }
        return new VersionPredicate(match.Groups[1].Success && match.Groups[1].Length > 0 ? match.Groups[1].Value : "=", match.Groups[2].Value.Trim());
    }

    public bool Matches(string? version)
    {
        if (version is null)
        {
            return false;
        }
        var cmp = TolerantVersion.Compare(version, Version);
        return Operator switch
        {
            "<" => cmp < 0,
            "<=" => cmp <= 0,
            ">" => cmp > 0,
            ">=" => cmp >= 0,
            "!=" => cmp != 0,
            _ => cmp == 0,
        };
    }

    [GeneratedRegex(@"^(<=|>=|!=|<|>|=)?\s*([A-Za-z0-9][A-Za-z0-9.:~+_\-]{0,99})$")]
    private static partial Regex Pattern();
}
