using Vigie.Testing.Snmp;

namespace Vigie.Server.Tests;

/// <summary>Server tests that share one real snmpd on 127.0.0.1.</summary>
[CollectionDefinition(Name)]
public sealed class SnmpdCollection : ICollectionFixture<SnmpdFixture>
{
    public const string Name = "snmpd";
}
