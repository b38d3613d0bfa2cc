using Dapper;
using Microsoft.Extensions.Options;
using Vigie.Core.Common;
using Vigie.Core.Storage;
using Vigie.Testing;

namespace Vigie.Core.Tests.Storage;

public sealed class PreparedReadsTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<TestDatabase> Databases => [TestDatabase.Sqlite, TestDatabase.Postgres];

    [SkippableTheory]
    [MemberData(nameof(Databases))]
    public async Task Reads_SeeEachCommittedWrite_OnTheSameCompiledStatement(TestDatabase database)
    {
        await using var store = await Store.OpenAsync(database);
        var id = Guid.NewGuid();
        await store.ExecuteAsync("INSERT INTO scratch (id, label, n, at) VALUES (@Id, 'first', 1, @At)", new { Id = id, At = Noon });
        const string Sql = "SELECT label FROM scratch WHERE id = @Id";

        Assert.Equal("first", await store.Reads.FirstOrDefaultAsync<string>(Sql, [("Id", id)], default));
        await store.ExecuteAsync("UPDATE scratch SET label = 'second' WHERE id = @Id", new { Id = id });
        Assert.Equal("second", await store.Reads.FirstOrDefaultAsync<string>(Sql, [("Id", id)], default));
        Assert.Null(await store.Reads.FirstOrDefaultAsync<string>(Sql, [("Id", Guid.NewGuid())], default));
    }

    [SkippableTheory]
    [MemberData(nameof(Databases))]
    public async Task Reads_MapRows_WithTheSameIdsAndTimesAsDapperWrote(TestDatabase database)
    {
        await using var store = await Store.OpenAsync(database);
        var ids = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToArray();
        for (var i = 0; i < ids.Length; i++)
        {
            await store.ExecuteAsync("INSERT INTO scratch (id, label, n, at) VALUES (@Id, @Label, @N, @At)",
                new { Id = ids[i], Label = $"row-{i}", N = i, At = Noon.AddHours(i) });
        }

        // Times compare as the same values Dapper bound when writing (text on SQLite), ids come back as ids.
        var later = await store.Reads.QueryAsync<Row>("SELECT id, label, n, at FROM scratch WHERE at > @Now ORDER BY n",
            [("Now", Noon.AddMinutes(90))], int.MaxValue, default);
        Assert.Equal([ids[2], ids[3]], later.Select(r => r.Id));
        Assert.Equal([Noon.AddHours(2), Noon.AddHours(3)], later.Select(r => r.At));
        var limited = await store.Reads.QueryAsync<Row>("SELECT id, label, n, at FROM scratch ORDER BY n", [], 3, default);
        Assert.Equal(["row-0", "row-1", "row-2"], limited.Select(r => r.Label));
    }

    [SkippableTheory]
    [MemberData(nameof(Databases))]
    public async Task ListParameter_OfAnyLength_IsExpanded_NextToScalars(TestDatabase database)
    {
        await using var store = await Store.OpenAsync(database);
        var ids = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToArray();
        for (var i = 0; i < ids.Length; i++)
        {
            await store.ExecuteAsync("INSERT INTO scratch (id, label, n, at) VALUES (@Id, 'x', @N, @At)", new { Id = ids[i], N = i, At = Noon });
        }
        var sql = $"SELECT n FROM scratch WHERE {store.Dialect.InList("id", "@Ids")} AND n >= @Min ORDER BY n";

        async Task<int[]> Read(Guid[] wanted, int min) =>
            (await store.Reads.QueryAsync<int>(sql, [("Min", min), ("Ids", wanted)], int.MaxValue, default)).ToArray();

        Assert.Empty(await Read([], 0));
        Assert.Equal(new[] { 3 }, await Read([ids[3]], 0));
        Assert.Equal(new[] { 1, 2, 4 }, await Read([ids[4], ids[1], ids[2]], 0));
        Assert.Equal(new[] { 2, 4 }, await Read([ids[4], ids[1], ids[2]], 2));
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, await Read(ids, 0));
        Assert.Equal(new[] { 3 }, await Read([ids[3], Guid.NewGuid()], 0));

        // An empty list under NOT IN excludes nothing; a list whose name starts another's is expanded on its own.
        if (database == TestDatabase.Sqlite)
        {
            var excluded = await store.Reads.QueryAsync<int>("SELECT n FROM scratch WHERE id NOT IN @Id AND id NOT IN @Ids ORDER BY n",
                [("Id", Array.Empty<Guid>()), ("Ids", new[] { ids[0], ids[4] })], int.MaxValue, default);
            Assert.Equal([1, 2, 3], excluded);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Databases))]
    public async Task NullParameter_IsBoundAsNull(TestDatabase database)
    {
        await using var store = await Store.OpenAsync(database);
        var id = Guid.NewGuid();
        await store.ExecuteAsync("INSERT INTO scratch (id, label, n, at) VALUES (@Id, 'x', 7, @At)", new { Id = id, At = Noon });
        const string Sql = "SELECT COALESCE(@Wanted, n) FROM scratch WHERE id = @Id";

        Assert.Equal(7, await store.Reads.FirstOrDefaultAsync<int>(Sql, [("Id", id), ("Wanted", null)], default));
        Assert.Equal(9, await store.Reads.FirstOrDefaultAsync<int>(Sql, [("Id", id), ("Wanted", 9)], default));
        Assert.Equal(7, await store.Reads.FirstOrDefaultAsync<int>(Sql, [("Id", id), ("Wanted", null)], default));
    }

    [Fact]
    public async Task MissingParameterValue_IsRefused_AndTheNextReadStillWorks()
    {
        await using var store = await Store.OpenAsync(TestDatabase.Sqlite);
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            store.Reads.FirstOrDefaultAsync<int>("SELECT n FROM scratch WHERE id = @Id AND n = @N", [("Id", Guid.NewGuid())], default));
        Assert.Contains("@N", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await store.Reads.FirstOrDefaultAsync<int>("SELECT COUNT(*) FROM scratch", [], default));
    }

    [Fact]
    public async Task ConcurrentReads_EachGetTheirOwnRow()
    {
        await using var store = await Store.OpenAsync(TestDatabase.Sqlite);
        var ids = Enumerable.Range(0, 64).Select(_ => Guid.NewGuid()).ToArray();
        for (var i = 0; i < ids.Length; i++)
        {
            await store.ExecuteAsync("INSERT INTO scratch (id, label, n, at) VALUES (@Id, 'x', @N, @At)", new { Id = ids[i], N = i, At = Noon });
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 2000).Select(i => Task.Run(async () =>
            (i % 64, await store.Reads.FirstOrDefaultAsync<int>("SELECT n FROM scratch WHERE id = @Id", [("Id", ids[i % 64])], default)))));

        Assert.All(results, r => Assert.Equal(r.Item1, r.Item2));
    }

    [Fact]
    public async Task SqliteConnections_TakenAgainFromThePool_StillEnforceForeignKeys()
    {
        await using var store = await Store.OpenAsync(TestDatabase.Sqlite);
        for (var i = 0; i < 3; i++)
        {
            // The driver's pool hands the same handle back: the per-handle settings must still hold.
            await using var c = await store.Connections.OpenAsync(default);
            Assert.Equal(1L, await c.ExecuteScalarAsync<long>("PRAGMA foreign_keys"));
            Assert.Equal(10000L, await c.ExecuteScalarAsync<long>("PRAGMA busy_timeout"));
            await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
                c.ExecuteAsync("INSERT INTO scratch_child (id, parent_id) VALUES (@Id, @Parent)", new { Id = Guid.NewGuid(), Parent = Guid.NewGuid() }));
        }
    }

    private sealed class Row
    {
        public Guid Id { get; set; }
        public string Label { get; set; } = "";
        public int N { get; set; }
        public DateTimeOffset At { get; set; }
    }

    /// <summary>A scratch database (a SQLite file, or a PostgreSQL database of its own) with two tables.</summary>
    private sealed class Store : IAsyncDisposable
    {
        private readonly DbConnectionFactory _factory;
        private readonly string? _postgres;
        private readonly DirectoryInfo _directory;

        private Store(DbConnectionFactory factory, string? postgres, DirectoryInfo directory)
        {
            _factory = factory;
            _postgres = postgres;
            _directory = directory;
            Reads = new PreparedReads(factory);
        }

        public PreparedReads Reads { get; }

        public IDbConnectionFactory Connections => _factory;

        public SqlDialect Dialect => _factory.Dialect;

        public static async Task<Store> OpenAsync(TestDatabase database)
        {
            var directory = Directory.CreateTempSubdirectory("vigie-prepared-");
            var postgres = database == TestDatabase.Postgres ? await Postgres.CreateDatabaseAsync() : null;
            var options = new StorageOptions
            {
                Provider = database == TestDatabase.Postgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite,
                ConnectionString = postgres,
            };
            var store = new Store(new DbConnectionFactory(Options.Create(options), new DataDirectory(directory.FullName)), postgres, directory);
            var (id, time) = database == TestDatabase.Postgres ? ("uuid", "timestamptz") : ("TEXT", "TEXT");
            await store.ExecuteAsync($"CREATE TABLE scratch (id {id} PRIMARY KEY, label TEXT NOT NULL, n INTEGER NOT NULL, at {time} NOT NULL)");
            await store.ExecuteAsync($"CREATE TABLE scratch_child (id {id} PRIMARY KEY, parent_id {id} NOT NULL REFERENCES scratch (id))");
            return store;
        }

        public async Task ExecuteAsync(string sql, object? parameters = null)
        {
            await using var c = await _factory.OpenAsync(default);
            await c.ExecuteAsync(sql, parameters);
        }

        public async ValueTask DisposeAsync()
        {
            await Reads.DisposeAsync();
            _factory.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (_postgres is not null)
            {
                await Postgres.DropDatabaseAsync(_postgres);
            }
            _directory.Delete(recursive: true);
        }
    }
}
