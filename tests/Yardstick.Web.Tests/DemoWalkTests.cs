using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Yardstick.Data.Documents;
using Yardstick.Data.Values;

namespace Yardstick.Web.Tests;

/// <summary>
/// Issue 25, a newcomer's second walk of the demo: the leftovers an officer still tripped over — statuses that claim a
/// pace no one can measure, plan codes in a filter, codes and loopback addresses in the audit log, the auditor's menu, a
/// shorthand indicator name.
/// </summary>
public abstract partial class DemoWalkTests(WebApp app)
{
    /// <summary>The table row (tr … /tr) of a page that names <paramref name="name"/>.</summary>
    private static string RowOf(string page, string name)
    {
        var row = Regex.Matches(page, @"<tr\b.*?</tr>", RegexOptions.Singleline).Select(m => m.Value)
            .FirstOrDefault(r => r.Contains(name, StringComparison.Ordinal));
        row.ShouldNotBeNull($"no row names {name}");
        return row;
    }

    [Fact]
    public async Task Issue_25_walk_a_level_target_without_a_baseline_is_never_called_lagging_on_any_page()
    {
        using var planner = await app.SignInAsync("planner");
        var page = await planner.GetStringAsync("/?plan=TL14&year=2023");

        foreach (var name in new[] { "人均预期寿命", "15岁以上人群吸烟率" })
        {
            var row = RowOf(page, name);
            row.ShouldNotContain("进度滞后", customMessage: name);
            row.ShouldContain("未达目标值 (无基期值, 不判进度)", customMessage: name);
        }
        (await planner.GetStringAsync("/Indicators/Detail?code=life_expectancy&plan=TL14&year=2023")).ShouldContain("未达目标值 (无基期值, 不判进度)");
    }

    [Fact]
    public async Task Issue_25_walk_a_target_past_its_year_and_missed_reads_overdue()
    {
        using var planner = await app.SignInAsync("planner");

        var page = await planner.GetStringAsync("/?plan=CZ2021&year=2023");

        var row = RowOf(page, "孕产妇死亡率");
        row.ShouldContain("到期未达标");
        row.ShouldNotContain("进度滞后");
    }

    [Fact]
    public async Task Issue_25_walk_the_chart_marks_the_plans_baseline_and_says_when_the_data_differ()
    {
        using var planner = await app.SignInAsync("planner");

        var page = await planner.GetStringAsync("/Indicators/Detail?code=maternal_mortality_ratio&plan=TL14&year=2023");

        // The plan's table says 18.27 for 2020; the demo's figures for 2020 say otherwise: both shown, the difference said.
        page.ShouldContain("规划基期值");
        var note = Regex.Match(page, @"<p class=""muted"" id=""baseline-note"">(.*?)</p>").Groups[1].Value;
        note.ShouldContain("规划写明的基期值为 18.27 (2020年), 数据中 2020 年的值为 ");
        note.ShouldContain("应达路径按规划基期值计算");
    }

    [Fact]
    public async Task Issue_25_walk_a_first_sign_in_shows_the_messages_that_wait_not_the_demos_history()
    {
        var kinds = await app.WithDbAsync(async db =>
        {
            var city = await db.OrgUnits.SingleAsync(u => u.Code == WebApp.City);
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = $"SELECT kind FROM messages WHERE recipient_unit_id = {city.Id} AND read_at IS NULL";
            var found = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                found.Add(reader.GetString(0));
            }
            return found;
        });

