using Vigie.Testing;

namespace Vigie.Server.Tests;

public class ProblemAndHealthTests
{
    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task Health_LiveAndReady_OpenApiServed(TestDatabase db)
    {
        await using var server = await VigieTestServer.StartAsync(db);
        Assert.Equal("live", (await server.Anonymous.GetAsync("health/live")).EnsureStatus(200).Json.GetProperty("status").GetString());
        var ready = (await server.Anonymous.GetAsync("health/ready")).EnsureStatus(200).Json;
        Assert.Equal(db.ToString(), ready.GetProperty("database").GetString());
        var openapi = (await server.Anonymous.GetAsync("openapi/v1.json")).EnsureStatus(200).Json;
        Assert.True(openapi.GetProperty("paths").TryGetProperty("/api/v1/users", out _));
    }

    [Fact]
    public async Task BadInput_ProblemJsonWithStableCode_NoInternals()
    {
        await using var server = await VigieTestServer.StartAsync();
        var admin = await server.SetupAdminAsync();
        var malformed = (await admin.SendRawAsync(HttpMethod.Post, "api/v1/users", "{\"username\": ")).EnsureProblem(400, "invalid_request");
        Assert.DoesNotContain("Exception", malformed.Body);
        Assert.DoesNotContain("at Vigie", malformed.Body);
        (await admin.SendRawAsync(HttpMethod.Post, "api/v1/users", "username=x", "application/x-www-form-urlencoded")).EnsureProblem(415, "unsupported_media_type");
        (await admin.GetAsync("api/v1/nothing-here")).EnsureProblem(404, "not_found");
        (await admin.GetAsync("api/v1/users/not-a-guid")).EnsureProblem(404, "not_found");
        (await admin.GetAsync($"api/v1/users/{Guid.CreateVersion7()}")).EnsureProblem(404, "not_found");
        (await admin.DeleteAsync("api/v1/users")).EnsureProblem(405, "method_not_allowed");

        var invalid = (await admin.PostAsync("api/v1/users", new { username = "bad name!", role = "king", kind = "robot" })).EnsureProblem(400, "validation_failed");
        var errors = invalid.Json.GetProperty("errors");
        Assert.True(errors.TryGetProperty("username", out _));
        Assert.True(errors.TryGetProperty("role", out _));
        Assert.True(errors.TryGetProperty("kind", out _));

        (await admin.PostAsync("api/v1/users", new { username = "jdoe", role = "user", password = "Abcd1!xyz" })).EnsureStatus(201);
        (await admin.PostAsync("api/v1/users", new { username = "JDOE", role = "user", password = "Abcd1!xyz" })).EnsureProblem(409, "username_taken");
    }

    [Fact]
    public async Task DataDirectory_KeyAndDatabasePrivate()
    {
        await using var server = await VigieTestServer.StartAsync();
        var owner = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(owner, File.GetUnixFileMode(Path.Combine(server.DataDirectory, "server.key")));
        Assert.Equal(owner, File.GetUnixFileMode(Path.Combine(server.DataDirectory, "vigie.db")));
        Assert.Equal(owner | UnixFileMode.UserExecute, File.GetUnixFileMode(server.DataDirectory));
    }
}
