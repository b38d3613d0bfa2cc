using Vigie.Bench;

// Usage: dotnet run -c Release --project bench/Vigie.Bench -- auth [seconds] [clients]
//        dotnet run -c Release --project bench/Vigie.Bench -- inventory [devices] [clients]
//        dotnet run -c Release --project bench/Vigie.Bench -- matching [assets] [clients]
//        dotnet run -c Release --project bench/Vigie.Bench -- vault [seconds] [clients]
switch (args.FirstOrDefault())
{
    case "auth":
        await AuthBenchmark.RunAsync(args[1..]);
        return 0;
    case "inventory":
        await InventoryBenchmark.RunAsync(args[1..]);
        return 0;
    case "vault":
        await VaultBenchmark.RunAsync(args[1..]);
        return 0;
    case "matching":
        await MatchingBenchmark.RunAsync(args[1..]);
        return 0;
    default:
        await Console.Error.WriteLineAsync("usage: Vigie.Bench auth [seconds] [clients] | inventory [devices] [clients] | matching [assets] [clients] | vault [seconds] [clients]");
        return 2;
}
