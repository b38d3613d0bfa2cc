using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Vigie.Testing;

namespace Vigie.Cli.Tests;

/// <summary>The <c>vault</c> commands: a Shamir vault initialised, unsealed share by share from stdin, used, rotated and sealed; a key-mode vault.</summary>
public sealed partial class VaultCommandTests
{
    [Fact]
    public async Task ShamirVault_SharesPrintedOnce_UnsealedWithThreeSharesFromStdin_ThenPutAndGet()
    {
        await using var server = await TestServers.StartAsync();
        using var cli = await TestServers.AdminRunnerAsync(server);
        Assert.Contains("not initialised", (await cli.RunAsync("vault", "status")).ExpectSuccess().Stdout);
        (await cli.RunAsync("vault", "init", "--key-mode", "--shares", "3")).Expect(2);

        var init = (await cli.RunAsync("vault", "init", "--shares", "5", "--threshold", "3")).ExpectSuccess();
        var shares = ShareLine().Matches(init.Stdout).Select(m => CapturedLogs.Secret("unseal share", m.Groups["share"].Value)).ToList();
        Assert.Equal(5, shares.Count);
        Assert.Equal(5, shares.Distinct().Count());
        Assert.All(shares, s => Assert.Single(Regex.Matches(init.Stdout + init.Stderr, Regex.Escape(s))));
        Assert.Equal(["1", "2", "3", "4", "5"], ShareLine().Matches(init.Stdout).Select(m => m.Groups["n"].Value));
        Assert.Contains("5 shares, any 3 of them unseal it", init.Stdout);
        Assert.Contains("different person", init.Stderr);
        Assert.Contains("shown this once", init.Stderr);
        Assert.Contains("(vault_initialized)", (await cli.RunAsync("vault", "init")).Expect(1).Stderr);

        var sealedStatus = (await cli.RunAsync("vault", "status", "--json")).ExpectSuccess().Json;
        Assert.True(sealedStatus.GetProperty("sealed").GetBoolean());
        Assert.Equal("shamir", sealedStatus.GetProperty("mode").GetString());
        var refused = (await cli.RunAsync("secret", "list")).Expect(6);
        Assert.Contains("(vault_sealed)", refused.Stderr);
        Assert.Contains("vigie vault unseal", refused.Stderr);

        // A share is never an argument; each run takes one from stdin and says how far the unseal has got.
        var asArgument = (await cli.RunAsync("vault", "unseal", shares[0])).Expect(2);
        Assert.Contains("shell history", asArgument.Stderr);
        Assert.DoesNotContain(shares[0], asArgument.Stderr);
        var asOption = (await cli.RunAsync("vault", "unseal", "--share", shares[0])).Expect(2);
        Assert.Contains("there is no --share option", asOption.Stderr);
        Assert.DoesNotContain(shares[0], asOption.Stderr);
        Assert.Contains("expected the unseal share", (await cli.RunAsync("vault", "unseal")).Expect(2).Stderr);
        Assert.Contains("1 of 3 shares given: 2 more needed", (await cli.RunWithInputAsync(shares[0] + "\n", "vault", "unseal")).ExpectSuccess().Stdout);
        Assert.Contains("(share_already_given)", (await cli.RunWithInputAsync(shares[0] + "\n", "vault", "unseal")).Expect(1).Stderr);
        Assert.Contains("sealed: 1 of 3 shares given", (await cli.RunAsync("vault", "status")).ExpectSuccess().Stdout);
        Assert.Contains("2 of 3 shares given: 1 more needed", (await cli.RunWithInputAsync(shares[2] + "\n", "vault", "unseal")).ExpectSuccess().Stdout);
        Assert.Contains("3 of 3 shares given: the vault is unsealed",
            (await cli.RunWithInputAsync(shares[4].ToLowerInvariant() + "\n", "vault", "unseal")).ExpectSuccess().Stdout);
        Assert.Contains("already unsealed", (await cli.RunAsync("vault", "unseal")).ExpectSuccess().Stdout);
        var status = (await cli.RunAsync("vault", "status")).ExpectSuccess().Stdout;
        Assert.Matches(@"state:\s+unsealed", status);
        Assert.Contains("any 3 of 5 shares", status);

        (await cli.RunAsync("vault", "folder", "create", "Infra")).ExpectSuccess();
        var password = CapturedLogs.Secret("password", "Sh4mir!vault-pw");
        (await cli.RunWithInputAsync(password + "\n", "secret", "put", "Infra/root@web1", "--username", "root", "--password-stdin")).ExpectSuccess();
        Assert.Equal(password + "\n", (await cli.RunAsync("secret", "get", "Infra/root@web1", "--field", "password")).ExpectSuccess().Stdout);

        var rotated = (await cli.RunAsync("vault", "rotate-keys")).ExpectSuccess().Stdout;
        Assert.Contains("keyring term 2 in force; 1 space data keys re-wrapped", rotated);
        Assert.Contains("the vault is sealed", (await cli.RunAsync("vault", "seal")).ExpectSuccess().Stdout);
        (await cli.RunAsync("secret", "get", "Infra/root@web1", "--field", "password")).Expect(6);
        Assert.True((await cli.RunAsync("vault", "status", "--json")).ExpectSuccess().Json.GetProperty("sealed").GetBoolean());

        // Any three shares open the rotated keyring.
        foreach (var share in shares.Skip(1).Take(3))
        {
            (await cli.RunWithInputAsync(share + "\n", "vault", "unseal")).ExpectSuccess();
        }
        Assert.Equal(2, (await cli.RunAsync("vault", "status", "--json")).ExpectSuccess().Json.GetProperty("keyringTerm").GetInt32());
        Assert.Equal(password + "\n", (await cli.RunAsync("secret", "get", "Infra/root@web1", "--field", "password")).ExpectSuccess().Stdout);
        Assert.DoesNotContain(CapturedLogs.All, line => shares.Any(s => line.Contains(s, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task KeyModeVault_InitAndUnsealWithoutShares_StatusAsJson()
    {
        await using var server = await TestServers.StartAsync(new Dictionary<string, string?>
        {
            ["Vault:AutoUnsealKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        });
        using var cli = await TestServers.AdminRunnerAsync(server);
        (await cli.RunWithInputAsync("vigie-s1-nothing-to-read\n", "vault", "unseal")).Expect(1);

        var init = (await cli.RunAsync("vault", "init", "--json")).ExpectSuccess().Json;
        Assert.Equal("key", init.GetProperty("mode").GetString());
        Assert.Equal(0, init.GetProperty("shares").GetArrayLength());
        Assert.Contains("unsealed (auto-unseal key)", (await cli.RunAsync("vault", "unseal")).ExpectSuccess().Stdout);
        var status = (await cli.RunAsync("vault", "status", "--json")).ExpectSuccess().Json;
        Assert.False(status.GetProperty("sealed").GetBoolean());
        Assert.Equal(1, status.GetProperty("keyringTerm").GetInt32());
        Assert.Matches(@"mode:\s+key", (await cli.RunAsync("vault", "status")).ExpectSuccess().Stdout);
    }

    [GeneratedRegex(@"share (?<n>\d) of 5: (?<share>vigie-s1-[0-9A-Z-]+)")]
    private static partial Regex ShareLine();
}
