using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace Yardstick.Web.Tests;

/// <summary>Issue 28: <c>/api/analytics</c> answers DHIS2's dimension syntax from the live engine, inside the caller's scope.</summary>
public abstract partial class DemoWalkTests
{
    [Fact]
    public async Task Issue_28_the_analytics_api_answers_dhis2s_dimension_syntax_with_the_engines_figures()
    {
        using var planner = await app.SignInAsync("planner");

        var json = await planner.GetStringAsync("/api/analytics?dimension=dx:infant_mortality_rate;live_births&dimension=ou:150500;LEVEL-2&dimension=pe:2022;2023&includeNumDen=true");

        var root = JsonDocument.Parse(json).RootElement;
        root.GetProperty("headers").EnumerateArray().Select(h => h.GetProperty("name").GetString())
            .ShouldBe(["dx", "ou", "pe", "value", "numerator", "denominator", "factor"]);
        var rows = root.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetString()!).ToArray()).ToList();
        rows.Count.ShouldBe(root.GetProperty("height").GetInt32());
        root.GetProperty("metaData").GetProperty("items").GetProperty("infant_mortality_rate").GetProperty("name").GetString().ShouldBe("婴儿死亡率");
        var ous = root.GetProperty("metaData").GetProperty("dimensions").GetProperty("ou").EnumerateArray().Select(o => o.GetString()).ToList();
        ous[0].ShouldBe("150500");
        ous.Count.ShouldBeGreaterThan(5);
        // The city's 2023 rate is the one the evaluation API gives, to its decimals.
        var evaluation = JsonDocument.Parse(await planner.GetStringAsync("/api/evaluations?indicator=infant_mortality_rate&orgunit=150500&period=2023")).RootElement;
        var city = rows.Single(r => r[0] == "infant_mortality_rate" && r[1] == "150500" && r[2] == "2023");
        decimal.Parse(city[3], System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBe(Math.Round(evaluation.GetProperty("value").GetDecimal(), 2, MidpointRounding.AwayFromZero));
        city[4].ShouldBe(evaluation.GetProperty("numerator").GetDecimal().ToString(System.Globalization.CultureInfo.InvariantCulture));
        // The counties' births add up to the city's.
        var births = rows.Where(r => r[0] == "live_births" && r[2] == "2023").ToList();
        births.Where(r => r[1] != "150500").Sum(r => decimal.Parse(r[3], System.Globalization.CultureInfo.InvariantCulture))
            .ShouldBe(decimal.Parse(births.Single(r => r[1] == "150500")[3], System.Globalization.CultureInfo.InvariantCulture));

        var filtered = JsonDocument.Parse(await planner.GetStringAsync("/api/analytics?dimension=dx:live_births&dimension=ou:LEVEL-2&filter=pe:2022;2023")).RootElement;
        filtered.GetProperty("headers").EnumerateArray().Select(h => h.GetProperty("name").GetString()).ShouldBe(["dx", "ou", "value"]);
    }

    [Fact]
    public async Task Issue_28_a_plans_targets_are_pivot_data_the_level_the_plan_expects_each_year()
    {
        using var planner = await app.SignInAsync("planner");
        var evaluation = JsonDocument.Parse(await planner.GetStringAsync("/api/plans/TL14/evaluation?orgunit=150500&year=2023")).RootElement;
        var row = evaluation.EnumerateArray().First(r => r.GetProperty("orgunit").GetString() == "150500"
            && r.GetProperty("expected").ValueKind == JsonValueKind.Number);
        var indicator = row.GetProperty("indicator").GetString()!;

        var json = await planner.GetStringAsync($"/api/analytics?dimension=dx:{indicator};TARGET-TL14.{indicator}&dimension=pe:2023&filter=ou:150500&skipRounding=true");

        var rows = JsonDocument.Parse(json).RootElement.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetString()!).ToArray()).ToList();
        decimal.Parse(rows.Single(r => r[0] == $"TARGET-TL14.{indicator}")[2], CultureInfo.InvariantCulture).ShouldBe(row.GetProperty("expected").GetDecimal());
        decimal.Parse(rows.Single(r => r[0] == indicator)[2], CultureInfo.InvariantCulture).ShouldBe(row.GetProperty("actual").GetDecimal());

        // On the page: offered once the plan is chosen, a row of its own, a dashed line in the chart.
        var page = await planner.GetStringAsync($"/Analysis?dx={indicator}&dx=TARGET-TL14.{indicator}&ou=150500&pe=2021;2022;2023&rows=dx&cols=pe&plan=TL14");
        page.ShouldContain("<optgroup label=\"规划目标 (");
        page.ShouldContain($"<tr data-row=\"TARGET-TL14.{indicator}\">");
        page.ShouldContain("\"dashed\"");
    }

    [Fact]
    public async Task Issue_28_the_analytics_api_refuses_a_unit_outside_the_scope_and_a_question_it_cannot_read()
    {
        using var kerqin = await app.SignInAsync("kerqin");

        var outside = await kerqin.GetAsync("/api/analytics?dimension=dx:infant_mortality_rate&dimension=ou:150500&dimension=pe:2023");
        var unreadable = await kerqin.GetAsync("/api/analytics?dimension=dx:infant_mortality_rate&dimension=pe:2023");

        outside.StatusCode.ShouldBe(HttpStatusCode.Forbidden, await outside.Content.ReadAsStringAsync());
        (await outside.Content.ReadAsStringAsync()).ShouldContain("不在您的机构范围内");
        unreadable.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await unreadable.Content.ReadAsStringAsync()).ShouldContain("缺少机构 (ou)维度");
    }
}

