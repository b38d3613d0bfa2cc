using Vigie.Core.Identity;
using Vigie.Core.Inventory.Polling;
using Vigie.Server.Auth;

namespace Vigie.Server.Endpoints;

/// <summary>Network equipment polled over SNMP: <c>/api/v1/snmp/devices</c>.</summary>
internal static class SnmpEndpoints
{
    public static void MapSnmpEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/snmp/devices", async (SnmpDevices devices, CancellationToken ct) => TypedResults.Ok(await devices.ListAsync(ct)))
            .RequireAuthorization(Permissions.InventoryRead).WithTags("SNMP");

        var write = app.MapGroup("/api/v1/snmp/devices").RequireAuthorization(Permissions.InventoryWrite).WithTags("SNMP");
        write.MapPost("", async (AddSnmpDeviceRequest request, HttpContext context, SnmpDevices devices, CancellationToken ct) =>
        {
            var device = await devices.AddAsync(context.Actor(), request, ct);
            return TypedResults.Created($"/api/v1/snmp/devices/{device.Id}", device);
        });
        write.MapDelete("/{id:guid}", async (Guid id, HttpContext context, SnmpDevices devices, CancellationToken ct) =>
        {
            await devices.RemoveAsync(context.Actor(), id, ct);
            return TypedResults.NoContent();
        });
        write.MapPost("/{id:guid}/poll", async (Guid id, HttpContext context, SnmpPoller poller, CancellationToken ct) =>
            TypedResults.Ok(await poller.PollAsync(id, context.Actor(), ct)));
    }
}
