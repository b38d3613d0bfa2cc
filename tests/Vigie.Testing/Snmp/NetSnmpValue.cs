namespace Vigie.Testing.Snmp;

/// <summary>One line of net-snmp CLI output (-On): ".1.3.6.1.2.1.1.5.0 = STRING: "vm"".</summary>
public sealed record NetSnmpValue(string Oid, string Type, string Text);
