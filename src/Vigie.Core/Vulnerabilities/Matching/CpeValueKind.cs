namespace Vigie.Core.Vulnerabilities.Matching;

/// <summary>The three kinds of CPE attribute value (NISTIR 7695 §5.3).</summary>
public enum CpeValueKind
{
    /// <summary>The logical value ANY, bound as <c>*</c>: every value.</summary>
    Any,

    /// <summary>The logical value NA, bound as <c>-</c>: the attribute does not apply.</summary>
    NotApplicable,

    /// <summary>A string value, possibly with <c>*</c> or <c>?</c> wildcards at its ends.</summary>
    Value,
}
