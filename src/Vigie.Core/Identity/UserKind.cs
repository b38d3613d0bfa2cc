namespace Vigie.Core.Identity;

/// <summary>A person (password, sessions, MFA) or an API user (machine identity that only uses tokens).</summary>
public static class UserKind
{
    public const string Human = "human";
    public const string Api = "api";
}
