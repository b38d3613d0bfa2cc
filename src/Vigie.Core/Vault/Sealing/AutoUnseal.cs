using Microsoft.Extensions.Hosting;
using Vigie.Core.Audit;

namespace Vigie.Core.Vault.Sealing;

/// <summary>Opens a key-mode vault at start-up with the configured auto-unseal key (development and CI).</summary>
internal sealed class AutoUnseal : IHostedService
{
    private static readonly AuditActor System = new(null, "system:vault", "local");
    private readonly VaultSeal _seal;

    public AutoUnseal(VaultSeal seal) => _seal = seal;

    public Task StartAsync(CancellationToken cancellationToken) => _seal.AutoUnsealAsync(System, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
