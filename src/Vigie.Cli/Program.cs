using Vigie.Cli;

return await Cli.RunAsync(args, CliConsole.FromProcess());
