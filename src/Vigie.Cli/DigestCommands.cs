using System.CommandLine;
using Vigie.Core.Vulnerabilities.Notifications;

namespace Vigie.Cli;

/// <summary><c>vigie digest send --now</c>: the daily vulnerability digest, sent at once.</summary>
internal static class DigestCommands
{
    public static Command Create(CommandHost host)
    {
        var now = new Option<bool>("--now") { Description = "Send it now (the server otherwise sends it daily at Notifications:DigestTimeUtc)" };
        var send = new Command("send", "Send the digest of the last 24 hours by email and webhook, as configured on the server") { now };
        host.Handle(send, async (context, ct) =>
        {
            if (!context.Value(now))
            {
                throw CliException.Usage("say --now: the server sends the digest by itself every day at Notifications:DigestTimeUtc");
            }
            using var api = context.Authenticated();
            var body = await api.PostAsync("api/v1/digest/send", null, TimeSpan.FromMinutes(2), ct);
            if (context.Json)
            {
                context.Output.RawJson(body);
                return ExitCodes.Success;
            }
            var deliveries = WireJson.Read<List<Delivery>>(body);
            foreach (var delivery in deliveries)
            {
                context.Output.Line($"{delivery.Channel} to {delivery.Target}: {delivery.Status}{(delivery.Error is null ? "" : " — " + delivery.Error)}");
            }
            return deliveries.All(d => d.Status == "sent") ? ExitCodes.Success : ExitCodes.Failure;
        });
        return new Command("digest", "The daily vulnerability digest") { send };
    }
}
