namespace Vigie.Core.Inventory.Snmp;

/// <summary>The universal and context tags SNMP messages use besides the value types of <see cref="SnmpType"/>.</summary>
internal static class BerTag
{
    public const byte Integer = 0x02;
    public const byte OctetString = 0x04;
    public const byte Null = 0x05;
    public const byte ObjectIdentifier = 0x06;
    public const byte Sequence = 0x30;
}
