using System.Text;
using Dapper;
using Microsoft.Extensions.Logging;
using Vigie.Core.Audit;
using Vigie.Core.Common;
using Vigie.Core.Crypto;
using Vigie.Core.Storage;

namespace Vigie.Core.Identity;

/// <summary>
/// First start without a default password: while no user exists, a one-time setup token (stored hashed,
/// written to a 0600 file) lets whoever runs the server create the first administrator. It dies after use.
/// </summary>
public sealed partial class SetupService
{
    private readonly IDbConnectionFactory _connections;
    private readonly IAuditLog _audit;
    private readonly PasswordWriter _passwords;
    private readonly DataDirectory _dataDirectory;
    private readonly TimeProvider _clock;
    private readonly ILogger<SetupService> _logger;

    public SetupService(IDbConnectionFactory connections, IAuditLog audit, PasswordWriter passwords, DataDirectory dataDirectory,
        TimeProvider clock, ILogger<SetupService> logger)
    {
        _connections = connections;
        _audit = audit;
        _passwords = passwords;
        _dataDirectory = dataDirectory;
        _clock = clock;
        _logger = logger;
    }

    public string TokenFile => _dataDirectory.File("setup-token");

    public async Task<bool> IsRequiredAsync(CancellationToken ct)
    {
        await using var c = await _connections.OpenAsync(ct);
        return await UserStore.CountAsync(c, null, ct) == 0;
    }

    /// <summary>Issues a fresh setup token when the database has no user yet (older unused ones die); null otherwise.</summary>
    public async Task<string?> IssueTokenIfNeededAsync(CancellationToken ct)
    {
        var token = await _connections.InTransactionAsync<string?>(async (c, t) =>
        {
            if (await UserStore.CountAsync(c, t, ct) > 0)
            {
                return null;
            }
            var value = "vst_" + SecretToken.Base64Url(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
            await c.ExecuteAsync(new CommandDefinition("DELETE FROM identity_setup_tokens WHERE used_at IS NULL", transaction: t, cancellationToken: ct));
            await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO identity_setup_tokens (id, token_hash, created_at) VALUES (@Id, @Hash, @Now)",
                new { Id = Ids.New(_clock), Hash = SecretToken.HashSecret(value), Now = _clock.GetUtcNow() }, t, cancellationToken: ct));
            return value;
        }, ct);
        if (token is not null)
        {
            SecureFiles.WritePrivate(TokenFile, Encoding.UTF8.GetBytes(token + "\n"));
            LogSetupTokenIssued(TokenFile);
        }
        return token;
    }

    public async Task<UserView> CompleteAsync(string? token, string? username, string? password, string? displayName, string source, CancellationToken ct)
    {
        var errors = new ValidationErrors().Require("token", token, 200).Require("username", username, 64);
        ValidateUsername(errors, username);
        errors.ThrowIfAny();
        _passwords.CheckComposition(password, Roles.Administrator, username!);

        var view = await _connections.InTransactionAsync(async (c, t) =>
        {
            if (await UserStore.CountAsync(c, t, ct) > 0)
            {
                throw ProblemException.Conflict("setup_completed", "Setup has already been completed.");
            }
            var candidates = await c.QueryAsync<IdAndHash>(new CommandDefinition(
                "SELECT id, token_hash AS hash FROM identity_setup_tokens WHERE used_at IS NULL", transaction: t, cancellationToken: ct));
            var match = candidates.FirstOrDefault(r => SecretToken.Matches(token!, r.Hash));
            if (match is null)
            {
                return null;
            }
            var now = _clock.GetUtcNow();
            var user = new UserRecord
            {
                Id = Ids.New(_clock),
                Username = username!.Trim(),
                UsernameNormalized = UserStore.Normalize(username),
                DisplayName = string.IsNullOrWhiteSpace(displayName) ? username.Trim() : displayName.Trim(),
                Kind = UserKind.Human,
                Role = Roles.Administrator,
                CreatedAt = now,
                UpdatedAt = now,
            };
            await UserStore.InsertAsync(c, t, user, ct);
            await _passwords.SetAsync(c, t, user, password!, mustChange: false, "password", ct);
            await c.ExecuteAsync(new CommandDefinition("UPDATE identity_setup_tokens SET used_at = @Now WHERE used_at IS NULL",
                new { Now = now }, t, cancellationToken: ct));
            var actor = new AuditActor(user.Id, user.Username, source);
            await _audit.AppendAsync(c, t, new AuditEntry(actor, AuditActions.SetupCompleted, user.Target, AuditEntry.Success,
                new Dictionary<string, object?> { ["role"] = user.Role }), ct);
            return UserView.From(user, _clock.GetUtcNow());
        }, ct);

        if (view is null)
        {
            await _audit.AppendAloneAsync(new AuditEntry(AuditActor.Anonymous(source), AuditActions.SetupFailed, "setup", AuditEntry.Failure,
                new Dictionary<string, object?> { ["reason"] = "invalid_token" }), ct);
            throw new ProblemException(401, "invalid_setup_token", "The setup token is not valid.");
        }
        if (File.Exists(TokenFile))
        {
            File.Delete(TokenFile);
        }
        return view;
    }

    internal static void ValidateUsername(ValidationErrors errors, string? username)
    {
        if (!string.IsNullOrWhiteSpace(username) && !username.Trim().All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '.' or '-' or '_' or '@'))
        {
            errors.Add("username", "may contain only letters, digits, '.', '-', '_' and '@'");
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "No user exists yet: a one-time setup token was written to {Path}")]
    private partial void LogSetupTokenIssued(string path);
}
