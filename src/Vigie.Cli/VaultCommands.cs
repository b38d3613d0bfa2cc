using System.CommandLine;
using Vigie.Core.Vault.Keys;
using Vigie.Core.Vault.Sealing;

namespace Vigie.Cli;

/// <summary>
/// <c>vigie vault status|init|unseal|seal|rotate-keys|folder</c>. Unseal shares are read from standard input or a hidden
/// prompt, never from the command line (shell history, <c>ps</c>); the shares made by <c>init</c> are printed once and
/// written nowhere else.
/// </summary>
internal static class VaultCommands
{
    public static Command Create(CommandHost host)
    {
        var vault = new Command("vault", "Initialise, unseal and seal the vault, rotate its keys, manage its folders and rights, export and restore it")
        {
            Status(host), Init(host), Unseal(host), Seal(host), RotateKeys(host), VaultFolderCommands.Create(host), VaultAccessCommand.Create(host),
            VaultImportCommand.Create(host),
        };
        foreach (var command in VaultBackupCommands.Create(host))
        {
            vault.Subcommands.Add(command);
        }
        return vault;
    }

    private static Command Status(CommandHost host)
    {
        var command = new Command("status", "Show whether the vault is initialised and sealed, and how far an unseal has got");
        host.Handle(command, async (context, ct) =>
        {
            using var api = context.Authenticated();
            var body = await api.GetAsync("api/v1/vault/status", ct);
            if (context.Json)
            {
                context.Output.RawJson(body);
                return ExitCodes.Success;
            }
            var status = WireJson.Read<VaultStatus>(body);
            context.Output.Fields(
            [
                ("state", State(status)),
                ("mode", status.Mode switch
                {
                    VaultSeal.ShamirMode => $"shamir: any {status.Threshold} of {status.Shares} shares unseal it",
                    VaultSeal.KeyMode => "key: opened by the auto-unseal key (development and CI)",
                    _ => status.Mode,
                }),
                ("keyring term", status.KeyringTerm?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ]);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Init(CommandHost host)
    {
        var shares = new Option<int?>("--shares") { Description = "How many unseal shares to make, one per key holder (default 5)" };
        var threshold = new Option<int?>("--threshold") { Description = "How many of them unseal the vault (default 3)" };
        var keyMode = new Option<bool>("--key-mode")
        {
            Description = "Development and CI only: no shares, the server's auto-unseal key (Vault:AutoUnsealKey) opens the vault",
        };
        var command = new Command("init", "Initialise the vault once; the unseal shares are printed this one time only") { shares, threshold, keyMode };
        command.Validators.Add(result =>
        {
            if (result.GetValue(keyMode) && (result.GetResult(shares) is not null || result.GetResult(threshold) is not null))
            {
                result.AddError("--key-mode makes no shares: drop --shares and --threshold");
            }
        });
        host.Handle(command, async (context, ct) =>
        {
            using var api = context.Authenticated();
            var n = context.Value(shares);
            var k = context.Value(threshold);
            var mode = context.Value(keyMode) ? VaultSeal.KeyMode : n is not null || k is not null ? VaultSeal.ShamirMode : null;
            var body = await api.PostAsync("api/v1/vault/init", new { mode, shares = n, threshold = k }, ct);
            if (context.Json)
            {
                context.Output.RawJson(body);
                return ExitCodes.Success;
            }
            var result = WireJson.Read<VaultInitResult>(body);
            if (result.Mode == VaultSeal.KeyMode)
            {
                context.Output.Line("vault initialised in key mode: the server's auto-unseal key opens it (development and CI only)");
                context.Output.Line("next: vigie vault unseal");
                return ExitCodes.Success;
            }
            PrintShares(context.Output, result);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void PrintShares(Output output, VaultInitResult result)
    {
        output.Warn($"the {result.Shares.Count} unseal shares below are shown this once and kept nowhere: give each one to a different person now.");
        output.Warn($"without {result.Threshold} of them the vault can never be opened again; do not store them together, in a file or in a chat.");
        output.Line($"vault initialised: {result.Shares.Count} shares, any {result.Threshold} of them unseal it");
        output.Line("");
        for (var i = 0; i < result.Shares.Count; i++)
        {
            output.Line($"  share {i + 1} of {result.Shares.Count}: {result.Shares[i]}");
        }
        output.Line("");
        output.Line($"the vault is sealed: run 'vigie vault unseal' with {result.Threshold} different shares, one per run");
    }

    private static Command Unseal(CommandHost host)
    {
        var command = new Command("unseal",
            "Give one unseal share (read from standard input, or asked for without echo on a terminal); in key mode, open the vault with the server's key");
        host.Handle(command, async (context, ct) =>
        {
            using var api = context.Authenticated();
            var current = await api.GetAsync("api/v1/vault/status", ct);
            var before = WireJson.Read<VaultStatus>(current);
            if (!before.Initialized)
            {
                throw new CliException(ExitCodes.Failure, "the vault is not initialised", ["hint: run 'vigie vault init' first"]);
            }
            // Nobody is asked for a share that would be of no use.
            var body = current;
            if (before.Sealed && before.Mode == VaultSeal.KeyMode)
            {
                body = await api.PostAsync("api/v1/vault/unseal", null, ct);
            }
            else if (before.Sealed)
            {
                var share = await ReadShareAsync(context, before, ct);
                body = await api.PostAsync("api/v1/vault/unseal", new { share }, ct);
            }
            if (context.Json)
            {
                context.Output.RawJson(body);
                return ExitCodes.Success;
            }
            var after = WireJson.Read<VaultStatus>(body);
            if (!before.Sealed)
            {
                context.Output.Line("the vault is already unsealed");
            }
            else if (after.Sealed)
            {
                var missing = after.Threshold - after.Progress;
                context.Output.Line($"{after.Progress} of {after.Threshold} shares given: {missing} more needed, each from a different key holder");
            }
            else
            {
                context.Output.Line(after.Mode == VaultSeal.KeyMode
                    ? "the vault is unsealed (auto-unseal key)"
                    : $"{after.Threshold} of {after.Threshold} shares given: the vault is unsealed");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<string> ReadShareAsync(CommandContext context, VaultStatus status, CancellationToken ct)
    {
        if (context.Passwords.CanPrompt)
        {
            var prompt = $"Unseal share ({status.Progress + 1} of {status.Threshold}):";
            var typed = await context.Passwords.PromptAsync(prompt, confirm: false, ct);
            return string.IsNullOrWhiteSpace(typed) ? throw CliException.Usage("the share is empty") : typed.Trim();
        }
        return (await context.Passwords.ReadLineAsync("unseal share", ct)).Trim();
    }

    private static Command Seal(CommandHost host)
    {
        var command = new Command("seal", "Seal the vault now: its keys leave the server's memory and every vault request is refused until it is unsealed");
        host.Handle(command, async (context, ct) =>
        {
            using var api = context.Authenticated();
            var body = await api.PostAsync("api/v1/vault/seal", null, ct);
            if (context.Json)
            {
                context.Output.RawJson(body);
                return ExitCodes.Success;
            }
            context.Output.Line("the vault is sealed; 'vigie vault unseal' opens it again");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command RotateKeys(CommandHost host)
    {
        var command = new Command("rotate-keys", "Add a keyring term for new data keys and re-wrap every space's data key under it");
        host.Handle(command, async (context, ct) =>
        {
            using var api = context.Authenticated();
            var body = await api.PostAsync("api/v1/vault/rotate-keys", null, ct);
            if (context.Json)
            {
                context.Output.RawJson(body);
                return ExitCodes.Success;
            }
            var result = WireJson.Read<KeyRotation.RotationResult>(body);
            context.Output.Line($"keyring term {result.Term} in force; {result.Rewrapped} space data keys re-wrapped under it");
            return ExitCodes.Success;
        });
        return command;
    }

    private static string State(VaultStatus status) => (status.Initialized, status.Sealed) switch
    {
        (false, _) => "not initialised (vigie vault init)",
        (true, false) => "unsealed",
        (true, true) when status.Mode == VaultSeal.ShamirMode =>
            $"sealed: {status.Progress} of {status.Threshold} shares given (vigie vault unseal)",
        _ => "sealed (vigie vault unseal)",
    };
}
