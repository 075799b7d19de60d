using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Yardstick.Data.Values;
using Yardstick.Testing;

namespace Yardstick.Web.Tests;

/// <summary>
/// Issue 24, "bounded everything": what a tester sent to make a task or a scheme grow without end or break a page for good —
/// a 1 MB milestone, 5,000 milestones, unknown indicators by PATCH, a closed task's deadline moved, a weight of 7.9 × 10^28
/// stored, 90,000 bad scheme lines, a title written backwards by U+202E.
/// </summary>
public abstract class InputBoundsTests(WebApp app)
{
    private static async Task<(HttpStatusCode Status, string Body)> AnswerAsync(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<long> NewTaskAsync(HttpClient planner, string title)
    {
        var (status, body) = await AnswerAsync(planner.PostAsync("/api/tasks", JsonContent.Create(new
        {
            title,
            plan = "CZ2021",
            leads = new[] { WebApp.ThirdOffice },
            deadline = "2099-06-30",
        })));
        status.ShouldBe(HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task Issue_24_a_task_with_a_1_MB_milestone_or_5000_milestones_is_refused_and_not_echoed_whole()
    {
        using var planner = app.TokenClient(await app.TokenAsync("planner"));
        object Task(object[] milestones, string deadline = "2099-06-30") => new { title = "里程碑过多的任务", plan = "CZ2021", leads = new[] { WebApp.ThirdOffice }, deadline, milestones };

        var huge = await AnswerAsync(planner.PostAsync("/api/tasks", JsonContent.Create(Task([new { title = new string('长', 1_000_000), due = "2099-01-01" }]))));
        huge.Status.ShouldBe(HttpStatusCode.BadRequest);
        huge.Body.ShouldContain("不能超过 200 字");
        huge.Body.Length.ShouldBeLessThan(2_000);

        var many = await AnswerAsync(planner.PostAsync("/api/tasks", JsonContent.Create(Task([.. Enumerable.Range(1, 5_000).Select(k => (object)new { title = $"第{k}步", due = "2099-01-01" })]))));
        many.Status.ShouldBe(HttpStatusCode.BadRequest);
        many.Body.ShouldContain("最多 50 个里程碑");

        var badDay = await AnswerAsync(planner.PostAsync("/api/tasks", JsonContent.Create(Task([], new string('9', 1_000_000)))));
        badDay.Status.ShouldBe(HttpStatusCode.BadRequest);
        badDay.Body.Length.ShouldBeLessThan(2_000);

        (await planner.GetStringAsync("/api/tasks")).ShouldNotContain("里程碑过多的任务");
    }

    [Fact]
    public async Task Issue_24_patch_refuses_unknown_indicator_codes_as_post_does()
    {
        using var planner = app.TokenClient(await app.TokenAsync("planner"));
        var id = await NewTaskAsync(planner, "关联指标的任务");

        var unknown = await AnswerAsync(planner.PatchAsync($"/api/tasks/{id}", JsonContent.Create(new { indicators = new[] { "no_such_indicator" } })));
        unknown.Status.ShouldBe(HttpStatusCode.BadRequest);
        unknown.Body.ShouldContain("未知的指标代码");
        var flood = await AnswerAsync(planner.PatchAsync($"/api/tasks/{id}",
            JsonContent.Create(new { indicators = Enumerable.Range(0, 2_000).Select(k => k + new string('x', 2_000)).ToArray() })));
        flood.Status.ShouldBe(HttpStatusCode.BadRequest);
        flood.Body.Length.ShouldBeLessThan(2_000);
        var known = await AnswerAsync(planner.PatchAsync($"/api/tasks/{id}", JsonContent.Create(new { indicators = new[] { "infant_mortality_rate" } })));
        known.Status.ShouldBe(HttpStatusCode.OK, known.Body);

        var stored = JsonDocument.Parse(await planner.GetStringAsync($"/api/tasks/{id}")).RootElement.GetProperty("indicators");
        stored.EnumerateArray().Select(i => i.GetString()).ShouldBe(["infant_mortality_rate"]);
    }

    [Fact]
    public async Task Issue_24_a_closed_task_is_read_only_until_the_assigner_reopens_it_with_a_reason()
    {
        using var planner = app.TokenClient(await app.TokenAsync("planner"));
        using var office = app.TokenClient(await app.TokenAsync("office3"));
        var id = await NewTaskAsync(planner, "办结后重新打开的任务");
        Task<HttpResponseMessage> Act(HttpClient who, object body) => who.PostAsync($"/api/tasks/{id}/actions", JsonContent.Create(body));
        (await Act(office, new { action = "receive" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Act(office, new { action = "request_close", note = "已完成" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Act(planner, new { action = "close", rating = 5 })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var moved = await AnswerAsync(planner.PatchAsync($"/api/tasks/{id}", JsonContent.Create(new { deadline = "2099-12-31" })));
        moved.Status.ShouldBe(HttpStatusCode.Conflict);
        moved.Body.ShouldContain("已办结");
        (await Act(planner, new { action = "reopen" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest, "a reopening says why");
        (await Act(office, new { action = "reopen", note = "想再改改" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden, "only the assigner reopens");
        var reopened = await AnswerAsync(Act(planner, new { action = "reopen", note = "台账核查发现漏报" }));
        reopened.Status.ShouldBe(HttpStatusCode.OK, reopened.Body);
        JsonDocument.Parse(reopened.Body).RootElement.GetProperty("stage").GetString().ShouldBe("received");

        (await office.GetStringAsync("/api/messages")).ShouldContain("台账核查发现漏报");
        var audit = await app.WithDbAsync(db => AuditLog.ReadAsync(db));
        audit.ShouldContain(e => e.Entity == "task.reopen" && e.Old == "closed" && e.New!.Contains("台账核查发现漏报"));
        (await planner.PatchAsync($"/api/tasks/{id}", JsonContent.Create(new { deadline = "2099-12-31" }))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Issue_24_a_stored_huge_weight_still_renders_the_assessment_page_and_the_scorecard()
    {
        await app.WithDbAsync(async db =>
        {
            var plan = await db.Plans.SingleAsync(p => p.Code == "TL14");
            var city = await db.OrgUnits.SingleAsync(u => u.Code == WebApp.City);
            return await db.WithConnectionAsync(async connection =>
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"""
                    INSERT INTO scoring_schemes (plan_id, org_unit_id, year, csv, updated_by, updated_at)
                    VALUES ({plan.Id}, {city.Id}, 2023, 'indicator,weight,rule
                    infant_mortality_rate,79228162514264337593543950335,达标得满分
                    maternal_mortality_ratio,50,按进度', 'tester', '2026-12-07T00:00:00.0000000+00:00')
                    """;
                return await command.ExecuteNonQueryAsync();
            }, default);
        });
        using var planner = await app.SignInAsync("planner");

        var page = await planner.GetAsync("/Reports/Assessment?plan=TL14&orgunit=" + WebApp.City + "&year=2023");
        var html = await page.Content.ReadAsStringAsync();
        page.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        html.ShouldContain("已保存的计分方案有误");
        html.ShouldContain("第2行: 权重应在 0 到 1000 之间");
        html.ShouldContain("保存方案");
        var card = await AnswerAsync(planner.GetAsync("/api/plans/TL14/scorecard?orgunit=" + WebApp.City + "&year=2023"));
        card.Status.ShouldBe(HttpStatusCode.OK, card.Body);
        JsonDocument.Parse(card.Body).RootElement.GetProperty("schemeWarnings")[0].GetString()!.ShouldContain("第2行");

        var fixedScheme = await WebApp.PostFormAsync(planner, "/Reports/Assessment?plan=TL14&orgunit=" + WebApp.City + "&year=2023",
            "/Reports/Assessment?plan=TL14&orgunit=" + WebApp.City + "&year=2023&handler=Scheme",
            new() { ["key"] = "infant_mortality_rate", ["weight"] = "60", ["rule"] = "达标得满分", ["deduction"] = "", ["floor"] = "" });
        fixedScheme.StatusCode.ShouldBe(HttpStatusCode.Redirect, await fixedScheme.Content.ReadAsStringAsync());
        (await planner.GetStringAsync("/Reports/Assessment?plan=TL14&orgunit=" + WebApp.City + "&year=2023")).ShouldNotContain("已保存的计分方案有误");
    }

    [Fact]
    public async Task Issue_24_a_scheme_put_refuses_out_of_range_weights_and_lists_at_most_100_issues()
    {
        using var planner = app.TokenClient(await app.TokenAsync("planner"));
        const string scheme = "/api/plans/TL14/scheme?orgunit=" + WebApp.City + "&year=2024";
        static HttpContent Csv(string text) => new StringContent(text, Encoding.UTF8, "text/csv");

        var huge = await AnswerAsync(planner.PutAsync(scheme, Csv("indicator,weight,rule\ninfant_mortality_rate,79228162514264337593543950335,达标得满分\n")));
        huge.Status.ShouldBe(HttpStatusCode.BadRequest);
        huge.Body.ShouldContain("第2行: 权重应在 0 到 1000 之间");
        var fine = await AnswerAsync(planner.PutAsync(scheme, Csv("indicator,weight,rule\ninfant_mortality_rate,10.555,达标得满分\n")));
        fine.Status.ShouldBe(HttpStatusCode.BadRequest);
        fine.Body.ShouldContain("第2行: 权重最多 2 位小数");

        var lines = new StringBuilder("indicator,weight,rule\n");
        for (var k = 0; k < 90_000; k++)
        {
            lines.Append("infant_mortality_rate,很多,随便\n");
        }
        var flood = await AnswerAsync(planner.PutAsync(scheme, Csv(lines.ToString())));
        flood.Status.ShouldBe(HttpStatusCode.BadRequest);
        var errors = JsonDocument.Parse(flood.Body).RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList();
        errors.Count.ShouldBe(101);
        errors[^1].ShouldStartWith("另有 ");
        flood.Body.Length.ShouldBeLessThan(30_000);
    }

    [Fact]
    public async Task Issue_24_task_dates_outside_1900_to_2999_are_refused_by_post_patch_and_the_form_naming_the_field()
    {
        using var planner = app.TokenClient(await app.TokenAsync("planner"));
        object Task(string deadline, string due) =>
            new { title = "年份越界的任务", plan = "CZ2021", leads = new[] { WebApp.ThirdOffice }, deadline, milestones = new[] { new { title = "第一步", due } } };
        var id = await NewTaskAsync(planner, "期限待改的任务");

        var answers = new[]
        {
            (await AnswerAsync(planner.PostAsync("/api/tasks", JsonContent.Create(Task("0001-01-01", "1999-01-01")))), "完成时限"),
            (await AnswerAsync(planner.PostAsync("/api/tasks", JsonContent.Create(Task("9999-12-31", "2099-01-01")))), "完成时限"),
            (await AnswerAsync(planner.PostAsync("/api/tasks", JsonContent.Create(Task("2099-06-30", "0001-01-01")))), "里程碑"),
            (await AnswerAsync(planner.PatchAsync($"/api/tasks/{id}", JsonContent.Create(new { deadline = "9999-12-31" }))), "完成时限"),
            (await AnswerAsync(planner.PatchAsync($"/api/tasks/{id}", JsonContent.Create(new { deadline = "明年年底" }))), "完成时限"),
        };
        using var cookie = await app.SignInAsync("planner");
        var form = await WebApp.PostFormAsync(cookie, "/Tasks/New", "/Tasks/New", new()
        {
            ["title"] = "年份越界的任务",
            ["plan"] = "CZ2021",
            ["leads"] = WebApp.ThirdOffice,
            ["deadline"] = "0001-01-01",
        });

        foreach (var ((status, body), field) in answers)
        {
            status.ShouldBe(HttpStatusCode.BadRequest, body);
            body.ShouldContain(field);
        }
        answers[1].Item1.Body.ShouldContain("1900 到 2999");
        var page = await form.Content.ReadAsStringAsync();
        form.StatusCode.ShouldBe(HttpStatusCode.OK, page);
        page.ShouldContain("完成时限 0001-01-01 超出范围");
        (await planner.GetStringAsync("/api/tasks")).ShouldNotContain("年份越界的任务");
        var edges = await AnswerAsync(planner.PostAsync("/api/tasks", JsonContent.Create(Task("2999-12-31", "1900-01-01"))));
        edges.Status.ShouldBe(HttpStatusCode.Created, edges.Body);
    }

    [Fact]
    public async Task Issue_24_an_appeal_window_out_of_range_is_refused_naming_it_and_its_range_never_clamped()
    {
        using var planner = app.TokenClient(await app.TokenAsync("planner"));
        const string assessment = "/api/plans/TL14/assessment?orgunit=" + WebApp.City + "&year=2022";

        foreach (var days in new[] { 0, -3, 31, 365 })
        {
            var answer = await AnswerAsync(planner.PostAsync(assessment, JsonContent.Create(new { action = "publish", appealDays = days })));
            answer.Status.ShouldBe(HttpStatusCode.BadRequest, $"{days}: {answer.Body}");
            answer.Body.ShouldContain("appealDays");
            answer.Body.ShouldContain("1 到 30");
        }
        using var cookie = await app.SignInAsync("planner");
        const string page = "/Reports/Assessment?plan=TL14&orgunit=" + WebApp.City + "&year=2022";
        var form = await WebApp.PostFormAsync(cookie, page, page + "&handler=Publish", new() { ["days"] = "45" });

        var html = await form.Content.ReadAsStringAsync();
        form.StatusCode.ShouldBe(HttpStatusCode.BadRequest, html);
        html.ShouldContain("申诉期");
        JsonDocument.Parse(await planner.GetStringAsync("/api/plans/TL14/scorecard?orgunit=" + WebApp.City + "&year=2022")).RootElement
            .GetProperty("state").GetString().ShouldBe("draft");
    }

    [Fact]
    public async Task Issue_24_the_equal_split_is_shown_and_saved_back_as_it_is_and_sums_to_exactly_100()
    {
        using var planner = await app.SignInAsync("planner");
        const string page = "/Reports/Assessment?plan=TL14&orgunit=" + WebApp.City + "&year=2020";
        static List<(string Key, decimal Weight)> Rows(string html) =>
        [
            .. System.Text.RegularExpressions.Regex.Matches(html,
                    "<select name=\"key\">(?:(?!</select>).)*?<option value=\"([^\"]+)\" selected=\"selected\">.*?</select></td>\\s*<td class=\"num\"><input name=\"weight\" value=\"([0-9.]+)\"",
                    System.Text.RegularExpressions.RegexOptions.Singleline)
                .Select(m => (m.Groups[1].Value, decimal.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))),
        ];
        var html = await planner.GetStringAsync(page);
        var shown = Rows(html);
        ((int)(100m / shown.Count).Scale).ShouldBeGreaterThan(2, $"{shown.Count} items: the split is not a whole number of hundredths");
        var fields = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", AntiForgeryToken.From(html)) };
        foreach (var (key, weight) in shown)
        {
            fields.AddRange([new("key", key), new("weight", weight.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("rule", "按进度得分"), new("deduction", ""), new("floor", "")]);
        }

        var saved = await planner.PostAsync(page + "&handler=Scheme", new FormUrlEncodedContent(fields));

        shown.Sum(r => r.Weight).ShouldBe(100m);
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect, await saved.Content.ReadAsStringAsync());
        var again = await planner.GetStringAsync(page);
        again.ShouldContain("已设定");
        Rows(again).ShouldBe(shown);
        using var token = app.TokenClient(await app.TokenAsync("planner"));
        var thirds = await AnswerAsync(token.PutAsync("/api/plans/TL14/scheme?orgunit=" + WebApp.City + "&year=2020", new StringContent(
            $"indicator,weight,rule\n{shown[0].Key},33.33,按进度\n{shown[1].Key},33.33,按进度\n{shown[2].Key},33.34,按进度\n", Encoding.UTF8, "text/csv")));
        thirds.Status.ShouldBe(HttpStatusCode.OK, thirds.Body);
    }

    [Fact]
    public async Task Issue_24_a_scheme_naming_an_item_twice_is_refused_naming_it()
    {
        using var planner = app.TokenClient(await app.TokenAsync("planner"));
        const string scheme = "/api/plans/TL14/scheme?orgunit=" + WebApp.City + "&year=2019";

        var twice = await AnswerAsync(planner.PutAsync(scheme, new StringContent(
            "indicator,weight,rule\ninfant_mortality_rate,50,达标得满分\nmaternal_mortality_ratio,25,按进度\ninfant_mortality_rate,25,按进度\n", Encoding.UTF8, "text/csv")));

        twice.Status.ShouldBe(HttpStatusCode.BadRequest, twice.Body);
        twice.Body.ShouldContain("第4行");
        twice.Body.ShouldContain("infant_mortality_rate");
        twice.Body.ShouldContain("第2行");
        JsonDocument.Parse(await planner.GetStringAsync("/api/plans/TL14/scorecard?orgunit=" + WebApp.City + "&year=2019")).RootElement
            .GetProperty("scheme").EnumerateArray().Count(i => i.GetProperty("key").GetString() == "infant_mortality_rate").ShouldBe(1);
    }

    [Fact]
    public async Task A_year_out_of_range_or_not_a_number_is_refused_naming_the_field_and_the_value()
    {
        using var planner = await app.SignInAsync("planner");

        var early = await AnswerAsync(planner.GetAsync("/?year=1800"));
        var word = await AnswerAsync(planner.GetAsync("/?year=abc"));

        early.Status.ShouldBe(HttpStatusCode.BadRequest);
        early.Body.ShouldContain("年份 1800 不在 1900–2999 之间");
        early.Body.ShouldNotContain("表单已过期");
        word.Status.ShouldBe(HttpStatusCode.BadRequest);
        word.Body.ShouldContain("abc");
        word.Body.ShouldContain("无法识别: 应为 1900–2999 之间的整数");
    }

    [Fact]
    public async Task The_scheme_csv_hint_names_its_columns_in_chinese()
    {
        using var planner = await app.SignInAsync("planner");

        (await planner.GetStringAsync("/Reports/Assessment?plan=TL14&orgunit=" + WebApp.City + "&year=2023"))
            .ShouldContain("列: indicator (指标代码), weight (权重), rule (规则), deduction (扣分), floor (保底)");
    }

    [Fact]
    public async Task Issue_24_bidi_controls_and_line_separators_are_removed_from_a_task_title()
    {
        using var planner = app.TokenClient(await app.TokenAsync("planner"));

        var id = await NewTaskAsync(planner, "完成\u202E方案\u2028编制\u2066审定\u2069");

        JsonDocument.Parse(await planner.GetStringAsync($"/api/tasks/{id}")).RootElement.GetProperty("title").GetString().ShouldBe("完成方案编制审定");
    }
}

public sealed class SqliteInputBoundsTests(SqliteWebApp app) : InputBoundsTests(app), IClassFixture<SqliteWebApp>;

public sealed class PostgresInputBoundsTests(PostgresWebApp app) : InputBoundsTests(app), IClassFixture<PostgresWebApp>;
