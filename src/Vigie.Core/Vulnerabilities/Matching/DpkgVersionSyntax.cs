namespace Vigie.Core.Vulnerabilities.Matching;

/// <summary>dpkg's rules for a well-formed version string (its <c>parseversion</c>), with its error wording.</summary>
internal static class DpkgVersionSyntax
{
    /// <summary>Null when valid (with the parts), else dpkg's own wording of the problem.</summary>
    public static string? Validate(string? text, out Parts parts)
    {
        parts = default;
        var epoch = 0;
        var trimmed = (text ?? "").Trim(' ', '\t');
        if (trimmed.Length == 0)
        {
            return "version string is empty";
        }
        if (trimmed.Contains(' ', StringComparison.Ordinal) || trimmed.Contains('\t', StringComparison.Ordinal))
        {
            return "version string has embedded spaces";
        }

        var rest = trimmed;
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            var epochError = ParseEpoch(trimmed.AsSpan(0, colon), out epoch);
            if (epochError is not null)
            {
                return epochError;
            }
            rest = trimmed[(colon + 1)..];
            if (rest.Length == 0)
            {
                return "nothing after colon in version number";
            }
        }

        var hyphen = rest.LastIndexOf('-');
        var upstream = hyphen >= 0 ? rest[..hyphen] : rest;
        var revision = hyphen >= 0 ? rest[(hyphen + 1)..] : "";
        if (hyphen >= 0 && revision.Length == 0)
        {
            return "revision number is empty";
        }
        if (upstream.Length == 0)
        {
            return "version number is empty";
        }
        if (!char.IsAsciiDigit(upstream[0]))
        {
            return "version number does not start with digit";
        }
        foreach (var c in upstream)
        {
            if (!char.IsAsciiLetterOrDigit(c) && ".-+~:".IndexOf(c, StringComparison.Ordinal) < 0)
            {
                return "invalid character in version number";
            }
        }
        foreach (var c in revision)
        {
            if (!char.IsAsciiLetterOrDigit(c) && ".+~".IndexOf(c, StringComparison.Ordinal) < 0)
            {
                return "invalid character in revision number";
            }
        }
        parts = new Parts(trimmed, epoch, upstream, revision);
        return null;
    }

    // dpkg reads the epoch with strtol, so an explicit sign is accepted ("+1:2.0") and only a negative value or
    // trailing garbage is refused.
    private static string? ParseEpoch(ReadOnlySpan<char> text, out int epoch)
    {
        epoch = 0;
        var negative = false;
        var i = 0;
        if (i < text.Length && (text[i] == '+' || text[i] == '-'))
        {
            negative = text[i] == '-';
            i++;
        }
        var digitsStart = i;
        long value = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            if (value <= int.MaxValue)
            {
                value = (value * 10) + (text[i] - '0');
            }
            i++;
        }
        if (i == digitsStart)
        {
            return "epoch in version is empty";
        }
        if (i != text.Length)
        {
            return "epoch in version is not number";
        }
        if (negative && value != 0)
        {
            return "epoch in version is negative";
        }
        if (value > int.MaxValue)
        {
            return "epoch in version is too big";
        }
        epoch = (int)value;
        return null;
    }

    /// <summary>A valid version: the text without surrounding blanks, and its three parts.</summary>
    public readonly record struct Parts(string Text, int Epoch, string Upstream, string Revision);
}
