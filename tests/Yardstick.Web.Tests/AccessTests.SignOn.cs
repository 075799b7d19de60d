using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Yardstick.Data;
using Yardstick.Data.Access;
using Yardstick.Data.Values;
using Yardstick.Web.Tests.Access;

namespace Yardstick.Web.Tests;

/// <summary>
/// Issue 29, point 4: 统一身份认证 matched by user name and by e-mail, end to end through the loopback provider
/// (<see cref="LoopbackOidcProvider"/>) — the staff number is walked in <c>SqliteBrowserTests.SignOn</c>. The suite's app
/// matches by staff number; each test here sets the claim and the field it is matched to as a deployment configures them
/// (<c>Yardstick:Oidc:Claim</c>, <c>MatchBy</c>), which the sign-on page reads per request, and puts them back.
/// </summary>
public abstract partial class AccessTests
{
    /// <summary>A new account (must change its password, as a new one does), with an e-mail when given.</summary>
    private async Task AccountAsync(string name, string role, string unit, string? email = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        (await UserAccounts.CreateAsync(services, services.GetRequiredService<YardstickDb>(), name, role, unit, WebApp.Password,
            mustChangePassword: true, DateTimeOffset.UtcNow)).ShouldBeEmpty();
        if (email is not null)
        {
            var users = services.GetRequiredService<UserManager<YardstickUser>>();
            (await users.SetEmailAsync((await users.FindByNameAsync(name))!, email)).Succeeded.ShouldBeTrue();
        }
    }

    /// <summary>Runs <paramref name="walk"/> with sign-on matching <paramref name="claim"/> to <paramref name="matchBy"/>, then puts the suite's matching back.</summary>
    private async Task MatchingAsync(string claim, SignOnMatch matchBy, Func<Task> walk)
    {
        var settings = app.Services.GetRequiredService<Hosting.YardstickOptions>().Oidc;
        var (claimBefore, matchBefore) = (settings.Claim, settings.MatchBy);
        (settings.Claim, settings.MatchBy) = (claim, matchBy);
        try
        {
            await walk();
        }
        finally
        {
            (settings.Claim, settings.MatchBy) = (claimBefore, matchBefore);
        }
    }

    private async Task<bool> AuditedAsync(string key, string outcome) =>
        (await app.WithDbAsync(db => AuditLog.ReadAsync(db))).Any(e => e.Entity == "signin" && e.Key == key && e.New == outcome);

    [Fact]
    public async Task Sign_on_matched_by_user_name_signs_in_the_account_of_that_name_and_no_other()
    {
        await AccountAsync("zhang", Roles.Reporter, WebApp.Kerqin);

        await MatchingAsync("preferred_username", SignOnMatch.UserName, async () =>
        {
            var (client, page) = await app.SignOnAsync("zhang");
            page.ShouldContain("已登录, 正在进入");
            var home = await client.GetAsync("/");
            home.StatusCode.ShouldBe(HttpStatusCode.OK, "signed in, and no password gate after 统一身份认证");
            (await home.Content.ReadAsStringAsync()).ShouldContain("科尔沁区");
            (await AuditedAsync("zhang", "统一身份认证: 成功")).ShouldBeTrue();

            // The provider's user name that no account here has signs in nobody, whatever staff number it carries.
            var (stranger, refused) = await app.SignOnAsync("stranger");
            refused.ShouldContain("未找到与统一身份认证账号 stranger 对应的本系统账号，请联系系统管理员");
            (await stranger.GetAsync("/")).Headers.Location!.ToString().ShouldContain("/Account/Login");
        });
    }

    [Fact]
    public async Task Sign_on_matched_by_e_mail_signs_in_its_one_account_and_an_e_mail_two_accounts_share_signs_in_neither()
    {
        var email = LoopbackOidcProvider.People["li"].Email;
        // E-mail addresses compare as Identity normalises them: case does not matter.
        await AccountAsync("sso-mail", Roles.Viewer, WebApp.Kailu, email.ToUpperInvariant());

        await MatchingAsync("email", SignOnMatch.Email, async () =>
        {
            var (client, _) = await app.SignOnAsync("li");
            var home = await client.GetAsync("/");
            home.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await home.Content.ReadAsStringAsync()).ShouldContain("开鲁县");
            (await AuditedAsync("sso-mail", "统一身份认证: 成功")).ShouldBeTrue();

            // A second account with the same address: the person is refused, in Chinese, rather than signed in as either.
            await AccountAsync("sso-mail-2", Roles.Planner, WebApp.City, email);
            var (refusedClient, refused) = await app.SignOnAsync("li");
            refused.ShouldContain($"统一身份认证账号 {email} 对应本系统的多个账号，无法确定登录哪一个，请联系系统管理员");
            var after = await refusedClient.GetAsync("/");
            after.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            after.Headers.Location!.ToString().ShouldContain("/Account/Login");
            (await AuditedAsync(email, "统一身份认证: 对应多个账号")).ShouldBeTrue();
            (await AuditedAsync("sso-mail-2", "统一身份认证: 成功")).ShouldBeFalse();
        });
    }
}
