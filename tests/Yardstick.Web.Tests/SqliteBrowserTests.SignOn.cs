using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Yardstick.Data;
using Yardstick.Data.Access;
using Yardstick.Data.Values;
using Yardstick.Web.Tests.Access;

namespace Yardstick.Web.Tests;

/// <summary>
/// Issue 29, point 4: 统一身份认证 against a real OpenID Connect provider on loopback (<see cref="LoopbackOidcProvider"/>),
/// matched by the staff number a security admin sets on the account. The walk in Chromium; the refusals over HTTP.
/// </summary>
public sealed partial class SqliteBrowserTests
{
    /// <summary>Makes an account (must change its password, as a new one does) and ties it to a provider's staff number.</summary>
    private async Task<string> SignOnAccountAsync(string name, string role, string unit, string staffNo)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var users = services.GetRequiredService<UserManager<YardstickUser>>();
        if (await users.FindByNameAsync(name) is null)
        {
            (await UserAccounts.CreateAsync(services, services.GetRequiredService<YardstickDb>(), name, role, unit, WebApp.Password,
                mustChangePassword: true, DateTimeOffset.UtcNow)).ShouldBeEmpty();
        }
        var user = (await users.FindByNameAsync(name))!;
        (await UserAccounts.SetExternalIdAsync(users, user, staffNo)).ShouldBeNull();
        return user.Id;
    }

    [Fact]
    public async Task Sign_on_lands_a_mapped_user_on_their_dashboard_and_sign_out_ends_both_sessions()
    {
        var id = await SignOnAccountAsync("sso-kerqin", Roles.Reporter, WebApp.Kerqin, LoopbackOidcProvider.People["zhang"].StaffNo);
        App.SignOnProvider.Next = "zhang";
        foreach (var width in new[] { 1280, 390 })
        {
            var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = App.BaseAddress.ToString(), Locale = "zh-CN", ViewportSize = new() { Width = width, Height = 900 } });
            context.SetDefaultTimeout(90_000);
            var page = await context.NewPageAsync();
            await page.GotoAsync("/");
            page.Url.ShouldContain("/Account/Login");
            await Shot(page, $"sign-on-login-{width}");
            await page.GetByRole(AriaRole.Link, new() { Name = "统一身份认证登录" }).ClickAsync();
            // Through the provider (another site) and back: the dashboard of the account's own unit, and no password gate.
            await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/", new() { WaitUntil = WaitUntilState.Commit });
            await page.Locator("h1").WaitForAsync();
            (await page.Locator("h1").InnerTextAsync()).ShouldContain("科尔沁区");
            page.Url.ShouldNotContain("ChangePassword");
            await Shot(page, $"sign-on-dashboard-{width}");
            // Another county is outside the account's scope, as after a password sign-in; the provider's "admin" role grants nothing.
            (await page.GotoAsync($"/?orgunit={WebApp.Kailu}"))!.Url.ShouldContain("/Account/Denied");
            (await page.GotoAsync("/Admin/Users"))!.Url.ShouldContain("/Account/Denied");

            var ended = App.SignOnProvider.EndSessions;
            await page.GotoAsync("/");
            if (await page.Locator(".menu-toggle").IsVisibleAsync())
            {
                // A phone keeps 退出 in the folded menu.
                await page.Locator(".menu-toggle").ClickAsync();
            }
            await page.GetByRole(AriaRole.Button, new() { Name = "退出" }).ClickAsync();
            await page.WaitForURLAsync(url => url.Contains("/Account/Login", StringComparison.Ordinal));
            App.SignOnProvider.EndSessions.ShouldBe(ended + 1, "signing out goes on to the provider's end-session endpoint");
            await page.GotoAsync("/");
            page.Url.ShouldContain("/Account/Login");
            await context.CloseAsync();
        }
        var audit = await App.WithDbAsync(db => AuditLog.ReadAsync(db));
        audit.Count(e => e.Entity == "signin" && e.Key == "sso-kerqin" && e.New == "统一身份认证: 成功").ShouldBe(2);
        await using var scope = App.Services.CreateAsyncScope();
        var access = scope.ServiceProvider.GetRequiredService<AccessDb>();
        access.Sessions.Count(s => s.UserId == id && s.EndedAt == null).ShouldBe(0, "both sessions were Yardstick's own, and both ended");
    }

    [Fact]
    public async Task Sign_on_by_someone_no_account_is_tied_to_is_refused_in_Chinese_with_no_session()
    {
        var (client, page) = await App.SignOnAsync("stranger");
        page.ShouldContain("未找到与统一身份认证账号 GH-9999 对应的本系统账号，请联系系统管理员");
        var home = await client.GetAsync("/");
        home.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        home.Headers.Location!.ToString().ShouldContain("/Account/Login");
        (await App.WithDbAsync(db => AuditLog.ReadAsync(db))).ShouldContain(e => e.Entity == "signin" && e.Key == "GH-9999" && e.New == "统一身份认证: 未找到对应账号");
    }

    [Fact]
    public async Task Sign_on_to_a_disabled_account_is_refused_until_it_is_enabled_again()
    {
        var id = await SignOnAccountAsync("sso-off", Roles.Viewer, WebApp.Kailu, LoopbackOidcProvider.People["li"].StaffNo);
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<YardstickUser>>();
            await UserAccounts.SetDisabledAsync(users, scope.ServiceProvider.GetRequiredService<AccessDb>(), (await users.FindByIdAsync(id))!, true);
        }
        var (client, page) = await App.SignOnAsync("li");
        page.ShouldContain("账号已停用");
        (await client.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await App.WithDbAsync(db => AuditLog.ReadAsync(db))).ShouldContain(e => e.Entity == "signin" && e.Key == "sso-off" && e.New!.StartsWith("统一身份认证: 账号已停用", StringComparison.Ordinal));

        // Enabled again, the same person comes in: the refusal was the account's state, not the match.
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<YardstickUser>>();
            await UserAccounts.SetDisabledAsync(users, scope.ServiceProvider.GetRequiredService<AccessDb>(), (await users.FindByIdAsync(id))!, false);
        }
        var (again, _) = await App.SignOnAsync("li");
        (await again.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_users_page_ties_an_account_to_its_sign_on_id_and_gives_a_department_a_data_scope_at_both_widths()
    {
        using var secadmin = await App.SignInAsync("secadmin");
        var id = await SignOnAccountAsync("sso-office", Roles.Department, WebApp.SecondOffice, "GH-2001");
        var saved = await WebApp.PostFormAsync(secadmin, "/Admin/Users", "/Admin/Users?handler=Grant",
            new() { ["id"] = id, ["role"] = Roles.Department, ["orgunit"] = WebApp.SecondOffice, ["dataScope"] = WebApp.Kerqin, ["externalId"] = "GH-2002" });
        saved.StatusCode.ShouldBe(HttpStatusCode.OK);
        // One provider account names one account here.
        var other = await SignOnAccountAsync("sso-other", Roles.Reporter, WebApp.Kerqin, "GH-2003");
        var taken = await WebApp.PostFormAsync(secadmin, "/Admin/Users", "/Admin/Users?handler=Grant",
            new() { ["id"] = other, ["role"] = Roles.Reporter, ["orgunit"] = WebApp.Kerqin, ["externalId"] = "GH-2002" });
        (await taken.Content.ReadAsStringAsync()).ShouldContain("已对应另一个账号");
        foreach (var width in new[] { 1280, 390 })
        {
            var page = await SignInAsync("secadmin", width);
            await page.GotoAsync("/Admin/Users");
            var row = page.Locator("#users tr", new() { HasText = "sso-office" });
            (await row.InnerTextAsync()).ShouldContain("数据查看: 科尔沁区");
            (await row.Locator("input[name=externalId]").InputValueAsync()).ShouldBe("GH-2002");
            await Shot(page, $"users-sign-on-{width}");
            await page.Context.CloseAsync();
        }
    }
}
