using Microsoft.Extensions.Options;

namespace Vigie.Core.Identity;

/// <summary>Checks a new password against the configured composition rules (not history: see <see cref="PasswordHistoryCheck"/>).</summary>
public sealed class PasswordPolicy
{
    private readonly IdentityOptions _options;

    public PasswordPolicy(IOptions<IdentityOptions> options) => _options = options.Value;

    public int MinLengthFor(string role) =>
        role == Roles.Administrator ? _options.MinLengthAdministrator : _options.MinLengthUser;

    /// <summary>Returns every rule the password breaks, as messages for the <c>password</c> field.</summary>
    public IReadOnlyList<string> Check(string? password, string role, string username)
    {
        var problems = new List<string>();
        if (string.IsNullOrEmpty(password))
        {
            problems.Add("is required");
            return problems;
        }
        var min = MinLengthFor(role);
        if (password.Length < min)
        {
            problems.Add($"must be at least {min} characters for the {role} role");
        }
        if (password.Length > _options.MaxLength)
        {
            problems.Add($"must be at most {_options.MaxLength} characters");
        }
        if (_options.RequireLetter && !password.Any(char.IsLetter))
        {
            problems.Add("must contain a letter");
        }
        if (_options.RequireDigit && !password.Any(char.IsDigit))
        {
            problems.Add("must contain a digit");
        }
        if (_options.RequireSymbol && !password.Any(c => !char.IsLetterOrDigit(c)))
        {
            problems.Add("must contain a symbol");
        }
        if (username.Length >= 3 && password.Contains(username, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add("must not contain the user name");
        }
        return problems;
    }
}
