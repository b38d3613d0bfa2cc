using Dapper;
using Vigie.Core.Identity;
using Vigie.Core.Storage;

namespace Vigie.Core.Vault.Secrets;

public sealed record DashboardEntry(Guid Id, Guid FolderId, string Title, int? Strength, DateTimeOffset? PasswordChangedAt);

public sealed record ReusedPassword(int Entries, IReadOnlyList<DashboardEntry> Where);

public sealed record VaultDashboardView(
    int Folders,
    int Spaces,
    int Entries,
    IReadOnlyDictionary<string, int> StrengthDistribution,
    IReadOnlyList<DashboardEntry> Weak,
    IReadOnlyList<ReusedPassword> Reused,
    IReadOnlyList<DashboardEntry> NotChanged,
    IReadOnlyList<InactiveUser> InactiveUsers,
    int StaleDays);

/// <summary>
/// The vault's health for its administrators: counts, the strength scores stored at write time (0–4, "none" for
/// entries without a password), weak passwords (score ≤ 1), passwords reused across entries (same HMAC
/// fingerprint — the passwords themselves are never compared or shown), passwords not changed for N days, and people
/// who have not logged in for N days.
/// </summary>
public sealed class VaultDashboard
{
    private const int MaxListed = 200;
    private readonly IDbConnectionFactory _connections;
    private readonly IUserDirectory _directory;
    private readonly TimeProvider _clock;

    public VaultDashboard(IDbConnectionFactory connections, IUserDirectory directory, TimeProvider clock)
    {
        _connections = connections;
        _directory = directory;
        _clock = clock;
    }

    public async Task<VaultDashboardView> BuildAsync(int staleDays, CancellationToken ct)
    {
        if (staleDays is < 1 or > 3650)
        {
            throw Common.ProblemException.Validation("staleDays", "must be between 1 and 3650");
        }
        var before = _clock.GetUtcNow().AddDays(-staleDays);
        await using var c = await _connections.OpenAsync(ct);
        var folders = await c.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COUNT(*) FROM vault_folders", cancellationToken: ct));
        var spaces = await c.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COUNT(*) FROM vault_folders WHERE parent_id IS NULL", cancellationToken: ct));
        var entries = (await c.QueryAsync<EntryRow>(new CommandDefinition(
            "SELECT id, folder_id, title, strength, password_changed_at, fingerprint FROM vault_secrets ORDER BY title_normalized, id", cancellationToken: ct))).ToList();
        var distribution = new Dictionary<string, int> { ["none"] = 0, ["0"] = 0, ["1"] = 0, ["2"] = 0, ["3"] = 0, ["4"] = 0 };
        foreach (var e in entries)
        {
            distribution[e.Strength?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"]++;
        }
        var reused = entries.Where(e => e.Fingerprint is not null).GroupBy(e => e.Fingerprint!).Where(g => g.Count() > 1)
            .OrderByDescending(g => g.Count()).Take(MaxListed)
            .Select(g => new ReusedPassword(g.Count(), g.Select(e => e.ToEntry()).ToList())).ToList();
        return new VaultDashboardView(
            folders,
            spaces,
            entries.Count,
            distribution,
            entries.Where(e => e.Strength <= 1).Take(MaxListed).Select(e => e.ToEntry()).ToList(),
            reused,
            entries.Where(e => e.PasswordChangedAt is { } changed && changed < before).OrderBy(e => e.PasswordChangedAt).Take(MaxListed).Select(e => e.ToEntry()).ToList(),
            await _directory.InactiveSinceAsync(before, ct),
            staleDays);
    }

    private sealed class EntryRow
    {
        public Guid Id { get; set; }
        public Guid FolderId { get; set; }
        public string Title { get; set; } = "";
        public int? Strength { get; set; }
        public DateTimeOffset? PasswordChangedAt { get; set; }
        public string? Fingerprint { get; set; }

        public DashboardEntry ToEntry() => new(Id, FolderId, Title, Strength, PasswordChangedAt);
    }
}
