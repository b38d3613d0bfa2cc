using Vigie.Core.Crypto;
using Vigie.Testing;

namespace Vigie.Server.Tests;

public class MfaTests
{
    private static string CodeAt(byte[] seed, FakeClock clock, int stepOffset = 0) =>
        Totp.Code(seed, Totp.StepAt(clock.GetUtcNow()) + stepOffset);

    private static async Task<byte[]> EnrolAsync(VigieTestServer server, ApiClient client)
    {
        var enrolment = (await client.PostAsync("api/v1/auth/mfa/totp")).EnsureStatus(200).Json;
        var secret = CapturedLogs.Secret("totp seed", enrolment.GetProperty("secret").GetString()!);
        Assert.StartsWith("otpauth://totp/Vigie%3A", enrolment.GetProperty("otpauthUri").GetString());
        var seed = Base32.Decode(secret);
        (await client.PostAsync("api/v1/auth/mfa/totp/confirm", new { code = "000000" == CodeAt(seed, server.Clock) ? "111111" : "000000" }))
            .EnsureProblem(400, "validation_failed");
        var codes = (await client.PostAsync("api/v1/auth/mfa/totp/confirm", new { code = CodeAt(seed, server.Clock) })).EnsureStatus(200).Json;
        Assert.Equal(10, codes.GetProperty("recoveryCodes").GetArrayLength());
        return seed;
    }

    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task Enrolled_LoginNeedsCode_ReplayedCodeRefused(TestDatabase db)
    {
        await using var server = await VigieTestServer.StartAsync(db);
        var admin = await server.SetupAdminAsync();
        var seed = await EnrolAsync(server, admin);
        server.Clock.Advance(TimeSpan.FromSeconds(30));

        var login = new { username = VigieTestServer.AdminName, password = VigieTestServer.AdminPassword, mode = "token" };
        (await server.Anonymous.PostAsync("api/v1/auth/login", login)).EnsureProblem(401, "mfa_required");

        var code = CodeAt(seed, server.Clock);
        var withCode = new { username = VigieTestServer.AdminName, password = VigieTestServer.AdminPassword, totp = code, mode = "token" };
        (await server.Anonymous.PostAsync("api/v1/auth/login", withCode)).EnsureStatus(200);
        (await server.Anonymous.PostAsync("api/v1/auth/login", withCode)).EnsureProblem(401, "invalid_mfa_code");

        // The previous step (inside the ±1 window) is older than the one used: also a replay.
        var previous = new { username = VigieTestServer.AdminName, password = VigieTestServer.AdminPassword, totp = CodeAt(seed, server.Clock, -1), mode = "token" };
        (await server.Anonymous.PostAsync("api/v1/auth/login", previous)).EnsureProblem(401, "invalid_mfa_code");

        server.Clock.Advance(TimeSpan.FromSeconds(30));
        var next = new { username = VigieTestServer.AdminName, password = VigieTestServer.AdminPassword, totp = CodeAt(seed, server.Clock), mode = "token" };
        (await server.Anonymous.PostAsync("api/v1/auth/login", next)).EnsureStatus(200);
    }

    [Fact]
    public async Task RecoveryCode_WorksOnce()
    {
        await using var server = await VigieTestServer.StartAsync();
        var admin = await server.SetupAdminAsync();
        var enrolment = (await admin.PostAsync("api/v1/auth/mfa/totp")).EnsureStatus(200).Json;
        var seed = Base32.Decode(CapturedLogs.Secret("totp seed", enrolment.GetProperty("secret").GetString()!));
        var codes = (await admin.PostAsync("api/v1/auth/mfa/totp/confirm", new { code = CodeAt(seed, server.Clock) })).EnsureStatus(200).Json;
        var recovery = CapturedLogs.Secret("recovery code", codes.GetProperty("recoveryCodes")[3].GetString()!);

        var login = new { username = VigieTestServer.AdminName, password = VigieTestServer.AdminPassword, recoveryCode = recovery.ToLowerInvariant(), mode = "token" };
        (await server.Anonymous.PostAsync("api/v1/auth/login", login)).EnsureStatus(200);
        (await server.Anonymous.PostAsync("api/v1/auth/login", login)).EnsureProblem(401, "invalid_mfa_code");
    }

    [Fact]
    public async Task RoleRequiresMfa_MemberMustEnrolBeforeAnythingElse()
    {
        await using var server = await VigieTestServer.StartAsync();
        var admin = await server.SetupAdminAsync();
        var (auditor, _, _) = await server.CreateUserAsync(admin, "rssi", "auditor");
        (await auditor.GetAsync("api/v1/audit/events")).EnsureStatus(200);

        (await admin.PutAsync("api/v1/settings/mfa", new { requiredForRoles = new[] { "auditor" } })).EnsureStatus(200);
        Assert.Equal("auditor", (await admin.GetAsync("api/v1/settings/mfa")).Json.GetProperty("requiredForRoles")[0].GetString());
        (await auditor.GetAsync("api/v1/audit/events")).EnsureProblem(403, "mfa_enrolment_required");
        (await admin.GetAsync("api/v1/audit/events")).EnsureStatus(200);

        await EnrolAsync(server, auditor);
        (await auditor.GetAsync("api/v1/audit/events")).EnsureStatus(200);
    }
}
