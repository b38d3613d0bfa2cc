using Vigie.Server;

var app = VigieServer.Build(args);
try
{
    await VigieServer.PrepareAsync(app);
}
catch (Exception ex) when (ex is InvalidOperationException or Microsoft.Extensions.Options.OptionsValidationException or System.Data.Common.DbException)
{
    await Console.Error.WriteLineAsync($"vigie: cannot start: {ex.Message}");
    return 1;
}
await app.RunAsync();
return 0;
