using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Yardstick.Core.Targets;
using Yardstick.Data;
using Yardstick.Data.Demo;
using Yardstick.Data.Values;

namespace Yardstick.Web.Tests;

/// <summary>
/// Issue 25, points 1 and 2 on the demo: 无数据 means no figure for the unit and year, and nothing else; a judgement that
/// cannot be made says why beside the figure; a judgement on a unit's own baseline shows it; and every screen opens on the
/// latest year that can be judged, whatever later, unfinished year a monthly form has reached.
/// </summary>
public abstract class JudgementTests(WebApp app)
{
    private const string Plan = "TL14";

    private async Task<IReadOnlyList<PlanEvaluationRow>> RowsAsync(string unit, int year, string plan = Plan)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<YardstickDb>();
        var live = scope.ServiceProvider.GetRequiredService<LiveEngine>();
        var (rows, error) = await Evaluations.PlanAsync(db, live, plan, unit, year, children: true);
        rows.ShouldNotBeNull(error);
        return rows;
    }

    [Fact]
    public async Task Issue_25_no_row_of_the_demo_says_no_data_beside_a_figure()
    {
        List<string> plans, units;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<YardstickDb>();
            plans = [.. db.Plans.Where(p => db.Targets.Any(t => t.PlanId == p.Id)).Select(p => p.Code)];
            // The city and each of its counties, each with its children: every unit of the demo's tree that a plan judges.
            var city = db.OrgUnits.Single(u => u.Code == WebApp.City);
            units = [WebApp.City, .. db.OrgUnits.Where(u => u.ParentId == city.Id && u.Kind == Core.Model.OrgUnitKind.County).Select(u => u.Code)];
        }
        plans.Count.ShouldBeGreaterThanOrEqualTo(2);
        var checkedRows = 0;
        for (var year = TongliaoDemo.FirstYear; year <= TongliaoDemo.LastYear + 1; year++)
        {
            foreach (var (plan, unit) in plans.SelectMany(p => units.Select(u => (p, u))))
            {
                foreach (var row in await RowsAsync(unit, year, plan))
                {
                    // What a row shows: the judged value (the worst unit's, for a target every unit of a tier must meet), else the unit's own.
                    var shown = row.Evaluation.Actual ?? row.Value.Value;
                    (row.Evaluation.Status == TargetStatus.NoData).ShouldBe(shown is null,
                        $"{year} {row.OrgUnit.Name} {row.Indicator.Name}: {row.StatusText}, value {shown}");
                    (row.StatusText == "无数据").ShouldBe(shown is null);
                    checkedRows++;
                }
            }
        }
        checkedRows.ShouldBeGreaterThan(500);
    }

    [Fact]
    public async Task Issue_25_a_target_every_township_must_meet_is_not_no_data_where_the_city_and_counties_have_figures()
    {
        var rows = await RowsAsync(WebApp.City, TongliaoDemo.LastYear);

        var eachUnit = rows.Where(r => r.Target.EachUnit is not null).ToList();
        eachUnit.Count.ShouldBeGreaterThanOrEqualTo(9);
        foreach (var row in eachUnit)
        {
            row.Value.Value.ShouldNotBeNull();
            row.Evaluation.Status.ShouldNotBe(TargetStatus.NoData, $"{row.OrgUnit.Name}: {row.StatusText}");
        }
        // The demo's townships (科尔沁区's two) report: the city is judged on its worst one. A county with no townships
        // says so beside its pooled value rather than 无数据.
        eachUnit.First(r => r.OrgUnit.Code == WebApp.City).Evaluation.Status.ShouldNotBe(TargetStatus.NoUnitData);
        var county = eachUnit.First(r => r.OrgUnit.Code == WebApp.Kailu);
        county.Evaluation.Status.ShouldBe(TargetStatus.NoUnitData);
        county.StatusText.ShouldStartWith("乡镇街道苏木无数据 (合计值 ");
        county.StatusText.ShouldContain(Core.Indicators.Rounding.Plain(Core.Indicators.Rounding.ForDisplay(county.Value.Value!.Value, county.Indicator.Decimals)));
    }

    [Fact]
    public async Task Issue_25_the_assessment_says_why_an_item_is_not_scored_and_never_calls_figures_no_data()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<YardstickDb>();
        var live = scope.ServiceProvider.GetRequiredService<LiveEngine>();

        var (report, error) = await Data.Reports.ScorecardReport.BuildAsync(db, live, Plan, WebApp.City, TongliaoDemo.LastYear, null, Core.Model.LocalClock.Today(TimeProvider.System));

        report.ShouldNotBeNull(error);
        var rows = await RowsAsync(WebApp.City, TongliaoDemo.LastYear);
        var withFigures = rows.Where(r => r.OrgUnit.Code != WebApp.City && r.Value.Value is not null).Select(r => r.Indicator.Code).ToHashSet();
        foreach (var key in report.Unmeasured.Where(withFigures.Contains))
        {
            report.UnmeasuredWhy[key].ShouldNotBe("各单位均无数据", key);
        }
        // Some county (科尔沁区, whose townships report) can be judged on the every-township target: it is scored.
        report.Unmeasured.ShouldNotContain(rows.First(r => r.Target.EachUnit is not null).Indicator.Code);
    }

    [Fact]
    public async Task Issue_25_a_relative_target_without_baseline_says_so_and_children_on_their_own_baseline_show_it()
    {
        var rows = await RowsAsync(WebApp.City, TongliaoDemo.LastYear);
        var myopia = rows.Where(r => r.Indicator.Code == "child_adolescent_myopia_rate").ToList();

        var city = myopia.Single(r => r.OrgUnit.Code == WebApp.City);
        city.Value.Value.ShouldNotBeNull();
        city.Evaluation.Status.ShouldBe(TargetStatus.NoBaseline);
        city.StatusText.ShouldBe("缺少基期值");
        var counties = myopia.Where(r => r.OrgUnit.Code != WebApp.City).ToList();
        counties.ShouldAllBe(r => r.HasOwnBaseline && r.Evaluation.Baseline != null && r.Evaluation.Expected != null);

        using var planner = await app.SignInAsync("planner");
        var page = await planner.GetStringAsync($"/Indicators/Detail?code=child_adolescent_myopia_rate&orgunit={WebApp.City}&plan={Plan}&year={TongliaoDemo.LastYear}");
        page.ShouldContain("缺少基期值");
        var kailu = counties.Single(r => r.OrgUnit.Code == WebApp.Kailu);
        var kailuRow = RowOf(page, "children", kailu.OrgUnit.Code);
        kailuRow.ShouldContain("本单位基期");
        kailuRow.ShouldContain(Shown(kailu.Evaluation.Baseline!.Value, kailu.Indicator.Decimals));
        kailuRow.ShouldContain(Shown(kailu.Evaluation.Expected!.Value, kailu.Indicator.Decimals));

        var json = await planner.GetStringAsync($"/api/plans/{Plan}/evaluation?orgunit={WebApp.City}&year={TongliaoDemo.LastYear}&children=true");
        var answer = JsonDocument.Parse(json).RootElement.EnumerateArray()
            .Single(r => !r.TryGetProperty("item", out _) && r.GetProperty("indicator").GetString() == "child_adolescent_myopia_rate" && r.GetProperty("orgunit").GetString() == WebApp.Kailu);
        answer.GetProperty("baseline_source").GetString().ShouldBe("own");
        answer.GetProperty("baseline").GetDecimal().ShouldBe(kailu.Evaluation.Baseline!.Value);
        answer.GetProperty("expected").GetDecimal().ShouldBe(kailu.Evaluation.Expected!.Value);
    }

    [Fact]
    public async Task Issue_25_a_monthly_value_for_this_year_leaves_the_planners_dashboard_on_the_year_it_can_judge()
    {
        using var planner = await app.SignInAsync("planner");
        var before = await planner.GetStringAsync("/");
        Heading(before).ShouldContain($"{TongliaoDemo.LastYear}年");

        var thisMonth = Core.Model.LocalClock.Day(DateTimeOffset.UtcNow);
        var period = thisMonth.AddMonths(-1).ToString("yyyyMM", System.Globalization.CultureInfo.InvariantCulture);
        using var reporter = app.TokenClient(await app.TokenAsync("kerqin"));
        var saved = await reporter.PostAsync("/api/dataValueSets", new StringContent(JsonSerializer.Serialize(new
        {
            dataValues = new[] { new { dataElement = "live_births", period, orgUnit = WebApp.Kerqin, value = "310" } },
        }), Encoding.UTF8, "application/json"));
        saved.StatusCode.ShouldBe(HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        // The newest value is now this year's: the year the screens opened on before issue 25.
        app.Services.GetRequiredService<LiveEngine>().Read(e => e.LatestYear(thisMonth.Year)).ShouldBe(int.Parse(period[..4], System.Globalization.CultureInfo.InvariantCulture));

        var after = await planner.GetStringAsync("/");
        Heading(after).ShouldContain($"{TongliaoDemo.LastYear}年");
        after.ShouldContain("已达标");
        Count(after, "achieved").ShouldBeGreaterThan(0);
        Count(after, "no_data").ShouldBeLessThan(Count(after, "achieved") + Count(after, "on_track") + Count(after, "lagging") + Count(after, "worsened"));
        var judged = $"name=\"year\" type=\"number\"";
        foreach (var screen in new[] { "/Reports", "/Indicators", $"/Plans/Detail?code={Plan}" })
        {
            var page = await planner.GetStringAsync(screen);
            page.ShouldNotContain($"year={thisMonth.Year}", customMessage: screen);
            if (page.Contains(judged, StringComparison.Ordinal))
            {
                page.ShouldContain($"value=\"{TongliaoDemo.LastYear}\"", customMessage: screen);
            }
        }
    }

    /// <summary>Issue 25: a plan's own pages open inside its years — a 2021 work plan on 2021, not on the years after it.</summary>
    [Fact]
    public async Task Issue_25_a_plans_dashboard_opens_inside_the_plans_years()
    {
        using var planner = await app.SignInAsync("planner");
        var plan = await app.WithDbAsync(db => db.Plans.AsNoTracking().SingleAsync(p => p.Code == "CZ2021"));
        TongliaoDemo.LastYear.ShouldBeGreaterThan(plan.EndYear, "the check needs a default year past the plan's end");
        Heading(await planner.GetStringAsync("/?plan=CZ2021")).ShouldContain($"{plan.EndYear}年");
        var json = await planner.GetStringAsync($"/api/plans/CZ2021/evaluation?orgunit={WebApp.City}");
        json.ShouldContain($"\"year\":{plan.EndYear}");
    }

    private static string Heading(string page) => page[page.IndexOf("<h1", StringComparison.Ordinal)..page.IndexOf("</h1>", StringComparison.Ordinal)];

    /// <summary>The number on the status card of <paramref name="word"/>.</summary>
    private static int Count(string page, string word)
    {
        var card = page[page.IndexOf($"data-status=\"{word}\"", StringComparison.Ordinal)..];
        var b = card.IndexOf("<b", StringComparison.Ordinal);
        var start = card.IndexOf('>', b) + 1;
        return int.Parse(card[start..card.IndexOf("</b>", start, StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string RowOf(string page, string table, string orgUnit)
    {
        var inTable = page[page.IndexOf($"id=\"{table}\"", StringComparison.Ordinal)..];
        var start = inTable.IndexOf($"data-orgunit=\"{orgUnit}\"", StringComparison.Ordinal);
        return inTable[start..inTable.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }

    private static string Shown(decimal value, int decimals) => Pages.Screens.Number(value, decimals);
}

public sealed class SqliteJudgementTests(SqliteWebApp app) : JudgementTests(app), IClassFixture<SqliteWebApp>;

public sealed class PostgresJudgementTests(PostgresWebApp app) : JudgementTests(app), IClassFixture<PostgresWebApp>;
