using System.Data.Common;
using System.Security.Cryptography;
using Dapper;
using Vigie.Core.Crypto;

namespace Vigie.Core.Identity;

/// <summary>Checks a TOTP code (never the same step twice) or burns a recovery code.</summary>
public sealed class MfaVerifier
{
    private readonly FieldCipher _cipher;
    private readonly TimeProvider _clock;

    public MfaVerifier(FieldCipher cipher, TimeProvider clock)
    {
        _cipher = cipher;
        _clock = clock;
    }

    internal static string SecretAad(Guid userId) => $"identity_users.mfa_secret:{userId:D}";

    /// <summary>Matches a code against an encrypted seed; on success the matched step is stored on the user.</summary>
    internal bool VerifyTotp(UserRecord user, string? encryptedSeed, string? code)
    {
        if (encryptedSeed is null || string.IsNullOrWhiteSpace(code))
        {
            return false;
        }
        var seed = _cipher.Decrypt(encryptedSeed, SecretAad(user.Id));
        try
        {
            var step = Totp.Match(seed, code.Trim(), _clock.GetUtcNow(), user.MfaLastStep);
            if (step is null)
            {
                return false;
            }
            user.MfaLastStep = step.Value;
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    internal async Task<bool> UseRecoveryCodeAsync(DbConnection c, DbTransaction t, UserRecord user, string? code, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return false;
        }
        var normalized = NormalizeRecoveryCode(code);
        var rows = await c.QueryAsync<IdAndHash>(new CommandDefinition(
            "SELECT id, code_hash AS hash FROM identity_recovery_codes WHERE user_id = @UserId AND used_at IS NULL",
            new { UserId = user.Id }, t, cancellationToken: ct));
        IdAndHash? match = null;
        foreach (var row in rows)
        {
            if (SecretToken.Matches(normalized, row.Hash))
            {
                match = row;
            }
        }
        if (match is null)
        {
            return false;
        }
        await c.ExecuteAsync(new CommandDefinition("UPDATE identity_recovery_codes SET used_at = @Now WHERE id = @Id",
            new { match.Id, Now = _clock.GetUtcNow() }, t, cancellationToken: ct));
        return true;
    }

    internal static string NormalizeRecoveryCode(string code) =>
        new(code.Where(char.IsAsciiLetterOrDigit).Select(char.ToUpperInvariant).ToArray());
}
