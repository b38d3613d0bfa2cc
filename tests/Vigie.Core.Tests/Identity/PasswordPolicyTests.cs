using Microsoft.Extensions.Options;
using Vigie.Core.Identity;

namespace Vigie.Core.Tests.Identity;

public class PasswordPolicyTests
{
    private readonly PasswordPolicy _policy = new(Options.Create(new IdentityOptions()));

    [Theory]
    [InlineData("Abcde1!x", Roles.User)]
    [InlineData("Abcdefg1!x", Roles.Administrator)]
    [InlineData("été-2026 ok", Roles.User)]
    public void Check_Compliant_NoProblem(string password, string role) =>
        Assert.Empty(_policy.Check(password, role, "jdoe"));

    [Theory]
    [InlineData("Abcd1!x", Roles.User, "at least 8")]
    [InlineData("Abcdef1!x", Roles.Administrator, "at least 10")]
    [InlineData("12345678!", Roles.User, "a letter")]
    [InlineData("Abcdefgh!", Roles.User, "a digit")]
    [InlineData("Abcdefgh1", Roles.User, "a symbol")]
    [InlineData("xjdoe#2026", Roles.User, "user name")]
    public void Check_BreaksOneRule_NamesIt(string password, string role, string expected)
    {
        var problems = _policy.Check(password, role, "jdoe");
        Assert.Single(problems);
        Assert.Contains(expected, problems[0]);
    }

    [Fact]
    public void Check_Empty_Required() => Assert.Equal(["is required"], _policy.Check("", Roles.User, "jdoe"));

    [Fact]
    public void Defaults_AreThoseOfTheSecurityPlan()
    {
        var o = new IdentityOptions();
        Assert.Equal((8, 10, 120, 5, 5), (o.MinLengthUser, o.MinLengthAdministrator, o.PasswordMaxAgeDays, o.PasswordHistory, o.MaxFailedLogins));
        Assert.True(o.RequireLetter && o.RequireDigit && o.RequireSymbol);
        Assert.Equal(600_000, o.Pbkdf2Iterations);
    }
}
