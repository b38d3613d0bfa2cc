using Vigie.Core.Storage;

namespace Vigie.Core.Tests.Storage;

public class MigrationScriptsTests
{
    [Fact]
    public void Load_BothDialects_SameNumberedScripts()
    {
        var sqlite = Migrator.Load(DatabaseProvider.Sqlite);
        var postgres = Migrator.Load(DatabaseProvider.Postgres);
        Assert.NotEmpty(sqlite);
        Assert.Equal(sqlite.Select(m => (m.Version, m.Name)), postgres.Select(m => (m.Version, m.Name)));
        Assert.Equal(1, sqlite[0].Version);
    }
}
