using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Yardstick.Data;
using Yardstick.Data.Interchange;
using Yardstick.Data.Values;

namespace Yardstick.Web.Tests;

/// <summary>
/// The reporting cycle over the API, as a township reporter and the county and city reviewers walk it: save, 上报,
/// 退回 with reasons, fix, 上报 again, 审核通过 (locked), 取消审核 (open again), completeness and timeliness at the county,
/// a value deleted. Each refusal is tried by the one who should be refused. Run on SQLite and PostgreSQL.
/// </summary>
public abstract class ReportingCycleTests(WebApp app) : IAsyncLifetime
{
    /// <summary>A data set of its own per test class run (codes are unique), monthly, owed by every township.</summary>
    private readonly string _code = "mch" + Guid.NewGuid().ToString("N")[..6];

    /// <summary>Last month (Beijing): its due date (10 days after it ends) has not passed, so a report now is on time.</summary>
    private static readonly string Month = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).AddMonths(-1).ToString("yyyyMM", System.Globalization.CultureInfo.InvariantCulture);

    public async Task InitializeAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<YardstickDb>();
        var (tables, issues) = SourceTable.Read("datasets.csv", System.Text.Encoding.UTF8.GetBytes(
            $"code,name,period_type,elements,assign,due_days,lock_days\n{_code},乡镇妇幼月报,month,live_births;infant_deaths,level:4,40,0\n"));
        issues.ShouldBeEmpty();
        var result = await new Importer(db, TimeProvider.System).ImportAsync(tables, "test", "datasets.csv");
        result.Succeeded.ShouldBeTrue(string.Join("; ", result.Issues));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static StringContent Values(params (string Element, string Value)[] values) => new(JsonSerializer.Serialize(new
    {
        dataValues = values.Select(v => new { dataElement = v.Element, period = Month, orgUnit = WebApp.Dalin, value = v.Value }),
    }), System.Text.Encoding.UTF8, "application/json");

    private async Task<JsonElement> StatusAsync(HttpClient client, string unit = WebApp.Dalin)
    {
        var response = await client.GetAsync($"/api/dataSets/{_code}/status?orgUnit={unit}&period={Month}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>())[0];
    }

    private Task<HttpResponseMessage> DecideAsync(HttpClient client, string action, string? reason = null, string unit = WebApp.Dalin, object? fieldReasons = null) =>
        client.PostAsJsonAsync($"/api/dataSets/{_code}/approvals", new { orgUnit = unit, period = Month, action, reason, fieldReasons });

    private async Task<decimal?> StoredBirthsAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<YardstickDb>();
        var unit = db.OrgUnits.Single(u => u.Code == WebApp.Dalin).Id;
        var element = db.DataElements.Single(e => e.Code == "live_births").Id;
        Core.Model.Period.TryParse(Month, out var period).ShouldBeTrue();
        await db.Database.OpenConnectionAsync();
        await foreach (var v in DataValueStore.ReadAsync(db, [element], period.Year, period.Year, default, [unit]))
        {
            if (v.Period == period)
            {
                return v.Value;
            }
        }
        return null;
    }

    [Fact]
    public async Task A_report_goes_round_the_loop_and_only_the_right_people_move_it()
    {
        var dalin = app.TokenClient(await app.TokenAsync("dalin"));
        var county = app.TokenClient(await app.TokenAsync("kerqinreview"));
        var city = app.TokenClient(await app.TokenAsync("cityreview"));

        (await StatusAsync(dalin)).GetProperty("state").GetString().ShouldBe("not_started");
        (await dalin.PostAsync("/api/dataValueSets", Values(("live_births", "55"), ("infant_deaths", "2")))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await StatusAsync(dalin)).GetProperty("state").GetString().ShouldBe("saved");

        // Nothing to approve yet, and a reporter never approves.
        (await DecideAsync(dalin, "approve")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var submitted = await dalin.PostAsJsonAsync($"/api/dataSets/{_code}/submissions", new { orgUnit = WebApp.Dalin, period = Month });
        submitted.StatusCode.ShouldBe(HttpStatusCode.OK, await submitted.Content.ReadAsStringAsync());
        var status = await StatusAsync(county);
        status.GetProperty("state").GetString().ShouldBe("submitted");
        status.GetProperty("onTime").GetBoolean().ShouldBeTrue();

        // Waiting for review, the form cannot change.
        var meanwhile = await dalin.PostAsync("/api/dataValueSets", Values(("live_births", "56")));
        meanwhile.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await meanwhile.Content.ReadAsStringAsync()).ShouldContain("等待审核");

        // A return needs a reason; with one (and one beside the field) it goes back.
        (await DecideAsync(county, "return")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await DecideAsync(county, "return", "出生数与上月差异大", fieldReasons: new Dictionary<string, string> { ["live_births"] = "请核对出生登记" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        status = await StatusAsync(dalin);
        status.GetProperty("state").GetString().ShouldBe("returned");
        status.GetProperty("reason").GetString().ShouldBe("出生数与上月差异大");
        status.GetProperty("fieldReasons").GetProperty("live_births").GetString().ShouldBe("请核对出生登记");
        (await dalin.GetStringAsync("/api/messages?unread=true")).ShouldContain("出生数与上月差异大", customMessage: "the township's inbox says it was returned, and why");
        (await dalin.GetStringAsync("/api/messages?unread=true")).ShouldContain("需修改的项目: 活产数: 请核对出生登记",
            customMessage: "issue 25: the message carries each field's own reason, not only the form's");

        // Fixed and sent again.
        (await dalin.PostAsync("/api/dataValueSets", Values(("live_births", "58")))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await dalin.PostAsJsonAsync($"/api/dataSets/{_code}/submissions", new { orgUnit = WebApp.Dalin, period = Month })).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Nobody approves their own level; nobody approves outside their scope.
        (await DecideAsync(county, "approve", unit: WebApp.Kerqin)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await DecideAsync(county, "approve", unit: WebApp.Kailu)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await DecideAsync(county, "approve")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await StatusAsync(dalin)).GetProperty("state").GetString().ShouldBe("approved");

        // Approved is locked: the write is refused whole and changes nothing.
        var locked = await dalin.PostAsync("/api/dataValueSets", Values(("live_births", "60")));
        locked.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await locked.Content.ReadAsStringAsync()).ShouldContain("已审核通过");
        (await StoredBirthsAsync()).ShouldBe(58);
        (await dalin.DeleteAsync($"/api/dataValues?de=live_births&pe={Month}&ou={WebApp.Dalin}")).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        // Completeness and timeliness at the county: two townships owe it, one reported on time and is approved.
        var completeness = await county.GetFromJsonAsync<JsonElement>($"/api/completeness?dataSet={_code}&orgUnit={WebApp.Kerqin}&period={Month}");
        completeness.GetProperty("expected").GetInt32().ShouldBe(2);
        completeness.GetProperty("reported").GetInt32().ShouldBe(1);
        completeness.GetProperty("onTime").GetInt32().ShouldBe(1);
        completeness.GetProperty("approved").GetInt32().ShouldBe(1);

        // The city (above the approving county) reopens it; the reporter can write and delete again.
        (await DecideAsync(dalin, "unapprove")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await DecideAsync(city, "unapprove", "需补充说明")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await StatusAsync(dalin)).GetProperty("state").GetString().ShouldBe("saved");
        (await dalin.PostAsync("/api/dataValueSets", Values(("live_births", "60")))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await StoredBirthsAsync()).ShouldBe(60);
        (await dalin.DeleteAsync($"/api/dataValues?de=live_births&pe={Month}&ou={WebApp.Dalin}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await StoredBirthsAsync()).ShouldBeNull();

        // Every step is in the audit log, the deletion as old → nothing.
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<YardstickDb>();
        var steps = await AuditLog.SearchAsync(db, new AuditLog.Filter(Entity: "data_set_report", Key: $"{_code}|{WebApp.Dalin}|"));
        steps.Select(s => s.New!.Split(';')[0]).Reverse().ShouldBe(["已上报", "已退回", "已上报", "已审核", "取消审核"]);
        var deleted = await AuditLog.SearchAsync(db, new AuditLog.Filter(Entity: "data_value", Key: $"live_births/{WebApp.Dalin}/{Month}", Limit: 1));
        deleted[0].New.ShouldBeNull();
        deleted[0].Old.ShouldBe("60");
        (await AuditLog.VerifyAsync(db)).Intact.ShouldBeTrue();
    }

    /// <summary>
    /// A commission's own rule, stored as data with importance high: 婴儿死亡数 ≤ 活产数 × 0.1. Six earlier months of
    /// about 50 births draw 前家's usual range, so 500 is flagged 需核实 on entry (saved, with a warning); 20 deaths for
    /// 50 births breaks the rule: the save warns, 上报 is refused with the rule's message, and passes once corrected.
    /// </summary>
    [Fact]
    public async Task A_high_rule_blocks_submission_and_an_outlier_is_flagged_on_entry()
    {
        var rule = "r" + Guid.NewGuid().ToString("N")[..6];
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<YardstickDb>();
            var (tables, _) = SourceTable.Read("rules.csv", System.Text.Encoding.UTF8.GetBytes(
                $"code,name,left,operator,right,importance,period_type\n{rule},婴儿死亡数不超过活产数的一成,#{{infant_deaths}},<=,#{{live_births}} * 0.1,high,month\n"));
            (await new Importer(db, TimeProvider.System).ImportAsync(tables, "test", "rules.csv")).Succeeded.ShouldBeTrue();
        }
        var kerqin = app.TokenClient(await app.TokenAsync("kerqin"));
        var now = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));
        string MonthsAgo(int k) => now.AddMonths(-k).ToString("yyyyMM", System.Globalization.CultureInfo.InvariantCulture);
        StringContent At(string period, params (string Element, string Value)[] values) => new(JsonSerializer.Serialize(new
        {
            dataValues = values.Select(v => new { dataElement = v.Element, period, orgUnit = WebApp.Qianjia, value = v.Value }),
        }), System.Text.Encoding.UTF8, "application/json");
        var history = new[] { "50", "52", "49", "51", "50", "53" };
        for (var k = 0; k < history.Length; k++)
        {
            (await kerqin.PostAsync("/api/dataValueSets", At(MonthsAgo(8 - k), ("live_births", history[k])))).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var outlier = await kerqin.PostAsync("/api/dataValueSets", At(MonthsAgo(2), ("live_births", "500")));
        outlier.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await outlier.Content.ReadAsStringAsync()).ShouldContain("超出该单位近三年的常见范围");

        var broken = await kerqin.PostAsync("/api/dataValueSets", At(MonthsAgo(2), ("live_births", "50"), ("infant_deaths", "20")));
        broken.StatusCode.ShouldBe(HttpStatusCode.OK, "a rule warns on save; it blocks 上报");
        (await broken.Content.ReadAsStringAsync()).ShouldContain("不改正不能上报");
        var submit = () => kerqin.PostAsJsonAsync($"/api/dataSets/{_code}/submissions", new { orgUnit = WebApp.Qianjia, period = MonthsAgo(2) });
        var refused = await submit();
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("婴儿死亡数不超过活产数的一成");

        (await kerqin.PostAsync("/api/dataValueSets", At(MonthsAgo(2), ("infant_deaths", "1")))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var accepted = await submit();
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());
    }

    /// <summary>DHIS2's comment and followup (and our source) on a posted value are kept and shown beside the field on the form.</summary>
    [Fact]
    public async Task A_posted_comment_source_and_follow_up_mark_show_on_the_form()
    {
        var kerqin = app.TokenClient(await app.TokenAsync("kerqin"));
        var period = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).AddMonths(-11).ToString("yyyyMM", System.Globalization.CultureInfo.InvariantCulture);
        var body = new StringContent(JsonSerializer.Serialize(new
        {
            dataValues = new[] { new { dataElement = "live_births", period, orgUnit = WebApp.Qianjia, value = "61", comment = "含外地户籍产妇", followup = true, source = "直报" } },
        }), System.Text.Encoding.UTF8, "application/json");
        var posted = await kerqin.PostAsync("/api/dataValueSets", body);
        posted.StatusCode.ShouldBe(HttpStatusCode.OK, await posted.Content.ReadAsStringAsync());

        using var page = await app.SignInAsync("kerqin");
        var form = await page.GetStringAsync($"/Entry?dataset={_code}&orgunit={WebApp.Qianjia}&period={period}");
        form.ShouldContain("需核实; 来源: 直报; 含外地户籍产妇");
    }

    /// <summary>
    /// The issue's own case: a township reporter enters one month of a year (2 infant deaths, 55 births in November 2025).
    /// Read as a whole year that is 36.36‰ — 较基期恶化. The form is monthly, so the year is partial: the dashboard shows
    /// the value with 数据不完整 (1/12月) and does not judge it.
    /// </summary>
    [Fact]
    public async Task One_month_of_a_year_is_shown_as_incomplete_not_judged()
    {
        var dalin = app.TokenClient(await app.TokenAsync("dalin"));
        var body = new StringContent(JsonSerializer.Serialize(new
        {
            dataValues = new[] { ("live_births", "55"), ("infant_deaths", "2") }.Select(v => new { dataElement = v.Item1, period = "202511", orgUnit = WebApp.Dalin, value = v.Item2 }),
        }), System.Text.Encoding.UTF8, "application/json");
        (await dalin.PostAsync("/api/dataValueSets", body)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var evaluation = await dalin.GetFromJsonAsync<JsonElement>($"/api/evaluations?indicator=infant_mortality_rate&orgunit={WebApp.Dalin}&period=2025");
        evaluation.GetProperty("partial").GetBoolean().ShouldBeTrue();
        evaluation.GetProperty("coverage").GetDecimal().ShouldBe(1m / 12, 0.001m);

        using var page = await app.SignInAsync("dalin");
        var dashboard = await page.GetStringAsync($"/?plan=TL14&orgunit={WebApp.Dalin}&year=2025");
        var start = dashboard.IndexOf("<tr data-indicator=\"infant_mortality_rate\"", StringComparison.Ordinal);
        start.ShouldBeGreaterThan(0);
        var row = dashboard[start..dashboard.IndexOf("</tr>", start, StringComparison.Ordinal)];
        row.ShouldContain("36.36");
        row.ShouldContain("数据不完整 (1/12月)");
        row.ShouldContain("s-incomplete");
        row.ShouldNotContain("较基期恶化");
    }

    [Fact]
    public async Task Refusals_answer_with_the_right_status()
    {
        var dalin = app.TokenClient(await app.TokenAsync("dalin"));
        var county = app.TokenClient(await app.TokenAsync("kerqinreview"));
        (await dalin.PostAsJsonAsync("/api/dataSets/nosuchset/submissions", new { orgUnit = WebApp.Dalin, period = Month })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await dalin.PostAsJsonAsync($"/api/dataSets/{_code}/submissions", new { orgUnit = WebApp.Dalin, period = "2025" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await dalin.PostAsJsonAsync($"/api/dataSets/{_code}/submissions", new { orgUnit = WebApp.Qianjia, period = Month })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        // A county is not assigned a township form; an empty form cannot be submitted.
        var kerqin = app.TokenClient(await app.TokenAsync("kerqin"));
        (await kerqin.PostAsJsonAsync($"/api/dataSets/{_code}/submissions", new { orgUnit = WebApp.Kerqin, period = Month })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await kerqin.PostAsJsonAsync($"/api/dataSets/{_code}/submissions", new { orgUnit = WebApp.Qianjia, period = Month })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await DecideAsync(county, "approve", unit: WebApp.Qianjia)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await DecideAsync(county, "frobnicate", unit: WebApp.Qianjia)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}

public sealed class SqliteReportingCycleTests(SqliteWebApp app) : ReportingCycleTests(app), IClassFixture<SqliteWebApp>;

public sealed class PostgresReportingCycleTests(PostgresWebApp app) : ReportingCycleTests(app), IClassFixture<PostgresWebApp>;
