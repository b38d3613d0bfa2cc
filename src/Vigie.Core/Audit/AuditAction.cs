namespace Vigie.Core.Audit;

/// <summary>A stable numeric audit event code and its name. Codes never change meaning once released.</summary>
public readonly record struct AuditAction(int Code, string Name)
{
    public override string ToString() => $"{Code} {Name}";
}
