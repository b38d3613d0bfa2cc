using Vigie.Core.Inventory.Snmp;

namespace Vigie.Testing.Snmp;

/// <summary>OIDs the tests read (SNMPv2-MIB, IF-MIB, HOST-RESOURCES-MIB, ENTITY-MIB).</summary>
public static class SystemOids
{
    public static readonly Oid SysDescr = Oid.Parse("1.3.6.1.2.1.1.1.0");
    public static readonly Oid SysObjectId = Oid.Parse("1.3.6.1.2.1.1.2.0");
    public static readonly Oid SysUpTime = Oid.Parse("1.3.6.1.2.1.1.3.0");
    public static readonly Oid SysContact = Oid.Parse("1.3.6.1.2.1.1.4.0");
    public static readonly Oid SysName = Oid.Parse("1.3.6.1.2.1.1.5.0");
    public static readonly Oid SysLocation = Oid.Parse("1.3.6.1.2.1.1.6.0");
    public static readonly Oid IfTable = Oid.Parse("1.3.6.1.2.1.2.2");
    public static readonly Oid IfXTable = Oid.Parse("1.3.6.1.2.1.31.1.1");
    public static readonly Oid HrSwInstalledTable = Oid.Parse("1.3.6.1.2.1.25.6.3");
    public static readonly Oid EntPhysicalDescr1 = Oid.Parse("1.3.6.1.2.1.47.1.1.1.1.2.1");
}
