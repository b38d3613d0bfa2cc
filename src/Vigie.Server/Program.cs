using Vigie.Server;

WebApplication app;
try
{
    app = VigieServer.Build(args);
    await VigieServer.PrepareAsync(app);
    await app.StartAsync();
}
catch (Exception ex) when (ex is InvalidOperationException or Microsoft.Extensions.Options.OptionsValidationException
                               or System.Data.Common.DbException or IOException or System.Security.Cryptography.CryptographicException
                               or UnauthorizedAccessException)
{
    // A configuration or environment problem: one clear line, no stack trace.
    await Console.Error.WriteLineAsync($"vigie: cannot start: {ex.Message}");
    return 1;
}
await app.WaitForShutdownAsync();
return 0;
