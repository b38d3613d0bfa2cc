using Vigie.Core.Common;
using Vigie.Core.Identity;
using Vigie.Server.Auth;

namespace Vigie.Server.Endpoints;

/// <summary>First-administrator setup with the one-time token printed at first start.</summary>
internal static class SetupEndpoints
{
    public static void MapSetupEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/setup").AllowAnonymous().WithTags("Setup");
        group.MapGet("", async (SetupService setup, CancellationToken ct) =>
            TypedResults.Ok(new SetupStatusResponse(await setup.IsRequiredAsync(ct))));
        group.MapPost("", CompleteAsync);
    }

    private static async Task<IResult> CompleteAsync(SetupRequest request, HttpContext context, SetupService setup, LoginThrottle throttle, CancellationToken ct)
    {
        var source = context.Source();
        if (throttle.RetryAfter(source) is { } wait)
        {
            throw new ProblemException(429, "too_many_attempts", "Too many failed attempts from this address; try again later.") { RetryAfter = wait };
        }
        try
        {
            var user = await setup.CompleteAsync(request.Token, request.Username, request.Password, request.DisplayName, source, ct);
            return TypedResults.Created($"/api/v1/users/{user.Id}", user);
        }
        catch (ProblemException problem) when (problem.Code == "invalid_setup_token")
        {
            throttle.RecordFailure(source);
            throw;
        }
    }

    internal sealed record SetupRequest(string? Token, string? Username, string? Password, string? DisplayName)
    {
        public override string ToString() => $"SetupRequest({Username})";
    }

    internal sealed record SetupStatusResponse(bool SetupRequired);
}
