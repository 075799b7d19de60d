using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Yardstick.Core.Scorecards;

namespace Yardstick.Web.Tests;

/// <summary>Issue 27 through the web app: figures restricted to an org-unit group, and approval level by level.</summary>
public abstract class GroupAndApprovalTests(WebApp app)
{
    private const string Imr = "/api/evaluations?indicator=infant_mortality_rate&period=2023";

    [Fact]
    public async Task A_unit_restricted_to_a_group_is_the_sum_over_its_members_inside_the_unit_on_the_api_and_the_pages()
    {
        using var planner = app.TokenClient(await app.TokenAsync("planner"));
        // The demo's 城乡 set: 城区 = 科尔沁区 + 霍林郭勒市, 农村牧区 = the other six counties.
        var rural = await planner.GetFromJsonAsync<JsonElement>($"{Imr}&orgunit={WebApp.City}&group=rural");
        decimal numerator = 0, denominator = 0;
        foreach (var county in new[] { "150521", "150522", "150523", "150524", "150525", "150526" })
        {
            var own = await planner.GetFromJsonAsync<JsonElement>($"{Imr}&orgunit={county}");
            numerator += own.GetProperty("numerator").GetDecimal();
            denominator += own.GetProperty("denominator").GetDecimal();
        }
        rural.GetProperty("group").GetString().ShouldBe("rural");
        rural.GetProperty("numerator").GetDecimal().ShouldBe(numerator);
        rural.GetProperty("denominator").GetDecimal().ShouldBe(denominator);
        var bySet = await planner.GetFromJsonAsync<JsonElement>($"/api/evaluations/groupSets?indicator=infant_mortality_rate&period=2023&orgunit={WebApp.City}&set=城乡");
        bySet.EnumerateArray().Select(r => r.GetProperty("group").GetString()).ShouldBe(["rural", "urban"]);
        bySet.EnumerateArray().Sum(r => r.GetProperty("denominator").GetDecimal())
            .ShouldBe((await planner.GetFromJsonAsync<JsonElement>($"{Imr}&orgunit={WebApp.City}")).GetProperty("denominator").GetDecimal());
        (await planner.GetAsync($"{Imr}&orgunit={WebApp.City}&group=nope")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // A county reporter sees the group only inside its own county: 科尔沁区 is urban, so rural has nothing there.
        using var kerqin = app.TokenClient(await app.TokenAsync("kerqin"));
        var urbanHere = await kerqin.GetFromJsonAsync<JsonElement>($"{Imr}&orgunit={WebApp.Kerqin}&group=urban");
        var kerqinOwn = await kerqin.GetFromJsonAsync<JsonElement>($"{Imr}&orgunit={WebApp.Kerqin}");
        urbanHere.GetProperty("denominator").GetDecimal().ShouldBe(kerqinOwn.GetProperty("denominator").GetDecimal());
        (await kerqin.GetFromJsonAsync<JsonElement>($"{Imr}&orgunit={WebApp.Kerqin}&group=rural")).GetProperty("value").ValueKind.ShouldBe(JsonValueKind.Null);
        (await kerqin.GetAsync($"{Imr}&orgunit={WebApp.City}&group=rural")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        using var page = await app.SignInAsync("planner");
        var dashboard = await page.GetStringAsync($"/?orgunit={WebApp.City}&group=rural&year=2023");
        dashboard.ShouldContain("通辽市 · 农村牧区");
        dashboard.ShouldContain("id=\"group-note\"");
        // The children judged are the counties with a member: the two urban ones are left out.
        var plan = await planner.GetFromJsonAsync<JsonElement>($"/api/plans/TL14/evaluation?orgunit={WebApp.City}&year=2023&children=true&group=rural");
        plan.EnumerateArray().Select(r => r.GetProperty("orgunit").GetString()).Distinct().Order().ShouldBe(["150500", "150521", "150522", "150523", "150524", "150525", "150526"]);
        plan.EnumerateArray().First(r => r.GetProperty("indicator").GetString() == "infant_mortality_rate" && r.GetProperty("orgunit").GetString() == "150500")
            .GetProperty("denominator").GetDecimal().ShouldBe(denominator);
        var indicator = await page.GetStringAsync($"/Indicators/Detail?code=infant_mortality_rate&orgunit={WebApp.City}&year=2023");
        indicator.ShouldContain("按城乡分列");
        indicator.ShouldContain("data-group=\"urban\"");
        var search = await page.GetStringAsync($"/?orgunit={WebApp.City}&q=农村");
        search.ShouldContain("<option value=\"rural\">农村牧区 (城乡)</option>");
    }

    /// <summary>
    /// 考核 and 通报 asked for a group: the demo's 农村牧区 (six counties, each a member itself) ranks those six only, each judged as
    /// its own figures are (the group's part of a member county is the whole county), headed 通辽市 · 农村牧区 with the definition
    /// under it on the API, the page and the documents; a county user cannot reach the city through a group.
    /// </summary>
    [Fact]
    public async Task A_scorecard_and_a_notice_restricted_to_a_group_rank_only_the_children_with_a_member_and_stay_inside_the_callers_scope()
    {
        using var planner = app.TokenClient(await app.TokenAsync("planner"));
        var rural = new[] { "150521", "150522", "150523", "150524", "150525", "150526" };
        var grouped = await planner.GetFromJsonAsync<JsonElement>($"/api/plans/TL14/scorecard?orgunit={WebApp.City}&year=2023&group=rural");
        var whole = await planner.GetFromJsonAsync<JsonElement>($"/api/plans/TL14/scorecard?orgunit={WebApp.City}&year=2023");

        grouped.GetProperty("group").GetString().ShouldBe("rural");
        grouped.GetProperty("heading").GetString().ShouldBe("通辽市 · 农村牧区");
        grouped.GetProperty("groupDefinition").GetString()!.ShouldContain("农村牧区");
        whole.TryGetProperty("group", out _).ShouldBeFalse();
        var ranked = grouped.GetProperty("units").EnumerateArray().ToList();
        ranked.Select(u => u.GetProperty("orgUnit").GetString()).Order().ShouldBe(rural);
        whole.GetProperty("units").EnumerateArray().Select(u => u.GetProperty("orgUnit").GetString()).ShouldContain(WebApp.Kerqin);
        // Each rural county is a member: its items are judged on the same figures as without the group.
        foreach (var unit in ranked)
        {
            var plain = whole.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("orgUnit").GetString() == unit.GetProperty("orgUnit").GetString());
            var statuses = plain.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("key").GetString()!, i => i.GetProperty("status").GetString());
            foreach (var item in unit.GetProperty("items").EnumerateArray().Where(i => ScoringScheme.DocumentItemId(i.GetProperty("key").GetString()!) is null))
            {
                item.GetProperty("status").GetString().ShouldBe(statuses[item.GetProperty("key").GetString()!]);
            }
        }
        (await planner.GetAsync($"/api/plans/TL14/scorecard?orgunit={WebApp.City}&year=2023&group=nope")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        using var page = await app.SignInAsync("planner");
        var reports = await page.GetStringAsync($"/Reports?plan=TL14&orgunit={WebApp.City}&year=2023&group=rural");
        reports.ShouldContain("通辽市 · 农村牧区下级单位考核");
        reports.ShouldContain("id=\"scorecard-group-note\"");
        reports.ShouldContain("handler=Notice&plan=TL14&amp;orgunit=150500&amp;year=2023&amp;group=rural");
        var notice = await page.GetAsync($"/Reports?handler=Notice&plan=TL14&orgunit={WebApp.City}&year=2023&group=rural");
        notice.StatusCode.ShouldBe(HttpStatusCode.OK);
        notice.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe("通辽市 · 农村牧区2023年通报.docx");
        var table = await page.GetAsync($"/Reports?handler=Scorecard&plan=TL14&orgunit={WebApp.City}&year=2023&group=rural");
        table.StatusCode.ShouldBe(HttpStatusCode.OK);
        table.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe("通辽市 · 农村牧区2023年考核.xlsx");

        // A county's reviewer reaches its own county through the group, never the city.
        using var kerqin = app.TokenClient(await app.TokenAsync("kerqinreview"));
        (await kerqin.GetAsync($"/api/plans/TL14/scorecard?orgunit={WebApp.City}&year=2023&group=rural")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var kerqinPage = await app.SignInAsync("kerqinreview");
        (await kerqinPage.GetAsync($"/Reports?handler=Notice&plan=TL14&orgunit={WebApp.City}&year=2023&group=rural")).IsSuccessStatusCode.ShouldBeFalse();
        (await kerqinPage.GetAsync($"/Reports?handler=Scorecard&plan=TL14&orgunit={WebApp.City}&year=2023&group=rural")).IsSuccessStatusCode.ShouldBeFalse();
    }

    /// <summary>Last month (Beijing): open for a report now.</summary>
    private static readonly string Month = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).AddMonths(-1).ToString("yyyyMM", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_township_report_is_approved_county_then_city_and_an_approved_only_figure_moves_when_the_city_approves()
    {
        using var dalin = app.TokenClient(await app.TokenAsync("dalin"));
        using var county = app.TokenClient(await app.TokenAsync("kerqinreview"));
        using var city = app.TokenClient(await app.TokenAsync("cityreview"));
        var values = new StringContent(JsonSerializer.Serialize(new
        {
            dataValues = new[] { ("vaccine_doses_due", "200"), ("vaccine_doses_given", "190") }
                .Select(v => new { dataElement = v.Item1, period = Month, orgUnit = WebApp.Dalin, value = v.Item2 }),
        }), System.Text.Encoding.UTF8, "application/json");
        (await dalin.PostAsync("/api/dataValueSets", values)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await dalin.PostAsJsonAsync("/api/dataSets/epi_monthly/submissions", new { orgUnit = WebApp.Dalin, period = Month })).StatusCode.ShouldBe(HttpStatusCode.OK);
        Task<HttpResponseMessage> Decide(HttpClient who, string action) =>
            who.PostAsJsonAsync("/api/dataSets/epi_monthly/approvals", new { orgUnit = WebApp.Dalin, period = Month, action, reason = (string?)null });
        async Task<JsonElement> Status() => (await dalin.GetFromJsonAsync<JsonElement>($"/api/dataSets/epi_monthly/status?orgUnit={WebApp.Dalin}&period={Month}"))[0];
        var rate = $"/api/evaluations?indicator=nip_vaccination_coverage_township&orgunit={WebApp.Dalin}&period={Month}";
        async Task<JsonElement> Figure(string approved) => await dalin.GetFromJsonAsync<JsonElement>(rate + approved);

        (await Figure("")).GetProperty("value").GetDecimal().ShouldBe(95m);
        (await Figure("&approved=市")).GetProperty("value").ValueKind.ShouldBe(JsonValueKind.Null);
        (await Figure("&approved=市")).GetProperty("approved_only").GetString().ShouldBe("市已审核");

        // The city before the county is refused; the county, then the city.
        (await Decide(city, "approve")).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Decide(county, "approve")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var halfway = await Status();
        halfway.GetProperty("state").GetString().ShouldBe("submitted");
        halfway.GetProperty("stateName").GetString().ShouldBe("县已审核");
        halfway.GetProperty("approvalLevels").EnumerateArray().Select(l => (l.GetProperty("name").GetString(), l.GetProperty("approved").GetBoolean()))
            .ShouldBe([("县", true), ("市", false)]);
        (await Figure("&approved=县")).GetProperty("value").GetDecimal().ShouldBe(95m);
        (await Figure("&approved=市")).GetProperty("value").ValueKind.ShouldBe(JsonValueKind.Null);

        (await Decide(city, "approve")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Status()).GetProperty("stateName").GetString().ShouldBe("市已审核");
        (await Figure("&approved=市")).GetProperty("value").GetDecimal().ShouldBe(95m);

        // The grid shows each level; the dashboard says what it counts.
        using var page = await app.SignInAsync("kerqinreview");
        (await page.GetStringAsync($"/Entry/Completeness?dataset=epi_monthly&orgunit={WebApp.Kerqin}&year={Month[..4]}")).ShouldContain("县已审核 · 市已审核");
        (await page.GetStringAsync($"/?orgunit={WebApp.Kerqin}&approved=市")).ShouldContain("只统计已审核数据 (市已审核)");

        // Unapproving at the county undoes the city's approval: the approved-only figure moves back.
        (await Decide(county, "unapprove")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Figure("&approved=市")).GetProperty("value").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    /// <summary>
    /// 接收 through the web: a set approved 县 → 市 whose city must receive first; the city's entry page offers 接收 (not 审核通过)
    /// after the county approves, the grid and the status API say 市已接收, the county's unapproval is then refused in Chinese,
    /// 取消接收 lets it through, and the city approves only what it has received.
    /// </summary>
    [Fact]
    public async Task With_acceptance_the_city_receives_on_its_page_before_approving_and_the_county_cannot_unapprove_it_then()
    {
        var code = "acc" + Guid.NewGuid().ToString("N")[..6];
        var element = code + "_births";
        var imported = await app.WithDbAsync(async db =>
        {
            var (elements, _) = Data.Interchange.SourceTable.Read("dataelements.csv", System.Text.Encoding.UTF8.GetBytes(
                $"code,name,value_type,agg_ou,agg_time\n{element},接收测试活产数,count,sum,sum\n"));
            var (sets, _) = Data.Interchange.SourceTable.Read("datasets.csv", System.Text.Encoding.UTF8.GetBytes(
                $"code,name,period_type,elements,assign,due_days,lock_days,approval_levels,accept\n{code},接收测试月报,month,{element},level:4,40,0,level:3;level:2,是\n"));
            return await new Data.Interchange.Importer(db, TimeProvider.System).ImportAsync([.. elements, .. sets], "test", "datasets.csv");
        });
        imported.Succeeded.ShouldBeTrue(string.Join("; ", imported.Issues));
        using var dalin = app.TokenClient(await app.TokenAsync("dalin"));
        using var county = app.TokenClient(await app.TokenAsync("kerqinreview"));
        using var city = app.TokenClient(await app.TokenAsync("cityreview"));
        var values = new StringContent(JsonSerializer.Serialize(new { dataValues = new[] { new { dataElement = element, period = Month, orgUnit = WebApp.Dalin, value = "31" } } }),
            System.Text.Encoding.UTF8, "application/json");
        (await dalin.PostAsync("/api/dataValueSets", values)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await dalin.PostAsJsonAsync($"/api/dataSets/{code}/submissions", new { orgUnit = WebApp.Dalin, period = Month })).StatusCode.ShouldBe(HttpStatusCode.OK);
        Task<HttpResponseMessage> Decide(HttpClient who, string action) =>
            who.PostAsJsonAsync($"/api/dataSets/{code}/approvals", new { orgUnit = WebApp.Dalin, period = Month, action, reason = (string?)null });
        async Task<JsonElement> Status() => (await dalin.GetFromJsonAsync<JsonElement>($"/api/dataSets/{code}/status?orgUnit={WebApp.Dalin}&period={Month}"))[0];

        (await Decide(city, "accept")).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Decide(county, "approve")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var early = await Decide(city, "approve");
        early.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await early.Content.ReadAsStringAsync()).ShouldContain("须先由市级接收");
        var waiting = await Status();
        waiting.GetProperty("stateName").GetString().ShouldBe("县已审核");
        waiting.GetProperty("approvalLevels").EnumerateArray().Select(l => (l.GetProperty("name").GetString(), l.GetProperty("approved").GetBoolean(),
            l.TryGetProperty("accepted", out var a) ? a.GetBoolean() : (bool?)null)).ShouldBe([("县", true, null), ("市", false, false)]);

        // The city's page: 接收 in place of 审核通过; taken through the form.
        using var cityPage = await app.SignInAsync("cityreview");
        var form = $"/Entry?dataset={code}&orgunit={WebApp.Dalin}&period={Month}";
        var before = await cityPage.GetStringAsync(form);
        before.ShouldContain("id=\"accept\"");
        before.ShouldNotContain("id=\"approve\"");
        before.ShouldContain("县已审核 · 市待接收");
        var posted = await WebApp.PostFormAsync(cityPage, form, "/Entry?handler=Decide",
            new() { ["dataset"] = code, ["orgunit"] = WebApp.Dalin, ["period"] = Month, ["decision"] = "accept", ["reason"] = "" });
        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var after = await cityPage.GetStringAsync(posted.Headers.Location!.ToString());
        after.ShouldContain("已接收, 下级不能再取消审核");
        after.ShouldContain("id=\"unaccept\"");
        after.ShouldContain("id=\"approve\"");
        var received = await Status();
        received.GetProperty("state").GetString().ShouldBe("submitted");
        received.GetProperty("stateName").GetString().ShouldBe("市已接收");
        received.GetProperty("approvalLevels")[1].GetProperty("accepted").GetBoolean().ShouldBeTrue();

        using var countyPage = await app.SignInAsync("kerqinreview");
        var grid = await countyPage.GetStringAsync($"/Entry/Completeness?dataset={code}&orgunit={WebApp.Kerqin}&year={Month[..4]}");
        grid.ShouldContain("市已接收");
        grid.ShouldContain("县已审核 · 市已接收");

        // Received: the county's unapproval is refused in Chinese until the city undoes its 接收; a second 接收 is 409.
        var refused = await Decide(county, "unapprove");
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("市级已经接收, 县级不能取消审核");
        (await Decide(city, "accept")).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Decide(city, "unaccept")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Status()).GetProperty("stateName").GetString().ShouldBe("县已审核");
        (await Decide(county, "unapprove")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Status()).GetProperty("state").GetString().ShouldBe("saved");

        // Round again to the end: 县已审核 → 市已接收 → 市已审核.
        (await dalin.PostAsJsonAsync($"/api/dataSets/{code}/submissions", new { orgUnit = WebApp.Dalin, period = Month })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Decide(county, "approve")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Decide(city, "accept")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Decide(city, "approve")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var done = await Status();
        (done.GetProperty("state").GetString(), done.GetProperty("stateName").GetString()).ShouldBe(("approved", "市已审核"));
        var history = await countyPage.GetStringAsync(form);
        history.ShouldContain("市级取消接收, 回到县已审核");
        history.ShouldContain("县已审核 · 市已审核");
    }
}

public sealed class SqliteGroupAndApprovalTests(SqliteWebApp app) : GroupAndApprovalTests(app), IClassFixture<SqliteWebApp>;

public sealed class PostgresGroupAndApprovalTests(PostgresWebApp app) : GroupAndApprovalTests(app), IClassFixture<PostgresWebApp>;
