using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using Vigie.Testing;

namespace Vigie.Server.Tests;

/// <summary>Direct access to a test server's database, for tampering and failure injection.</summary>
internal static class DatabaseAccess
{
    public static async Task<DbConnection> OpenAsync(VigieTestServer server)
    {
        DbConnection connection = server.Database == TestDatabase.Postgres
            ? new NpgsqlConnection(server.ConnectionString)
            : new SqliteConnection(server.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Makes every insert into <paramref name="table"/> fail, as a full disk or a crash would.</summary>
    public static async Task RefuseInsertsAsync(DbConnection c, TestDatabase db, string table)
    {
        if (db == TestDatabase.Postgres)
        {
            await c.ExecuteAsync($"CREATE FUNCTION refuse_{table}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'insert refused'; END $$");
            await c.ExecuteAsync($"CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION refuse_{table}()");
        }
        else
        {
            await c.ExecuteAsync($"CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} BEGIN SELECT RAISE(ABORT, 'insert refused'); END");
        }
    }
}
