using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Yardstick.Core.Model;
using Yardstick.Data.Interchange;
using Yardstick.Data.Reports;
using Yardstick.Data.Tasks;

namespace Yardstick.Web.Tests;

/// <summary>
/// Issue 25: the demo fits together for a township reporter (a form due, 上报), forms and templates in the data set's own
/// period type, reminders for every data set type, task codes unique within a plan and a task finished only with its milestones.
/// </summary>
public abstract partial class DemoFormsTests(WebApp app)
{
    private const string TownshipSet = "epi_monthly";

    private static DateOnly Today => LocalClock.Day(DateTimeOffset.UtcNow);

    /// <summary>The month a monthly form is being reported for now: the last one ended.</summary>
    private static Period LastMonth => Period.OfMonth(Today.AddMonths(-1).Year, Today.AddMonths(-1).Month);

    [Fact]
    public async Task Issue_25_a_township_reporter_has_a_form_due_in_the_demo_and_can_submit_it()
    {
        using var dalin = await app.SignInAsync("dalin");
        var due = await dalin.GetStringAsync("/Entry/Due");
        due.ShouldContain("免疫规划月报");
        due.ShouldNotContain("现在没有需要您填报或审核的报表");

        var form = await dalin.GetStringAsync("/Entry");
        form.ShouldNotContain("class=\"errors\"");
        form.ShouldContain($"name=\"period\" value=\"{LastMonth}\"");
        form.ShouldContain("免疫规划月报");
        form.ShouldContain("id=\"v-vaccine_doses_due\"");

        using var api = app.TokenClient(await app.TokenAsync("dalin"));
        var values = await api.PostAsJsonAsync("/api/dataValueSets", new
        {
            dataSet = TownshipSet,
            period = LastMonth.ToString(),
            orgUnit = WebApp.Dalin,
            dataValues = new[] { new { dataElement = "vaccine_doses_due", value = "1040" }, new { dataElement = "vaccine_doses_given", value = "1012" } },
        });
        values.IsSuccessStatusCode.ShouldBeTrue(await values.Content.ReadAsStringAsync());
        var submitted = await api.PostAsJsonAsync($"/api/dataSets/{TownshipSet}/submissions", new { orgUnit = WebApp.Dalin, period = LastMonth.ToString() });
        submitted.IsSuccessStatusCode.ShouldBeTrue(await submitted.Content.ReadAsStringAsync());
        (await dalin.GetStringAsync($"/Entry?dataset={TownshipSet}&period={LastMonth}")).ShouldContain("已上报");
    }

    [Fact]
    public async Task Issue_25_a_year_chosen_for_a_monthly_form_opens_its_last_month_not_an_error()
    {
        using var dalin = await app.SignInAsync("dalin");

        var page = await dalin.GetStringAsync($"/Entry?dataset={TownshipSet}&period={Today.Year - 1}");

        page.ShouldNotContain("class=\"errors\"");
        page.ShouldContain($"name=\"period\" value=\"{Today.Year - 1}12\"");
        page.ShouldContain("按月报送: 已打开");
    }

    [Fact]
    public async Task Issue_25_a_unit_not_assigned_a_data_set_sees_no_due_badge_and_is_offered_its_own_forms()
    {
        using var dalin = await app.SignInAsync("dalin");

        var page = await dalin.GetStringAsync($"/Entry?dataset=mch_monthly&period={LastMonth}");

        page.ShouldContain("id=\"not-owed\"");
        page.ShouldContain("大林镇 不报送妇幼健康月报");
        page.ShouldNotContain("id=\"report-state\"");
        page.ShouldNotContain("截止");
        page.ShouldNotContain("id=\"v-live_births\"");
        page.ShouldContain($"dataset={TownshipSet}");
    }

