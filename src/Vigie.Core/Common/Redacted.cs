namespace Vigie.Core.Common;

/// <summary>Wraps a secret string so that it prints as a placeholder in logs and exceptions.</summary>
public readonly record struct Redacted(string Value)
{
    public override string ToString() => "[redacted]";
}
