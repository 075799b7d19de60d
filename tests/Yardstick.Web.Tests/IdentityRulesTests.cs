using Yardstick.Data.Access;

namespace Yardstick.Web.Tests;

public sealed class IdentityRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void A_password_is_due_for_change_after_90_days_at_first_sign_in_and_after_a_reset()
    {
        IdentityRules.PasswordExpired(new YardstickUser { PasswordChangedAt = Now.AddDays(-89) }, Now).ShouldBeFalse();
        IdentityRules.PasswordExpired(new YardstickUser { PasswordChangedAt = Now.AddDays(-91) }, Now).ShouldBeTrue();
        IdentityRules.PasswordExpired(new YardstickUser { PasswordChangedAt = Now, MustChangePassword = true }, Now).ShouldBeTrue();
        IdentityRules.PasswordExpired(new YardstickUser(), Now).ShouldBeTrue();
    }

    [Fact]
    public async Task Random_first_passwords_pass_the_complexity_rule()
    {
        var rule = new PasswordRules();
        for (var i = 0; i < 50; i++)
        {
            (await rule.ValidateAsync(null!, new YardstickUser(), IdentityRules.RandomPassword())).Succeeded.ShouldBeTrue();
        }
        (await rule.ValidateAsync(null!, new YardstickUser(), "abcdefgh")).Succeeded.ShouldBeFalse();
        (await rule.ValidateAsync(null!, new YardstickUser(), "abcdEFGH")).Succeeded.ShouldBeFalse();
        (await rule.ValidateAsync(null!, new YardstickUser(), "abcdEF12")).Succeeded.ShouldBeTrue();
        (await rule.ValidateAsync(null!, new YardstickUser(), "Ab1!")).Succeeded.ShouldBeFalse();
    }
}