    [Fact]
    public async Task Issue_25_a_monthly_template_carries_month_periods_and_imports_back_unchanged()
    {
        using var qianjia = await app.SignInAsync("qianjia");
        var upload = await qianjia.GetStringAsync("/Entry/Upload");
        upload.ShouldContain("数据元代码, 期间, 机构代码, 数值");

        var bytes = await qianjia.GetByteArrayAsync($"/Entry/Upload?handler=Template&dataset={TownshipSet}&period={Today.Year}");
        var (tables, issues) = SourceTable.Read("template.xlsx", bytes);

        issues.ShouldBeEmpty();
        var rows = tables.Single().Rows;
        var expected = Period.OfYear(Today.Year).Split(PeriodType.Month).Where(p => p.End < Today).ToList();
        if (expected.Count == 0)
        {
            expected = [Period.OfMonth(Today.Year, 1)];
        }
        rows.Count.ShouldBe(expected.Count * 2);
        rows.Select(r => r.Cells["period"]).Distinct().ShouldBe(expected.Select(p => p.ToString()));
        rows.ShouldAllBe(r => r.Cells["orgunit"] == WebApp.Qianjia);

        // Filled in as a person fills it (values only) and uploaded: every row is stored as typed.
        var filled = new List<IReadOnlyList<ReportCell>> { new ReportCell[] { "数据元代码", "期间", "机构代码", "数值", "数据元名称", "机构名称" } };
        filled.AddRange(rows.Select(r => (IReadOnlyList<ReportCell>)[r.Cells["dataelement"], r.Cells["period"], r.Cells["orgunit"],
            r.Cells["dataelement"] == "vaccine_doses_due" ? "800" : "790", "", ""]));
        var path = Path.Combine(Path.GetTempPath(), $"template-{Guid.NewGuid():N}.xlsx");
        XlsxWriter.Write(path, [new ReportSheet("数据值", filled)]);
        var content = Convert.ToBase64String(await File.ReadAllBytesAsync(path));
        File.Delete(path);
        var commit = await WebApp.PostFormAsync(qianjia, "/Entry/Upload", "/Entry/Upload?handler=Commit", new() { ["fileName"] = "模板.xlsx", ["content"] = content });
        var answer = await commit.Content.ReadAsStringAsync();
        answer.ShouldContain($"已保存 模板.xlsx: {rows.Count} 个数值");

        using var api = app.TokenClient(await app.TokenAsync("qianjia"));
        var stored = await api.GetStringAsync($"/api/dataValueSets?orgUnit={WebApp.Qianjia}&period={expected[^1]}");
        stored.ShouldContain("\"800\"");
        stored.ShouldContain("\"790\"");
    }

    [Fact]
    public async Task Issue_25_the_reports_page_of_a_unit_without_units_below_says_so_by_name()
    {
        using var dalin = await app.SignInAsync("dalin");

        var page = await dalin.GetStringAsync("/Reports");

        page.ShouldContain("<p class=\"errors\">大林镇没有下级单位, 无法排名</p>");
    }

