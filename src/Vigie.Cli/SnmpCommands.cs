using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Vigie.Core.Inventory.Polling;

namespace Vigie.Cli;

/// <summary><c>vigie snmp add|list|remove|poll</c>: the network devices Vigie inventories over SNMP.</summary>
internal static class SnmpCommands
{
    public const string CommunityVariable = "VIGIE_SNMP_COMMUNITY";
    public const string AuthPasswordVariable = "VIGIE_SNMP_AUTH_PASSWORD";
    public const string PrivPasswordVariable = "VIGIE_SNMP_PRIV_PASSWORD";
    private const string PollOk = "ok";

    // A poll walks several tables with the server's own SNMP timeouts and retries: more than an ordinary request.
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMinutes(3);
    private static readonly string[] Headers = ["Name", "Address", "Version", "Security", "Enabled", "Last poll", "Status", "Id"];

    public static Command Create(CommandHost host) => new("snmp", "Manage the network devices inventoried over SNMP")
    {
        Add(host), List(host), Remove(host), Poll(host),
    };

    private static Command Add(CommandHost host)
    {
        var options = new SnmpAddOptions();
        var command = new Command("add", "Add a device to poll; its community or passwords are never taken as command-line values");
        options.AddTo(command);
        host.Handle(command, async (context, ct) =>
        {
            // Signed in first, so that nobody types a community only to learn that the command cannot run.
            using var api = context.Authenticated();
            var request = await options.ReadRequestAsync(context, ct);
            var body = await api.PostAsync("api/v1/snmp/devices", request, ct);
            if (context.Json)
            {
                context.Output.RawJson(body);
                return ExitCodes.Success;
            }
            var device = WireJson.Read<SnmpDeviceView>(body);
            context.Output.Line($"added SNMP device {device.Name} ({Endpoint(device)}, {Security(device)}), id {device.Id}");
            context.Output.Line($"next: vigie snmp poll {device.Id}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command List(CommandHost host)
    {
        var command = new Command("list", "List the SNMP devices (never their secrets)");
        host.Handle(command, async (context, ct) =>
        {
            using var api = context.Authenticated();
            var body = await api.GetAsync("api/v1/snmp/devices", ct);
            if (context.Json)
            {
                context.Output.RawJson(body);
                return ExitCodes.Success;
            }
            context.Output.Table(Headers, WireJson.Read<List<SnmpDeviceView>>(body).Select(d => (IReadOnlyList<string>)
            [
                d.Name, Endpoint(d), d.Version, Security(d), Output.YesNo(d.Enabled), Output.Time(d.LastPollAt), Status(d), d.Id.ToString(),
            ]));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Remove(CommandHost host)
    {
        var id = new Argument<Guid>("id") { Description = "The device's id (see 'vigie snmp list')" };
        var command = new Command("remove", "Stop polling a device and forget its credentials (its asset stays)") { id };
        host.Handle(command, async (context, ct) =>
        {
            using var api = context.Authenticated();
            var device = context.Value(id);
            await api.DeleteAsync($"api/v1/snmp/devices/{device}", ct);
            if (context.Json)
            {
                context.Output.RawJson(JsonSerializer.Serialize(new { id = device, removed = true }, WireJson.Options));
                return ExitCodes.Success;
            }
            context.Output.Line($"removed SNMP device {device}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Poll(CommandHost host)
    {
        var id = new Argument<Guid>("id") { Description = "The device's id (see 'vigie snmp list')" };
        var command = new Command("poll", $"Poll a device now; exit code {ExitCodes.Failure} when the poll fails") { id };
        host.Handle(command, async (context, ct) =>
        {
            using var api = context.Authenticated();
            var body = await api.PostAsync($"api/v1/snmp/devices/{context.Value(id)}/poll", null, PollTimeout, ct);
            var result = WireJson.Read<SnmpPollResult>(body);
            var ok = string.Equals(result.Status, PollOk, StringComparison.OrdinalIgnoreCase);
            if (context.Json)
            {
                context.Output.RawJson(body);
            }
            else if (ok)
            {
                context.Output.Line($"polled {result.DeviceId} at {Output.Time(result.PolledAt)}: ok, asset {result.AssetId}");
            }
            if (!ok)
            {
                context.Output.Note($"error: polling SNMP device {result.DeviceId} failed: {result.Error ?? result.Status}");
            }
            return ok ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    private static string Endpoint(SnmpDeviceView d) => string.Create(CultureInfo.InvariantCulture, $"{d.Address}:{d.Port}");

    private static string Security(SnmpDeviceView d) => d.Username is null
        ? $"v{d.Version.TrimStart('v')} community"
        : $"user {d.Username}, {d.AuthProtocol ?? "no auth"}, {(d.PrivProtocol is null or "none" ? "no privacy" : d.PrivProtocol)}";

    private static string Status(SnmpDeviceView d) => d.LastPollStatus switch
    {
        null => "never polled",
        PollOk => PollOk,
        var failed => d.LastError is null ? failed : $"{failed}: {d.LastError}",
    };
}
