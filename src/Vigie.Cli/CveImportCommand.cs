using System.CommandLine;
using Vigie.Core.Vulnerabilities.KnowledgeBase;

namespace Vigie.Cli;

/// <summary>
/// <c>vigie cve import</c>: CVE data files (NVD, CVE 5, CISA KEV, Debian tracker and DSA/DLA lists) uploaded one by one
/// to the knowledge base, for sites that cannot reach the feeds themselves.
/// </summary>
internal static class CveImportCommand
{
    private const int ShownErrors = 20;

    // Yearly feeds and CVE 5 dumps run to hundreds of MB, and the server answers only once it has imported the whole file.
    private static readonly TimeSpan ImportTimeout = TimeSpan.FromMinutes(30);

    public static Command Create(CommandHost host)
    {
        var files = new Argument<string[]>("file")
        {
            Description = "CVE data files, gzip-compressed or not: NVD API 2.0 pages, CVE 5 records (JSON or JSONL), the CISA KEV catalogue, the Debian tracker, DSA/DLA lists",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("import",
            $"Import CVE data files into the knowledge base; exit code {ExitCodes.Failure} when the server refuses one (the others are still imported)")
        {
            files,
        };
        host.Handle(command, async (context, ct) =>
        {
            var paths = context.Value(files)!;
            CheckReadable(paths);
            using var api = context.Authenticated();
            var reports = new List<string>();
            var refused = 0;
            try
            {
                foreach (var path in paths)
                {
                    var name = Path.GetFileName(path);
                    try
                    {
                        var body = await UploadAsync(context, api, path, name, ct);
                        reports.Add(body.Trim());
                        if (!context.Json)
                        {
                            Print(context.Output, WireJson.Read<ImportReport>(body));
                        }
                    }
                    catch (CliException refusal) when (refusal.ExitCode == ExitCodes.Failure)
                    {
                        // The server refused this file only (unknown format, malformed JSON, empty): the next ones may be fine.
                        refused++;
                        await Cli.ReportAsync(context.Console,
                            new CliException(refusal.ExitCode, $"{name}: {refusal.Message}", refusal.Details, refusal.ProblemJson), context.Json);
                    }
                }
            }
            catch (CliException) when (context.Json && reports.Count > 0)
            {
                // Refused credentials or an unreachable server stop the run; the files imported before are reported all the same.
                context.Output.RawJson($"[{string.Join(',', reports)}]");
                throw;
            }
            if (context.Json)
            {
                context.Output.RawJson($"[{string.Join(',', reports)}]");
            }
            if (refused > 0 && paths.Length > 1)
            {
                context.Output.Note($"{refused} of {paths.Length} files refused");
            }
            return refused == 0 ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    /// <summary>Every file is checked before the first upload, so that a typo does not leave the import half done.</summary>
    private static void CheckReadable(IReadOnlyList<string> paths)
    {
        var problems = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                problems.Add($"{path}: is a directory");
                continue;
            }
            try
            {
                using var file = File.OpenRead(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                problems.Add($"{path}: {Reason(ex)}");
            }
        }
        if (problems.Count == 1)
        {
            throw new CliException(ExitCodes.Failure, $"cannot read {problems[0]}", ["nothing was uploaded"]);
        }
        if (problems.Count > 1)
        {
            throw new CliException(ExitCodes.Failure, $"cannot read {problems.Count} files", [.. problems, "nothing was uploaded"]);
        }
    }

    private static async Task<string> UploadAsync(CommandContext context, ApiClient api, string path, string name, CancellationToken ct)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Failure, $"cannot read {path}: {Reason(ex)}");
        }
        await using (file)
        {
            var length = file.Length;
            var route = QueryString.Append("api/v1/cves/imports", ("fileName", name));
            return await UploadProgress.ShowAsync(context.Console, name, length,
                sent => api.UploadAsync(route, new ProgressStream(file, sent), length, ImportTimeout, ct));
        }
    }

    private static void Print(Output output, ImportReport report)
    {
        output.Line($"{report.FileName}: {report.Format}, {report.Records} records, {report.Imported} imported, "
            + $"{report.Unchanged} unchanged, {report.Skipped} skipped");
        foreach (var error in report.Errors.Take(ShownErrors))
        {
            output.Line($"  {error}");
        }
        if (report.Errors.Count > ShownErrors)
        {
            output.Line($"  ... and {report.Errors.Count - ShownErrors} more errors (all of them with --json)");
        }
    }

    private static string Reason(Exception ex) => ex switch
    {
        FileNotFoundException or DirectoryNotFoundException => "no such file",
        UnauthorizedAccessException => "permission denied",
        _ => ex.Message,
    };
}
