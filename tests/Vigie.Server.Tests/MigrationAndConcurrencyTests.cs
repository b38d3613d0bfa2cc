using Microsoft.Extensions.DependencyInjection;
using Vigie.Core.Storage;
using Vigie.Testing;

namespace Vigie.Server.Tests;

public class MigrationAndConcurrencyTests
{
    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task Migrations_AppliedAtStart_SecondRunHasNothingToDo(TestDatabase db)
    {
        await using var server = await VigieTestServer.StartAsync(db);
        var migrator = server.Services.GetRequiredService<Migrator>();
        Assert.Empty(await migrator.MigrateAsync(dryRun: true, CancellationToken.None));
        Assert.Empty(await migrator.MigrateAsync(dryRun: false, CancellationToken.None));
        Assert.True(await migrator.IsUpToDateAsync(CancellationToken.None));
    }

    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task ConcurrentChanges_AuditChainStaysWhole(TestDatabase db)
    {
        await using var server = await VigieTestServer.StartAsync(db);
        var admin = await server.SetupAdminAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => admin.PostAsync("api/v1/groups", new { name = $"g{i}" })));
        Assert.All(results, r => r.EnsureStatus(201));
        var verify = (await admin.GetAsync("api/v1/audit/verify")).Json;
        Assert.True(verify.GetProperty("valid").GetBoolean(), verify.ToString());
        Assert.True(verify.GetProperty("checked").GetInt64() >= 43);
    }
}
