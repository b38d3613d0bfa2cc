using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using Vigie.Testing;

namespace Vigie.Server.Tests;

public class AuditTrailTests
{
    private static Task<DbConnection> OpenAsync(VigieTestServer server) => DatabaseAccess.OpenAsync(server);

    private static async Task<ApiClient> ServerWithEventsAsync(VigieTestServer server)
    {
        var admin = await server.SetupAdminAsync();
        for (var i = 0; i < 3; i++)
        {
            (await admin.PostAsync("api/v1/groups", new { name = $"team{i}", description = "d" })).EnsureStatus(201);
        }
        var verify = (await admin.GetAsync("api/v1/audit/verify")).EnsureStatus(200).Json;
        Assert.True(verify.GetProperty("valid").GetBoolean());
        Assert.True(verify.GetProperty("checked").GetInt64() >= 6);
        return admin;
    }

    // Each tampering made directly in the database, and the first row verification must name.
    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite, "edited", 4L)]
    [InlineData(TestDatabase.Postgres, "edited", 4L)]
    [InlineData(TestDatabase.Sqlite, "deleted", 3L)]
    [InlineData(TestDatabase.Postgres, "deleted", 3L)]
    [InlineData(TestDatabase.Sqlite, "reordered", 3L)]
    [InlineData(TestDatabase.Postgres, "reordered", 3L)]
    public async Task TamperedRows_VerifyReportsTheFirstBrokenOne(TestDatabase db, string tampering, long firstBroken)
    {
        string[] statements = tampering switch
        {
            "edited" => ["UPDATE audit_events SET target = 'group:innocent' WHERE seq = 4"],
            "deleted" => ["DELETE FROM audit_events WHERE seq = 3"],
            // Swap rows 3 and 4, MACs and all, keeping the sequence numbers in place.
            _ => ["UPDATE audit_events SET seq = -1 WHERE seq = 3", "UPDATE audit_events SET seq = 3 WHERE seq = 4", "UPDATE audit_events SET seq = 4 WHERE seq = -1"],
        };
        await using var server = await VigieTestServer.StartAsync(db);
        var admin = await ServerWithEventsAsync(server);
        await using (var c = await OpenAsync(server))
        {
            foreach (var sql in statements)
            {
                await c.ExecuteAsync(sql);
            }
        }
        var verify = (await admin.GetAsync("api/v1/audit/verify")).Json;
        Assert.False(verify.GetProperty("valid").GetBoolean());
        Assert.Equal(firstBroken, verify.GetProperty("firstBrokenSeq").GetInt64());
    }

    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task AuditWriteFails_ChangeRefusedAndNotApplied(TestDatabase db)
    {
        await using var server = await VigieTestServer.StartAsync(db);
        var admin = await server.SetupAdminAsync();
        await using (var c = await OpenAsync(server))
        {
            await DatabaseAccess.RefuseInsertsAsync(c, db, "audit_events");
        }
        (await admin.PostAsync("api/v1/users", new { username = "ghost", role = "user", password = "Abcd1!xyz" })).EnsureProblem(503, "audit_unavailable");
        (await admin.PostAsync("api/v1/groups", new { name = "ghosts" })).EnsureProblem(503, "audit_unavailable");
        await using (var c = await OpenAsync(server))
        {
            Assert.Equal(0, await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM identity_users WHERE username = 'ghost'"));
            Assert.Equal(0, await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM identity_groups"));
        }
    }

    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task Events_PagedWithCursorAndFiltered(TestDatabase db)
    {
        await using var server = await VigieTestServer.StartAsync(db);
        var admin = await ServerWithEventsAsync(server);
        var seen = new List<long>();
        string? cursor = null;
        do
        {
            var page = (await admin.GetAsync("api/v1/audit/events?limit=2" + (cursor is null ? "" : $"&cursor={cursor}"))).EnsureStatus(200).Json;
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        Assert.Equal(seen.OrderDescending(), seen);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(1L, seen[^1]);

        var groups = (await admin.GetAsync("api/v1/audit/events?action=1060")).Json.GetProperty("items");
        Assert.Equal(3, groups.GetArrayLength());
        Assert.All(groups.EnumerateArray(), e => Assert.Equal("admin", e.GetProperty("actorName").GetString()));
        var byActor = (await admin.GetAsync("api/v1/audit/events?actor=nobody")).Json.GetProperty("items");
        Assert.Equal(0, byActor.GetArrayLength());
        var future = Uri.EscapeDataString(server.Clock.GetUtcNow().AddMinutes(1).ToString("O"));
        Assert.Equal(0, (await admin.GetAsync($"api/v1/audit/events?from={future}")).Json.GetProperty("items").GetArrayLength());
        (await admin.GetAsync("api/v1/audit/events?cursor=bogus!")).EnsureProblem(400, "validation_failed");
        (await admin.GetAsync("api/v1/audit/events?limit=0")).EnsureProblem(400, "validation_failed");
    }
}
