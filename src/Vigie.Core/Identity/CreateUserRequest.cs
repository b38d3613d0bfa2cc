namespace Vigie.Core.Identity;

/// <summary>A new account. People get an initial password they must change at first login; API users get none.</summary>
public sealed record CreateUserRequest(string? Username, string? DisplayName, string? Role, string? Kind, string? Password)
{
    public override string ToString() => $"CreateUserRequest({Username}, {Role}, {Kind})";
}