        // 48 before: every 签收, 进展 and 申请办结 of the demo's task walk, all "new" on the city's first sign-in.
        kinds.ShouldNotBeEmpty();
        kinds.ShouldAllBe(k => k == "task_request_close", "only the 申请办结 waiting for the city's 销号");
        kinds.Count.ShouldBeLessThan(10);
    }

    [Fact]
    public async Task Issue_25_walk_a_task_returned_after_asking_to_close_goes_back_to_its_last_reported_progress()
    {
        var (before, after, stage) = await app.WithDbAsync(async db =>
        {
            var city = await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Code == WebApp.City);
            var task = (await Data.Tasks.TaskBoard.ListAsync(db, "CZ2021")).First(t => t.Stage == Core.Tasks.TaskStage.CloseRequested);
            var commission = new Data.Tasks.TaskViewer("planner", city, MayAssign: true, MayAct: true);
            var returned = await Data.Tasks.TaskBoard.ActAsync(db, task.Id,
                new Data.Tasks.TaskActionInput(Core.Tasks.TaskAction.Return, "佐证材料不全, 请补充验收记录"), commission, DateTimeOffset.UtcNow);
            returned.Succeeded.ShouldBeTrue();
            var now = await Data.Tasks.TaskBoard.GetAsync(db, task.Id);
            return (task.Progress, now!.Progress, now.Stage);
        });

        before.ShouldBe(100, "申请办结 at 100%");
        stage.ShouldBe(Core.Tasks.TaskStage.Received);
        after.ShouldBe(85, "the demo reported 85% before asking to close; a returned task is not finished");
    }

    [Fact]
    public async Task Issue_25_walk_an_approved_form_offers_no_delete_hint_an_open_one_does()
    {
        using var kerqin = await app.SignInAsync("kerqin");

        var approved = await kerqin.GetStringAsync($"/Entry?dataset=epi_monthly&orgunit={WebApp.Kerqin}&period=202301");
        var open = await kerqin.GetStringAsync($"/Entry?dataset=TL14&orgunit={WebApp.Kerqin}&period=2023");

        approved.ShouldContain("已审核");
        approved.ShouldNotContain("清空一项即删除该值");
        open.ShouldContain("清空一项即删除该值");
    }

    [Fact]
    public async Task Issue_25_walk_a_form_still_owed_past_its_due_date_says_it_is_overdue()
    {
        using var kerqin = await app.SignInAsync("kerqin");
        var today = Core.Model.LocalClock.Day(DateTimeOffset.UtcNow);
        // Two months ago: its due date (10 days after the month) has passed, and the demo recorded no report for it.
        var month = today.AddMonths(-2);

        var page = await kerqin.GetStringAsync($"/Entry?dataset=epi_monthly&orgunit={WebApp.Kerqin}&period={month.Year}{month.Month:D2}");

        page.ShouldContain("id=\"report-state\"");
        Regex.IsMatch(page, @"id=""overdue"">逾期 \d+ 天<").ShouldBeTrue("an unsent form past its due date is marked 逾期");
    }

    [Fact]
    public async Task Issue_25_walk_the_task_board_filters_by_plan_name_not_code()
    {
        using var planner = await app.SignInAsync("planner");

        var page = await planner.GetStringAsync("/Tasks");

        var select = Regex.Match(page, @"<select name=""plan"">.*?</select>", RegexOptions.Singleline).Value;
        select.ShouldMatch(@"<option value=""TL14""[^>]*>通辽市.*?规划</option>");
        select.ShouldNotContain(">TL14<");
        select.ShouldNotContain(">CZ2021<");
    }

    [Fact]
    public async Task Issue_25_walk_the_audit_log_writes_periods_and_addresses_in_words()
    {
        AuditWords.Source("网页填报 科尔沁区 202611").ShouldBe("网页填报 科尔沁区 2026年11月");
        AuditWords.Source("上报 慢病管理季报 科尔沁区 2026Q3").ShouldBe("上报 慢病管理季报 科尔沁区 2026年第三季度");
        AuditWords.Source("tongliao-values-202611.csv").ShouldBe("tongliao-values-202611.csv", "a file name is shown as written");
        AuditWords.Address("::1").ShouldBe("本机");
        AuditWords.Address("127.0.0.1").ShouldBe("本机");
        AuditWords.Address("::ffff:10.1.2.3").ShouldBe("10.1.2.3");
        AuditWords.Address(null).ShouldBe("本机");

        using var auditor = await app.SignInAsync("auditor");
        var page = await auditor.GetStringAsync("/Audit?entity=signin");

        page.ShouldContain("<td>本机</td>");
        page.ShouldNotContain("<td>::1</td>");
        page.ShouldNotContain("<td>127.0.0.1</td>");
    }

    [Fact]
    public async Task Issue_25_walk_the_auditor_sees_the_audit_menu_not_the_business_one()
    {
        using var auditor = await app.SignInAsync("auditor");

        var home = await auditor.GetAsync("/");
        home.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        home.Headers.Location!.ToString().ShouldBe("/Audit");
        var menu = Regex.Match(await auditor.GetStringAsync("/Audit"), @"<nav id=""menu"">.*?</nav>", RegexOptions.Singleline).Value;
        menu.ShouldContain("href=\"/Audit\"");
        (await auditor.GetStringAsync("/Audit")).ShouldNotContain("id=\"inbox\"", customMessage: "the unit's 督办 and 报表 messages are not the auditor's");
        foreach (var business in new[] { "href=\"/\"", "href=\"/Entry\"", "href=\"/Plans\"", "href=\"/Tasks\"", "href=\"/Reports\"", "href=\"/Indicators\"" })
        {
            menu.ShouldNotContain(business);
        }
        using var planner = await app.SignInAsync("planner");
        (await planner.GetStringAsync("/")).ShouldContain("href=\"/Plans\"");
    }

    [Fact]
    public async Task Issue_25_walk_a_plan_shorthand_for_a_catalogued_indicator_is_stored_under_its_full_name()
    {
        var names = await app.WithDbAsync(async db =>
        {
            var plan = await db.Plans.SingleAsync(p => p.Code == "TL14");
            return (await PlanItems.ListAsync(db, plan.Id, default)).Select(i => i.Name).ToList();
        });

        names.ShouldContain("卫生监督人员在岗率");
        names.ShouldNotContain("人员在岗率");
    }
}

public sealed class SqliteDemoWalkTests(SqliteWebApp app) : DemoWalkTests(app), IClassFixture<SqliteWebApp>;

public sealed class PostgresDemoWalkTests(PostgresWebApp app) : DemoWalkTests(app), IClassFixture<PostgresWebApp>;
