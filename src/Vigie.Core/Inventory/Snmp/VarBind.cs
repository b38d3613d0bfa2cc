namespace Vigie.Core.Inventory.Snmp;

/// <summary>One variable binding: an OID and the value the agent gave for it.</summary>
public readonly record struct VarBind(Oid Oid, SnmpValue Value)
{
    public override string ToString() => $"{Oid} = {Value}";
}