    [Fact]
    public async Task Issue_25_task_codes_are_unique_within_each_plan_of_the_demo()
    {
        foreach (var plan in new[] { "TL14", "CZ2021" })
        {
            var tasks = await app.WithDbAsync(db => TaskBoard.ListAsync(db, plan));

            tasks.ShouldNotBeEmpty();
            tasks.GroupBy(t => t.No).Where(g => g.Count() > 1).Select(g => $"{plan}-{g.Key}").ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task Issue_25_drafts_wait_on_the_planner_not_on_the_system_admin()
    {
        var drafts = (await app.WithDbAsync(db => TaskBoard.ListAsync(db, null))).Count(t => t.Stage == Core.Tasks.TaskStage.Draft);
        using var admin = await app.SignInAsync("sysadmin");
        using var planner = await app.SignInAsync("planner");

        var adminWaiting = WaitingCount(await admin.GetStringAsync("/Tasks"));
        var plannerWaiting = WaitingCount(await planner.GetStringAsync("/Tasks"));

        drafts.ShouldBeGreaterThan(0);
        (plannerWaiting - adminWaiting).ShouldBe(drafts);
    }

    [Fact]
    public async Task Issue_25_a_task_is_not_closed_while_a_milestone_is_open_and_the_closing_opinion_reaches_the_owners()
    {
        using var planner = app.TokenClient(await app.TokenAsync("planner"));
        using var office = app.TokenClient(await app.TokenAsync("office3"));
        var deadline = Today.AddDays(60);
        var created = await planner.PostAsJsonAsync("/api/tasks", new
        {
            title = "里程碑未完成不得销号的检验任务",
            plan = "TL14",
            leads = new[] { WebApp.ThirdOffice },
            deadline = deadline.ToString("yyyy-MM-dd"),
            milestones = new[] { new { title = "制定方案", due = Today.AddDays(20).ToString("yyyy-MM-dd") }, new { title = "组织实施", due = Today.AddDays(40).ToString("yyyy-MM-dd") } },
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
        async Task<HttpResponseMessage> ActAsync(HttpClient client, object body) => await client.PostAsJsonAsync($"/api/tasks/{id}/actions", body);

        (await ActAsync(office, new { action = "receive" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var early = await ActAsync(office, new { action = "request_close", note = "已完成", progress = 100 });
        early.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await early.Content.ReadAsStringAsync()).ShouldContain("里程碑未完成");
        (await ActAsync(office, new { action = "report", note = "方案已印发", progress = 50, milestone = 1 })).StatusCode.ShouldBe(HttpStatusCode.OK);
        // The last open milestone may be completed by the request itself.
        (await ActAsync(office, new { action = "request_close", note = "已组织实施", progress = 100, milestone = 2 })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ActAsync(planner, new { action = "close", note = "经核实已完成, 同意销号", rating = 5 })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var task = await planner.GetStringAsync($"/api/tasks/{id}");
        task.ShouldContain("经核实已完成, 同意销号");
        (await office.GetStringAsync("/api/messages")).ShouldContain("销号意见: 经核实已完成, 同意销号");
    }

    [Fact]
    public async Task Issue_25_a_task_with_an_open_milestone_is_refused_at_closing_on_the_page_too()
    {
        using var planner = app.TokenClient(await app.TokenAsync("planner"));
        using var office = app.TokenClient(await app.TokenAsync("office3"));
        var created = await planner.PostAsJsonAsync("/api/tasks", new
        {
            title = "页面上的销号提示",
            plan = "TL14",
            leads = new[] { WebApp.ThirdOffice },
            deadline = Today.AddDays(30).ToString("yyyy-MM-dd"),
            milestones = new[] { new { title = "完成调研", due = Today.AddDays(10).ToString("yyyy-MM-dd") } },
        });
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
        (await office.PostAsJsonAsync($"/api/tasks/{id}/actions", new { action = "receive" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var refused = await office.PostAsJsonAsync($"/api/tasks/{id}/actions", new { action = "request_close", note = "已完成", progress = 100 });

        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("完成调研");
    }

    [Fact]
    public async Task Issue_25_an_overdue_quarterly_form_gets_a_reminder_however_long_ago_it_fell_due()
    {
        // 2026Q3 was due on 15 October (due in 15 days): 53 days before 7 December, far outside the 10-day window.
        var now = new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.FromHours(8));

        await app.WithDbAsync(db => Reminders.SendAsync(db, now));

        var keys = await app.WithDbAsync(db => db.WithConnectionAsync(async c =>
        {
            await using var command = c.CreateCommand();
            command.CommandText = "SELECT count(*) FROM messages WHERE dedupe_key LIKE 'form_late/ncd_quarterly/2026Q3/%'";
            return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }, default));
        keys.ShouldBeGreaterThan(0);
    }

    private static int WaitingCount(string board) =>
        int.Parse(WaitingCard().Match(board).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("待我办理</span><b>(\\d+)</b>")]
    private static partial Regex WaitingCard();
}

public sealed class SqliteDemoFormsTests(SqliteWebApp app) : DemoFormsTests(app), IClassFixture<SqliteWebApp>;

public sealed class PostgresDemoFormsTests(PostgresWebApp app) : DemoFormsTests(app), IClassFixture<PostgresWebApp>;
