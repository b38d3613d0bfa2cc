namespace Vigie.Core.Tests.Inventory.Snmp;

/// <summary>Test classes that share one real snmpd.</summary>
[CollectionDefinition(Name)]
public sealed class SnmpdCollection : ICollectionFixture<SnmpdFixture>
{
    public const string Name = "snmpd";
}