/// <summary>Issue 28: the 数据分析 page lays a selection out, totals what adds up, and exports what it shows.</summary>
public abstract partial class DemoWalkTests
{
    [Fact]
    public async Task Issue_28_the_analysis_page_tables_a_selection_with_totals_and_exports_it()
    {
        using var planner = await app.SignInAsync("planner");
        const string Selection = "/Analysis?dx=live_births&ou=150500;CHILDREN&pe=2022;2023&rows=ou&cols=pe";

        var page = await planner.GetStringAsync(Selection);

        // The column total of the counties and the city's own row are one figure: the engine sums the tree.
        var city = System.Text.RegularExpressions.Regex.Match(page, @"<tr data-row=""150500"">\s*<th>[^<]*</th>\s*<td class=""num"">([\d,]+)</td>").Groups[1].Value;
        city.ShouldNotBeNullOrEmpty();
        // A unit without any figure in the selection (a 处室) is not a row.
        page.ShouldNotContain("卫健一处</th>");
        page.ShouldContain("合计");
        // The counties on a map, in the last year asked, a click asking the same of a county's townships.
        page.ShouldContain("活产数 · 2023年 · 通辽市下级单位");
        page.ShouldContain("data-map=\"analysis-map-data\"");
        page.ShouldContain("ou={code}%3BCHILDREN");
        var csv = await planner.GetByteArrayAsync(Selection + "&format=csv");
        var text = System.Text.Encoding.UTF8.GetString(csv);
        text[0].ShouldBe('\uFEFF');
        text.ShouldContain("机构 \\ 期间,2022年,2023年,合计");
        text.ShouldContain(city.Replace(",", "", StringComparison.Ordinal));
        var xlsx = await planner.GetAsync(Selection + "&format=xlsx");
        xlsx.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

        // Two data items with units as rows and periods as columns: each item gets its own rows, never summed together.
        var two = await planner.GetStringAsync("/Analysis?dx=live_births&dx=infant_mortality_rate&ou=150500&pe=2022;2023&rows=ou&cols=pe");
        two.ShouldContain("<tr data-row=\"live_births.150500\">");
        two.ShouldContain("<tr data-row=\"infant_mortality_rate.150500\">");
        two.ShouldNotContain("<th class=\"num\">合计</th>");

        using var kerqin = await app.SignInAsync("kerqin");
        (await kerqin.GetStringAsync("/Analysis?dx=live_births&ou=150500&pe=2023")).ShouldContain("不在您的机构范围内");
    }
}

/// <summary>Issue 28: a plan chosen on the 数据分析 page puts its target and status beside each yearly figure it targets, and 规划期 is its years.</summary>
public abstract partial class DemoWalkTests
{
    [Fact]
    public async Task Issue_28_a_plan_chosen_on_the_analysis_page_shows_the_dashboards_target_and_status_beside_each_yearly_figure()
    {
        using var planner = await app.SignInAsync("planner");

        var page = await planner.GetStringAsync("/Analysis?dx=infant_mortality_rate&ou=150500;CHILDREN&pe=2022;2023&rows=ou&cols=pe&plan=TL14&numden=true");

        foreach (var unit in new[] { WebApp.City, WebApp.Kerqin })
        {
            var dashboard = RowOf(await planner.GetStringAsync($"/?plan=TL14&orgunit={unit}&year=2023"), "婴儿死亡率");
            var status = Regex.Match(dashboard, @"<span class=""badge s-[\w_]+"">[^<]+</span>").Value;
            status.ShouldNotBeNullOrEmpty();
            var row = Regex.Match(page, $@"<tr data-row=""{unit}"">.*?</tr>", RegexOptions.Singleline).Value;
            var cells = Regex.Matches(row, @"<td class=""num"">.*?</td>", RegexOptions.Singleline).Select(m => m.Value).ToList();
            cells.Count.ShouldBe(2);
            cells[1].ShouldContain(status, customMessage: $"{unit}: the 2023 cell carries the dashboard's status");
            cells[1].ShouldContain("<div class=\"target\">目标 ");
            cells[0].ShouldContain("<div class=\"target\">", customMessage: "2022 is judged too, by the plan's evaluation of 2022");
            var api = JsonDocument.Parse(await planner.GetStringAsync($"/api/evaluations?indicator=infant_mortality_rate&orgunit={unit}&period=2023")).RootElement;
            string Shown(string part) => api.GetProperty(part).GetDecimal().ToString("#,0.############", CultureInfo.InvariantCulture);
            cells[1].ShouldContain($"<div class=\"muted parts\">{Shown("numerator")} / {Shown("denominator")}</div>");
        }
        page.ShouldContain("id=\"target-note\"");

        // 规划期: the plan's years, start to end, as columns.
        var plan = await app.WithDbAsync(async db => await db.Plans.Where(p => p.Code == "TL14").Select(p => new { p.StartYear, p.EndYear }).SingleAsync());
        var (start, end) = (plan.StartYear, plan.EndYear);
        var planYears = await planner.GetStringAsync("/Analysis?dx=live_births&ou=150500&pe=规划期&rows=ou&cols=pe&plan=TL14");
        var header = Regex.Match(planYears, "<thead>.*?</thead>", RegexOptions.Singleline).Value;
        foreach (var year in Enumerable.Range(start, end - start + 1))
        {
            header.ShouldContain($"{year}年");
        }
        header.ShouldNotContain($"{start - 1}年");
        (await planner.GetStringAsync("/Analysis?dx=live_births&ou=150500&pe=规划期")).ShouldContain("期间“规划期”须先选择一个规划");
    }
}
