using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Options;
using Vigie.Core.Common;
using Vigie.Core.Crypto;

namespace Vigie.Core.Identity;

/// <summary>
/// Sets a user's password under the whole policy: composition rules, then none of the last N
/// passwords (current one included), then hash, history row and trimming of older history.
/// </summary>
public sealed class PasswordWriter
{
    private readonly PasswordPolicy _policy;
    private readonly PasswordHasher _hasher;
    private readonly IdentityOptions _options;
    private readonly TimeProvider _clock;

    public PasswordWriter(PasswordPolicy policy, PasswordHasher hasher, IOptions<IdentityOptions> options, TimeProvider clock)
    {
        _policy = policy;
        _hasher = hasher;
        _options = options.Value;
        _clock = clock;
    }

    public void CheckComposition(string? password, string role, string username, string field = "password")
    {
        var problems = _policy.Check(password, role, username);
        if (problems.Count > 0)
        {
            throw ProblemException.Validation(new Dictionary<string, string[]> { [field] = [.. problems] },
                "The password does not meet the password policy.");
        }
    }

    internal async Task SetAsync(DbConnection c, DbTransaction t, UserRecord user, string password, bool mustChange, string field, CancellationToken ct)
    {
        CheckComposition(password, user.Role, user.Username, field);
        if (_options.PasswordHistory > 0)
        {
            var previous = await c.QueryAsync<string>(new CommandDefinition(
                "SELECT password_hash FROM identity_password_history WHERE user_id = @Id ORDER BY created_at DESC LIMIT @Take",
                new { user.Id, Take = _options.PasswordHistory }, t, cancellationToken: ct));
            foreach (var hash in previous)
            {
                if (_hasher.Verify(password, hash, out _))
                {
                    throw ProblemException.Validation(field, $"must not be one of the last {_options.PasswordHistory} passwords");
                }
            }
        }
        var now = _clock.GetUtcNow();
        user.PasswordHash = _hasher.Hash(password);
        user.PasswordChangedAt = now;
        user.MustChangePassword = mustChange;
        user.UpdatedAt = now;
        await UserStore.UpdatePasswordAsync(c, t, user, ct);
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO identity_password_history (id, user_id, password_hash, created_at) VALUES (@Id, @UserId, @Hash, @CreatedAt)",
            new { Id = Ids.New(_clock), UserId = user.Id, Hash = user.PasswordHash, CreatedAt = now }, t, cancellationToken: ct));
        var keep = Math.Max(_options.PasswordHistory, 1);
        await c.ExecuteAsync(new CommandDefinition(
            """
            DELETE FROM identity_password_history WHERE user_id = @UserId AND id NOT IN (
                SELECT id FROM identity_password_history WHERE user_id = @UserId ORDER BY created_at DESC LIMIT @Keep)
            """, new { UserId = user.Id, Keep = keep }, t, cancellationToken: ct));
    }
}
