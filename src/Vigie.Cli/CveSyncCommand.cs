using System.CommandLine;
using Vigie.Core.Vulnerabilities.KnowledgeBase.Sync;

namespace Vigie.Cli;

/// <summary><c>vigie cve sync</c>: download the server's configured knowledge-base sources now.</summary>
internal static class CveSyncCommand
{
    public static Command Create(CommandHost host)
    {
        var command = new Command("sync", "Download and import the knowledge-base sources configured on the server (CveSync:Sources) now");
        host.Handle(command, async (context, ct) =>
        {
            using var api = context.Authenticated();
            var body = await api.PostAsync("api/v1/cves/sync", null, TimeSpan.FromMinutes(60), ct);
            if (context.Json)
            {
                context.Output.RawJson(body);
            }
            var results = WireJson.Read<List<SyncResult>>(body);
            if (!context.Json)
            {
                foreach (var r in results)
                {
                    context.Output.Line($"{r.Source}: {r.Status}, {r.Files} file(s), {r.Records} records, {r.Imported} imported, {r.Skipped} skipped"
                        + (r.Error is null ? "" : " — " + r.Error));
                    foreach (var skipped in r.RecordErrors ?? [])
                    {
                        context.Output.Line($"  {skipped}");
                    }
                }
            }
            return results.All(r => r.Status == "ok") ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }
}
