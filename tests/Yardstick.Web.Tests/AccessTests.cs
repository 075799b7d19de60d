using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Yardstick.Data.Values;

using Yardstick.Testing;

namespace Yardstick.Web.Tests;

/// <summary>
/// Who may see and change what, proved by trying: anonymous callers get the sign-in page (pages) or 401 (API); a township
/// user cannot read or write a sibling township; viewers and auditors cannot write; pages and API answer alike.
/// </summary>
public abstract partial class AccessTests(WebApp app)
{
    private static readonly string[] Pages =
    [
        "/", "/Entry", "/Entry/Upload", "/Plans", "/Plans/Detail?code=TL14", "/Plans/New", "/Tasks", "/Reports", "/Audit", "/Admin/Users",
        "/Indicators/Detail?code=infant_mortality_rate", "/Account/ChangePassword", "/Account/TwoFactor",
    ];

    private static readonly string[] ApiGets =
    [
        "/api/orgUnits", "/api/dataElements", "/api/indicators", "/api/plans", "/api/targets", "/api/tasks",
        "/api/evaluations?indicator=infant_mortality_rate&orgunit=150500&period=2023", "/api/dataValueSets?orgUnit=150500&period=2023",
        "/api/plans/TL14/evaluation?orgunit=150500&year=2023", "/openapi/v1.json",
    ];

    [Fact]
    public async Task Anonymous_requests_get_the_sign_in_page_or_401_and_nothing_else()
    {
        using var client = app.Client();
        foreach (var page in Pages)
        {
            var response = await client.GetAsync(page);
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect, page);
            response.Headers.Location!.ToString().ShouldContain("/Account/Login", Case.Sensitive, page);
        }
        foreach (var api in ApiGets)
        {
            var response = await client.GetAsync(api);
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, api);
            (await response.Content.ReadAsStringAsync()).ShouldNotContain("150500", customMessage: api);
        }
        (await client.PostAsync("/api/dataValueSets", Json(WebApp.Dalin, "live_births", "5"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await client.PatchAsync("/api/tasks/1", JsonContent.Create(new { status = "done" }))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        // A bad token is no better than none.
        using var forged = app.TokenClient("ys_forged");
        (await forged.GetAsync("/api/plans")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var login = await client.GetAsync("/Account/Login");
        login.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await login.Content.ReadAsStringAsync()).ShouldContain("登录");
        (await client.GetStringAsync("/healthz")).ShouldBe("ok");
    }

    [Fact]
    public async Task A_township_user_cannot_read_or_write_a_sibling_township_by_api()
    {
        using var dalin = app.TokenClient(await app.TokenAsync("dalin"));
        var units = await dalin.GetFromJsonAsync<JsonElement>("/api/orgUnits");
        units.EnumerateArray().Select(u => u.GetProperty("code").GetString()).ShouldBe([WebApp.Dalin]);

        (await dalin.GetAsync($"/api/evaluations?indicator=infant_mortality_rate&orgunit={WebApp.Qianjia}&period=2023")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await dalin.GetAsync($"/api/evaluations?indicator=infant_mortality_rate&orgunit={WebApp.Kerqin}&period=2023")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await dalin.GetAsync($"/api/dataValueSets?orgUnit={WebApp.Qianjia}&period=2023")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await dalin.GetAsync($"/api/plans/TL14/evaluation?orgunit={WebApp.City}&year=2023")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await dalin.GetAsync($"/api/evaluations?indicator=infant_mortality_rate&orgunit={WebApp.Dalin}&period=2023")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // A batch with one row for the sibling is refused whole: nothing of it is stored.
        var post = await dalin.PostAsync("/api/dataValueSets", Json(WebApp.Dalin, "beds_total", "120", WebApp.Qianjia, "beds_total", "130"));
        post.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ValueAsync(WebApp.Dalin, "beds_total")).ShouldBeNull();
        (await ValueAsync(WebApp.Qianjia, "beds_total")).ShouldBeNull();

        var own = await dalin.PostAsync("/api/dataValueSets", Json(WebApp.Dalin, "beds_total", "120"));
        own.StatusCode.ShouldBe(HttpStatusCode.OK, await own.Content.ReadAsStringAsync());
        (await ValueAsync(WebApp.Dalin, "beds_total")).ShouldBe(120m);
        var read = await dalin.GetFromJsonAsync<JsonElement>($"/api/dataValueSets?orgUnit={WebApp.Dalin}&period=2023");
        read.GetProperty("dataValues").EnumerateArray().ShouldContain(v => v.GetProperty("dataElement").GetString() == "beds_total" && v.GetProperty("value").GetString() == "120");
    }

    /// <summary>
    /// A system that already speaks DHIS2 makes its first calls: the set's period and orgUnit inherited by its values, a dry
    /// run that writes nothing, CSV and ADX bodies, an importCount in the answer, a category option combo refused by name.
    /// </summary>
    [Fact]
    public async Task A_DHIS2_client_is_answered_as_DHIS2_would()
    {
        using var dalin = await app.SignInAsync("dalin");
        // Signed in by cookie, as a page of this site would send it (a cookie write from elsewhere is refused).
        dalin.DefaultRequestHeaders.Add("Origin", app.BaseAddress.GetLeftPart(UriPartial.Authority));
        StringContent Body(string text, string type) => new(text, Encoding.UTF8, type);

        var dry = await dalin.PostAsync("/api/dataValueSets?dryRun=true",
            Body($$"""{"dataSet":"TL14","period":"2021","orgUnit":"{{WebApp.Dalin}}","dataValues":[{"dataElement":"licensed_doctors","value":"41","comment":"年报"}]}""", "application/json"));
        var dryAnswer = await dry.Content.ReadFromJsonAsync<JsonElement>();
        dry.StatusCode.ShouldBe(HttpStatusCode.OK, dryAnswer.ToString());
        dryAnswer.GetProperty("dryRun").GetBoolean().ShouldBeTrue();
        dryAnswer.GetProperty("importCount").GetProperty("imported").GetInt32().ShouldBe(1);
        (await ValueAsync(WebApp.Dalin, "licensed_doctors", 2021)).ShouldBeNull("a dry run writes nothing");

        var real = await dalin.PostAsync("/api/dataValueSets",
            Body($$"""{"period":"2021","orgUnit":"{{WebApp.Dalin}}","dataValues":[{"dataElement":"licensed_doctors","value":"41","comment":"年报","categoryOptionCombo":"HllvX50cXC0"}]}""", "application/json"));
        var answer = await real.Content.ReadFromJsonAsync<JsonElement>();
        real.StatusCode.ShouldBe(HttpStatusCode.OK, answer.ToString());
        (answer.GetProperty("responseType").GetString(), answer.GetProperty("status").GetString()).ShouldBe(("ImportSummary", "SUCCESS"));
        answer.GetProperty("importCount").GetProperty("imported").GetInt32().ShouldBe(1);
        (await ValueAsync(WebApp.Dalin, "licensed_doctors", 2021)).ShouldBe(41m, "the set's period and orgUnit were the value's");

        var csv = await dalin.PostAsync("/api/dataValueSets",
            Body($"dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,lastupdated,comment,followup\nlicensed_doctors,2021,{WebApp.Dalin},,,43,,,核对后,false\n", "text/csv"));
        var csvAnswer = await csv.Content.ReadFromJsonAsync<JsonElement>();
        csv.StatusCode.ShouldBe(HttpStatusCode.OK, csvAnswer.ToString());
        csvAnswer.GetProperty("importCount").GetProperty("updated").GetInt32().ShouldBe(1);
        (await ValueAsync(WebApp.Dalin, "licensed_doctors", 2021)).ShouldBe(43m);

        var adx = await dalin.PostAsync("/api/dataValueSets", Body($$"""
            <adx xmlns="urn:ihe:qrph:adx:2015"><group orgUnit="{{WebApp.Dalin}}" period="2021-01-01/P1Y" dataSet="TL14">
              <dataValue dataElement="licensed_doctors" value="43"/><dataValue dataElement="registered_nurses" value="52"/></group></adx>
            """, "application/adx+xml"));
        var adxAnswer = await adx.Content.ReadFromJsonAsync<JsonElement>();
        adx.StatusCode.ShouldBe(HttpStatusCode.OK, adxAnswer.ToString());
        var counted = adxAnswer.GetProperty("importCount");
        (counted.GetProperty("imported").GetInt32(), counted.GetProperty("ignored").GetInt32()).ShouldBe((1, 1), "43 again is ignored, the nurses are new");
        (await ValueAsync(WebApp.Dalin, "registered_nurses", 2021)).ShouldBe(52m);

        var combo = await dalin.PostAsync("/api/dataValueSets",
            Body($$"""{"period":"2021","orgUnit":"{{WebApp.Dalin}}","dataValues":[{"dataElement":"licensed_doctors","value":"9","categoryOptionCombo":"Prlt0C1RF0s"}]}""", "application/json"));
        combo.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var refusal = await combo.Content.ReadFromJsonAsync<JsonElement>();
        refusal.GetProperty("conflicts")[0].GetProperty("value").GetString()!.ShouldContain("不分类别, 不能填写类别选项组合 \"Prlt0C1RF0s\"");
        (await combo.Content.ReadAsStringAsync()).ShouldContain("不分类别", customMessage: "Chinese written as characters in the answer");
        (await ValueAsync(WebApp.Dalin, "licensed_doctors", 2021)).ShouldBe(43m, "refused, not stored as the element's total");
        (await dalin.PostAsync("/api/dataValueSets", Body("<x/>", "application/pdf"))).StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        var entities = await dalin.PostAsync("/api/dataValueSets", Body("""
            <?xml version="1.0"?><!DOCTYPE adx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
            <adx><group orgUnit="150502101" period="2021-01-01/P1Y"><dataValue dataElement="licensed_doctors" value="&b;"/></group></adx>
            """, "application/adx+xml"));
        entities.StatusCode.ShouldBe(HttpStatusCode.BadRequest, "a DTD is refused, never expanded");
    }

    [Fact]
    public async Task A_township_user_cannot_open_or_post_a_sibling_townships_pages()
    {
        using var dalin = await app.SignInAsync("dalin");
        foreach (var page in new[]
        {
            $"/Entry?orgunit={WebApp.Qianjia}", $"/Indicators/Detail?code=beds_per_1000&orgunit={WebApp.Qianjia}", $"/?orgunit={WebApp.Qianjia}",
            $"/?orgunit={WebApp.Kerqin}", $"/Reports?orgunit={WebApp.Qianjia}",
        })
        {
            var response = await dalin.GetAsync(page);
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect, page);
            response.Headers.Location!.ToString().ShouldContain("/Account/Denied", Case.Sensitive, page);
        }
        var ownPage = await dalin.GetStringAsync("/Entry");
        ownPage.ShouldContain("大林镇");
        ownPage.ShouldNotContain("钱家店镇");

        // The form for the own township, posted with the sibling's code.
        var post = await WebApp.PostFormAsync(dalin, "/Entry", "/Entry", new()
        {
            ["dataset"] = "TL14",
            ["orgunit"] = WebApp.Qianjia,
            ["period"] = "2023",
            ["v[registered_nurses]"] = "77",
        });
        post.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        post.Headers.Location!.ToString().ShouldContain("/Account/Denied");
        (await ValueAsync(WebApp.Qianjia, "registered_nurses")).ShouldBeNull();

        // An upload naming the sibling is refused with the line, and stores nothing.
        var upload = await UploadAsync(dalin, "values.csv", $"dataelement,period,orgunit,value\nregistered_nurses,2023,{WebApp.Dalin},5\nregistered_nurses,2023,{WebApp.Qianjia},6\n");
        upload.ShouldContain("values.csv:3: 无权填报 钱家店镇");
        (await ValueAsync(WebApp.Dalin, "registered_nurses")).ShouldBeNull();
    }

    /// <summary>A planner adds a target by hand on the plan page, checked as a targets.csv row; a viewer cannot.</summary>
    [Fact]
    public async Task A_planner_adds_a_target_by_hand_and_a_bad_one_is_refused_with_its_reason()
    {
        using var planner = await app.SignInAsync("planner");
        var form = "/Plans/Detail?code=CZ2021";
        var added = await WebApp.PostFormAsync(planner, form, "/Plans/Detail?handler=AddTarget&code=CZ2021", new()
        {
            ["indicator"] = "婴儿死亡率",
            ["orgunit"] = WebApp.Kerqin,
            ["targetYear"] = "2022",
            ["comparator"] = "<=",
            ["targetValue"] = "4.5",
            ["nature"] = "约束性",
        });
        (await added.Content.ReadAsStringAsync()).ShouldContain("已新增目标");
        var bad = await WebApp.PostFormAsync(planner, form, "/Plans/Detail?handler=AddTarget&code=CZ2021", new()
        {
            ["indicator"] = "婴儿死亡率",
            ["orgunit"] = WebApp.Kerqin,
            ["targetYear"] = "2022",
            ["comparator"] = "range",
            ["targetValue"] = "9-3",
        });
        (await bad.Content.ReadAsStringAsync()).ShouldContain("区间目标值应写作");
        var stored = await app.WithDbAsync(async db =>
        {
            var plan = await db.Plans.SingleAsync(p => p.Code == "CZ2021");
            var unit = await db.OrgUnits.SingleAsync(u => u.Code == WebApp.Kerqin);
            return await db.Targets.Where(t => t.PlanId == plan.Id && t.OrgUnitId == unit.Id && t.TargetYear == 2022).ToListAsync();
        });
        stored.ShouldHaveSingleItem().TargetValue.ShouldBe(4.5m);

        using var viewer = await app.SignInAsync("viewer");
        var refused = await WebApp.PostFormAsync(viewer, form, "/Plans/Detail?handler=AddTarget&code=CZ2021", new()
        {
            ["indicator"] = "婴儿死亡率",
            ["orgunit"] = WebApp.Kerqin,
            ["targetYear"] = "2023",
            ["comparator"] = "<=",
            ["targetValue"] = "4",
        });
        refused.Headers.Location!.ToString().ShouldContain("/Account/Denied");
    }

    /// <summary>
    /// A document target's results belong to the unit they were recorded for: a county user cannot open the city's, read its
    /// evidence or record one; a viewer of the city reads them but records nothing.
    /// </summary>
    [Fact]
    public async Task A_document_targets_results_stay_with_their_unit_and_only_departments_and_planners_record_them()
    {
        var item = await app.WithDbAsync(async db =>
        {
            var plan = await db.Plans.SingleAsync(p => p.Code == "CZ2021");
            return (await Data.Documents.DocumentTargets.OpenItemsAsync(db, plan)).First(i => i.Kind == "annex").Id;
        });
        using var dept = await app.SignInAsync("dept");
        var recorded = await WebApp.PostFormAsync(dept, $"/Plans/Result?item={item}&orgunit={WebApp.City}&year=2022",
            $"/Plans/Result?item={item}&orgunit={WebApp.City}&year=2022", new() { ["outcome"] = "in_progress", ["note"] = "市级推进中" });
        recorded.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var resultId = await app.WithDbAsync(async db =>
        {
            (await Data.Documents.DocumentTargets.RecordAsync(db, new(item, WebApp.City, 2021, null, "未达成", "市级会议纪要", null, "纪要.pdf", [1, 2]),
                "dept", null, DateTimeOffset.UtcNow)).ShouldBeNull();
            return (await Data.Documents.DocumentTargets.HistoryAsync(db, item, (await db.OrgUnits.SingleAsync(u => u.Code == WebApp.City)).Id))
                .First(r => r.AttachmentName == "纪要.pdf").Id;
        });
        (await dept.GetAsync($"/Plans/Result?handler=Evidence&id={resultId}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var kerqin = await app.SignInAsync("kerqin");
        foreach (var page in new[] { $"/Plans/Result?item={item}&orgunit={WebApp.City}&year=2022", $"/Plans/Result?handler=Evidence&id={resultId}" })
        {
            (await kerqin.GetAsync(page)).Headers.Location!.ToString().ShouldContain("/Account/Denied", Case.Sensitive, page);
        }
        (await kerqin.GetStringAsync($"/Plans/Result?item={item}&orgunit={WebApp.Kerqin}&year=2022")).ShouldNotContain("市级推进中");
        var crossing = await WebApp.PostFormAsync(kerqin, $"/Plans/Result?item={item}&orgunit={WebApp.Kerqin}&year=2022",
            $"/Plans/Result?item={item}&orgunit={WebApp.City}&year=2022", new() { ["outcome"] = "achieved" });
        crossing.Headers.Location!.ToString().ShouldContain("/Account/Denied");

        using var viewer = await app.SignInAsync("viewer");
        var page2 = await viewer.GetStringAsync($"/Plans/Result?item={item}&orgunit={WebApp.City}&year=2022");
        page2.ShouldContain("市级推进中");
        page2.ShouldNotContain("record-result");
        var viewerPost = await WebApp.PostFormAsync(viewer, $"/Plans/Result?item={item}&orgunit={WebApp.City}&year=2022",
            $"/Plans/Result?item={item}&orgunit={WebApp.City}&year=2022", new() { ["outcome"] = "achieved" });
        viewerPost.Headers.Location!.ToString().ShouldContain("/Account/Denied");
        (await app.WithDbAsync(async db => (await Data.Documents.DocumentTargets.HistoryAsync(db, item,
            (await db.OrgUnits.SingleAsync(u => u.Code == WebApp.City)).Id)).Count(r => r.Year == 2022))).ShouldBe(1);
    }

    [Theory]
    [InlineData("viewer")]
    [InlineData("auditor")]
    public async Task Viewers_and_auditors_cannot_write_anything(string user)
    {
        using var api = app.TokenClient(await app.TokenAsync(user));
        (await api.PostAsync("/api/dataValueSets", Json(WebApp.Kailu, "general_practitioners", "1"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var before = await app.WithDbAsync(db => Data.Tasks.TaskBoard.GetAsync(db, 4));
        (await api.PatchAsync("/api/tasks/4", JsonContent.Create(new { deadline = "2030-01-01" }))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await api.PostAsync("/api/tasks/4/actions", JsonContent.Create(new { action = "close" }))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await api.PostAsync("/api/tasks", JsonContent.Create(new { title = "x", plan = "CZ2021", leads = new[] { WebApp.ThirdOffice } }))).StatusCode
            .ShouldBe(HttpStatusCode.Forbidden);

        using var web = await app.SignInAsync(user);
        var form = await WebApp.PostFormAsync(web, "/Tasks", "/Entry", new()
        {
            ["dataset"] = "TL14",
            ["orgunit"] = WebApp.Kailu,
            ["period"] = "2023",
            ["v[general_practitioners]"] = "1",
        });
        form.Headers.Location!.ToString().ShouldContain("/Account/Denied");
        var close = await WebApp.PostFormAsync(web, "/Tasks", "/Tasks/Detail?id=4", new() { ["id"] = "4", ["action"] = "close" });
        close.Headers.Location!.ToString().ShouldContain("/Account/Denied");
        foreach (var page in new[] { "/Entry/Upload", "/Plans/New", "/Plans/EditTarget?id=1", "/Admin/Users" })
        {
            (await web.GetAsync(page)).Headers.Location!.ToString().ShouldContain("/Account/Denied", Case.Sensitive, page);
        }
        (await ValueAsync(WebApp.Kailu, "general_practitioners", 2023)).ShouldNotBe(1m);
        var after = await app.WithDbAsync(db => Data.Tasks.TaskBoard.GetAsync(db, 4));
        (after!.Stage, after.Progress, after.Deadline).ShouldBe((before!.Stage, before.Progress, before.Deadline));
    }

    [Fact]
    public async Task Only_auditors_read_the_audit_log_and_it_shows_who_from_where_old_and_new()
    {
        using var kerqin = await app.SignInAsync("kerqin");
        var saved = await WebApp.PostFormAsync(kerqin, "/Entry", "/Entry", new()
        {
            ["dataset"] = "TL14",
            ["orgunit"] = WebApp.Kerqin,
            ["period"] = "2023",
            ["v[childcare_slots]"] = "4321",
        });
        saved.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await saved.Content.ReadAsStringAsync()).ShouldContain("已保存 1 项");
        (await kerqin.GetAsync("/Audit")).Headers.Location!.ToString().ShouldContain("/Account/Denied");

        using var auditor = await app.SignInAsync("auditor");
        (await auditor.GetStringAsync("/Audit?actor=kerqin")).ShouldNotContain("哈希链完整");
        var page = await auditor.GetStringAsync("/Audit?actor=kerqin&verify=true");
        page.ShouldContain("哈希链完整");
        page.ShouldContain("4321");
        page.ShouldContain("kerqin");
        page.ShouldContain("<td>本机</td>"); // the loopback in words on screen; the stored entry and the CSV keep the address
        var entries = await app.WithDbAsync(db => AuditLog.ReadAsync(db));
        entries.ShouldContain(e => e.Actor == "kerqin" && e.New == "4321" && e.Address == "127.0.0.1");
        var bytes = await auditor.GetByteArrayAsync("/Audit?handler=Csv&actor=kerqin");
        bytes[..3].ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        var csv = Encoding.UTF8.GetString(bytes[3..]);
        csv.ShouldStartWith("编号,时间,操作人,来源地址,途径,事件,对象,原值,新值,事件代码,对象代码,哈希");
        csv.ShouldContain(",数据值,");
        csv.ShouldContain(",data_value,childcare_slots/150502/2023,", customMessage: "the stored key stays in the CSV beside its words");
        csv.ShouldContain(",4321,");
        (await kerqin.GetAsync("/Audit?handler=Csv")).Headers.Location!.ToString().ShouldContain("/Account/Denied");
    }

    [Fact]
    public async Task Issue_25_the_audit_page_names_objects_sources_and_times_as_people_read_them()
    {
        using var kerqin = await app.SignInAsync("kerqin");
        (await WebApp.PostFormAsync(kerqin, "/Entry", "/Entry", new()
        {
            ["dataset"] = "TL14",
            ["orgunit"] = WebApp.Kerqin,
            ["period"] = "2023",
            ["v[childcare_slots]"] = "4322",
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var at = new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero);
        await app.WithDbAsync(async db =>
        {
            await AuditLog.RecordEventAsync(db, "planner", null, "assessment", $"TL14/{WebApp.City}/2023", "草稿",
                "公示中; 申诉截止 2026-12-14T00:39:56.7342626+00:00", at, WebApp.City);
            await AuditLog.RecordEventAsync(db, "kerqin", null, "assessment_appeal", $"99999/{WebApp.Kerqin}", null, "申诉", at, WebApp.City);
            return true;
        });

        using var auditor = await app.SignInAsync("auditor");
        var values = await auditor.GetStringAsync("/Audit?actor=kerqin");
        var assessments = await auditor.GetStringAsync("/Audit?entity=assessment");
        var appeals = await auditor.GetStringAsync("/Audit?entity=assessment_appeal");
        var all = await auditor.GetStringAsync("/Audit");

        values.ShouldContain("科尔沁区 · 2023年", customMessage: "a value reads as its element, unit and period");
        Regex.IsMatch(values, ">childcare_slots/150502/2023<").ShouldBeFalse("the stored key is not the shown object");
        assessments.ShouldContain("通辽市 · 2023年");
        assessments.ShouldContain("申诉截止 2026-12-14 08:39", customMessage: "an ISO time reads as Beijing time");
        Regex.IsMatch(assessments + all, @"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}").ShouldBeFalse("no ISO timestamp on the page");
        appeals.ShouldContain($">99999/{WebApp.Kerqin}<", customMessage: "an unknown assessment falls back to the stored key");
        Regex.IsMatch(all, "<td>[^<]*[(][A-Za-z ]+[)]</td>").ShouldBeFalse("途径 carries no English gloss");
        AuditWords.Source("合成演示数据 (synthetic demo data)").ShouldBe("合成演示数据");
        AuditWords.Source("API dataValueSets").ShouldBe("接口上报数据值");
        AuditWords.Source("tongliao-values.csv").ShouldBe("tongliao-values.csv");
    }

    [Fact]
    public async Task Screens_write_targets_progress_and_counts_as_people_do()
    {
        using var planner = await app.SignInAsync("planner");
        var plan = await planner.GetStringAsync("/Plans/Detail?code=TL14");
        plan.ShouldContain("比基期降低10%", customMessage: "a relative target as the plan writes it");
        plan.ShouldContain("≥77.6");
        plan.ShouldNotContain("比基期降低 (%) 10");

        var dashboard = await planner.GetStringAsync("/?plan=TL14&orgunit=150500&year=2023");
        dashboard.ShouldContain("基期已达标", customMessage: "孕产妇死亡率's baseline 18.27 was already under <20");
        dashboard.ShouldNotContain("-316");
        dashboard.ShouldContain("class=\"help\"", customMessage: "完成进度 says what it means");

        var entry = await planner.GetStringAsync($"/Entry?dataset=TL14&orgunit={WebApp.Kerqin}&period=2023");
        entry.ShouldNotContain("<td class=\"muted\">beds_total</td>", customMessage: "no column of field codes on the form");
        entry.ShouldNotContain(">代码<");

        var indicator = await planner.GetStringAsync("/Indicators/Detail?code=beds_per_1000&orgunit=150500&year=2023");
        Regex.IsMatch(indicator, @"\d{1,3},\d{3}").ShouldBeTrue("numerators and denominators carry thousands separators");
    }

    [Fact]
    public async Task Indicator_charts_start_at_zero_follow_the_judged_path_and_skip_children_without_values()
    {
        using var planner = await app.SignInAsync("planner");
        var infant = await planner.GetStringAsync("/Indicators/Detail?code=infant_mortality_rate&orgunit=150500&plan=TL14&year=2023");
        using var trend = JsonDocument.Parse(ChartJson(infant, "trend-chart"));
        trend.RootElement.GetProperty("yAxis").GetProperty("min").GetInt32().ShouldBe(0, "a trend drawn from 4 exaggerates every change");
        var path = trend.RootElement.GetProperty("series").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "应达路径");
        path.GetProperty("data").EnumerateArray().Where(v => v.ValueKind == JsonValueKind.Number).Select(v => v.GetDecimal()).Distinct()
            .ShouldBe([10m], "baseline 5.34 already met <10: the path is to stay at the target, not to climb to it");
        using var ranked = JsonDocument.Parse(ChartJson(infant, "children-chart"));
        ranked.RootElement.GetProperty("xAxis").GetProperty("min").GetInt32().ShouldBe(0);

        var life = await planner.GetStringAsync("/Indicators/Detail?code=life_expectancy&orgunit=150500&plan=TL14&year=2023");
        life.ShouldContain("id=\"no-child-values\"", customMessage: "人均预期寿命 is measured for the city, not summed from its counties");
        life.ShouldNotContain("data-chart=\"children-chart\"");
        life.ShouldNotContain("id=\"children\"");

        var list = await planner.GetStringAsync("/Indicators");
        list.ShouldContain("<a href=\"/Indicators\">指标</a>", customMessage: "指标 is on the menu");
        list.ShouldContain("婴儿死亡数 ÷ 活产数 × 1000", customMessage: "how it is computed, in element names");
        list.ShouldNotContain("#{");
    }

    private static string ChartJson(string page, string id)
    {
        var start = page.IndexOf($"id=\"{id}\">", StringComparison.Ordinal) + id.Length + 6;
        return page[start..page.IndexOf("</script>", start, StringComparison.Ordinal)].Replace("<\\/", "</", StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_audit_log_reads_in_Chinese_pages_by_fifty_and_searches()
    {
        using var auditor = await app.SignInAsync("auditor");
        var first = await auditor.GetStringAsync("/Audit");
        var rows = Regex.Matches(first, "<tr><td class=\"num\">(\\d+)</td>").Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        rows.Count.ShouldBe(50, "the demo's thousands of entries come fifty to a page");
        first.ShouldContain("id=\"older\"");
        first.ShouldContain(">登录<", customMessage: "sign-ins are named in Chinese");
        first.ShouldNotContain(">signin<");
        first.ShouldNotContain("时间 (UTC)");
        Regex.IsMatch(first, @"<td class=""time"">\d{4}-\d{2}-\d{2} \d{2}:\d{2}</td>").ShouldBeTrue("times read 2026-12-01 10:23");

        var second = await auditor.GetStringAsync($"/Audit?before={rows[^1]}");
        var next = Regex.Matches(second, "<tr><td class=\"num\">(\\d+)</td>").Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        next.Count.ShouldBe(50);
        next.Max().ShouldBeLessThan(rows.Min(), "the next page starts where the first ended");
        second.ShouldContain("« 最新");

        var tasks = await auditor.GetStringAsync("/Audit?entity=task.assign");
        tasks.ShouldContain(">任务交办<");
        tasks.ShouldContain("待签收", customMessage: "task stages read in Chinese, not assigned");
        var search = await auditor.GetStringAsync("/Audit?q=" + Uri.EscapeDataString("卫健一处"));
        search.ShouldContain("名称: 卫健一处", customMessage: "details read as 名称: …, not name=…");
        search.ShouldContain("层级: 处室科室");
        search.ShouldNotContain("kind=department");
    }

    [Fact]
    public async Task Once_a_security_admin_exists_the_system_admin_cannot_manage_users()
    {
        using var sysadmin = await app.SignInAsync("sysadmin");
        (await sysadmin.GetAsync("/Admin/Users")).Headers.Location!.ToString().ShouldContain("/Account/Denied");
        using var secadmin = await app.SignInAsync("secadmin");
        var page = await secadmin.GetAsync("/Admin/Users");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        // The security admin changes a scope; the change is a security event in the audit log.
        var id = await app.WithDbAsync(async db => await db.WithConnectionAsync(async c =>
        {
            await using var command = c.CreateCommand();
            command.CommandText = "SELECT id FROM users WHERE user_name = 'viewer'";
            return (string)(await command.ExecuteScalarAsync())!;
        }, default));
        var grant = await WebApp.PostFormAsync(secadmin, "/Admin/Users", "/Admin/Users?handler=Grant", new() { ["id"] = id, ["role"] = "viewer", ["orgunit"] = WebApp.Kailu });
        (await grant.Content.ReadAsStringAsync()).ShouldContain("已更新 viewer");
        (await app.WithDbAsync(db => AuditLog.ReadAsync(db))).ShouldContain(e => e.Entity == "user.access" && e.Actor == "secadmin" && e.New!.Contains(WebApp.Kailu));
        var back = await WebApp.PostFormAsync(secadmin, "/Admin/Users", "/Admin/Users?handler=Grant", new() { ["id"] = id, ["role"] = "viewer", ["orgunit"] = WebApp.City });
        back.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_tampered_audit_row_breaks_the_chain()
    {
        using var planner = app.TokenClient(await app.TokenAsync("planner"));
        (await planner.PatchAsync("/api/tasks/2", JsonContent.Create(new { deadline = "2031-05-05" }))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.WithDbAsync(db => AuditLog.VerifyAsync(db))).Intact.ShouldBeTrue();
        await app.WithDbAsync(async db =>
        {
            await db.WithConnectionAsync(async c =>
            {
                await using var command = c.CreateCommand();
                command.CommandText = "UPDATE audit_log SET new_value = '2031-05-06' WHERE entity = 'task.deadline' AND new_value = '2031-05-05'";
                return await command.ExecuteNonQueryAsync();
            }, default);
            return 0;
        });
        var verification = await app.WithDbAsync(db => AuditLog.VerifyAsync(db));
        verification.Intact.ShouldBeFalse();
        verification.Problem!.ShouldContain("被修改");
        using var auditor = await app.SignInAsync("auditor");
        (await auditor.GetStringAsync("/Audit?verify=true")).ShouldContain("哈希链断裂");
        // Put it back so that later tests on this database see an intact chain.
        await app.WithDbAsync(async db => await db.WithConnectionAsync(async c =>
        {
            await using var command = c.CreateCommand();
            command.CommandText = "UPDATE audit_log SET new_value = '2031-05-05' WHERE entity = 'task.deadline' AND new_value = '2031-05-06'";
            return await command.ExecuteNonQueryAsync();
        }, default));
        (await app.WithDbAsync(db => AuditLog.VerifyAsync(db))).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task Upload_with_a_bad_row_names_its_line_and_saves_nothing_then_a_good_file_previews_and_commits()
    {
        using var kerqin = await app.SignInAsync("kerqin");
        var csv = $"dataelement,period,orgunit,value\npublic_health_staff,2023,{WebApp.Kerqin},812\npublic_health_staff,2023,{WebApp.Dalin},十二\n";
        var page = await UploadAsync(kerqin, "staff.csv", csv);
        page.ShouldContain("staff.csv:3: 无法识别的数值 &quot;十二&quot;");
        page.ShouldContain("未保存任何数据");
        (await ValueAsync(WebApp.Kerqin, "public_health_staff")).ShouldNotBe(812m);

        var good = await UploadAsync(kerqin, "staff.csv", csv.Replace("十二", "12", StringComparison.Ordinal));
        good.ShouldContain("预览");
        good.ShouldContain("确认保存");
        (await ValueAsync(WebApp.Dalin, "public_health_staff")).ShouldBeNull();
        var content = System.Text.RegularExpressions.Regex.Match(good, "name=\"content\" value=\"([^\"]+)\"").Groups[1].Value;
        var commit = await WebApp.PostFormAsync(kerqin, "/Entry/Upload", "/Entry/Upload?handler=Commit", new() { ["fileName"] = "staff.csv", ["content"] = content });
        (await commit.Content.ReadAsStringAsync()).ShouldContain("已保存 staff.csv: 2 个数值");
        (await ValueAsync(WebApp.Dalin, "public_health_staff")).ShouldBe(12m);
    }

    [Fact]
    public async Task Rules_across_values_are_checked_on_save_deaths_cannot_exceed_births_nor_a_year_sit_beside_its_months()
    {
        using var kerqin = app.TokenClient(await app.TokenAsync("kerqin"));
        // March's deaths against March's stored births.
        var march = new StringContent("""{"dataValues":[{"dataElement":"infant_deaths","period":"202303","orgUnit":"150502","value":"99999"}]}""",
            Encoding.UTF8, "application/json");
        var response = await kerqin.PostAsync("/api/dataValueSets", march);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, "a broken rule is bad input; 409 is for another writer or a report's state");
        (await response.Content.ReadAsStringAsync()).ShouldContain("婴儿死亡数 (99999) 不能大于 活产数");
        // A year total beside the stored months would count twice: refused, whatever its size.
        var year = await kerqin.PostAsync("/api/dataValueSets", Json(WebApp.Kerqin, "infant_deaths", "3"));
        year.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await year.Content.ReadAsStringAsync()).ShouldContain("已有 202301 的数值, 不能再填与之重叠的 2023");
    }

    [Fact]
    public async Task A_first_login_must_change_the_password_before_anything_else_and_old_passwords_cannot_return()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Data.YardstickDb>();
            (await Data.Access.UserAccounts.CreateAsync(scope.ServiceProvider, db, "newcomer", "reporter", WebApp.Kailu, WebApp.Password, true, DateTimeOffset.UtcNow)).ShouldBeEmpty();
        }
        using var client = await app.SignInAsync("newcomer");
        (await client.GetAsync("/")).Headers.Location!.ToString().ShouldBe("/Account/ChangePassword");
        (await client.GetAsync("/api/plans")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        async Task<string> Change(string next) => await (await WebApp.PostFormAsync(client, "/Account/ChangePassword", "/Account/ChangePassword",
            new() { ["current"] = WebApp.Password, ["next"] = next, ["confirm"] = next })).Content.ReadAsStringAsync();
        (await Change("short1A")).ShouldContain("密码至少 8 位");
        (await Change("alllowercase")).ShouldContain("至少三类");
        (await Change(WebApp.Password)).ShouldContain("最近 5 次");
        (await Change("Brand-New-2027")).ShouldContain("密码已修改");
        (await client.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task After_the_first_password_change_the_user_lands_where_they_were_going()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Data.YardstickDb>();
            (await Data.Access.UserAccounts.CreateAsync(scope.ServiceProvider, db, "arriving", "planner", WebApp.City, WebApp.Password, true, DateTimeOffset.UtcNow)).ShouldBeEmpty();
        }
        using var client = await app.SignInAsync("arriving");
        var asked = (await client.GetAsync("/Tasks?plan=CZ2021")).Headers.Location!.ToString();
        asked.ShouldBe("/Account/ChangePassword?returnUrl=" + Uri.EscapeDataString("/Tasks?plan=CZ2021"));
        var changed = await WebApp.PostFormAsync(client, asked, "/Account/ChangePassword",
            new() { ["current"] = WebApp.Password, ["next"] = "Arrived-2027", ["confirm"] = "Arrived-2027", ["returnUrl"] = "/Tasks?plan=CZ2021" });
        changed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        changed.Headers.Location!.ToString().ShouldBe("/Tasks?plan=CZ2021");
        (await client.GetAsync("/Tasks?plan=CZ2021")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var offsite = await WebApp.PostFormAsync(client, "/Account/ChangePassword", "/Account/ChangePassword",
            new() { ["current"] = "Arrived-2027", ["next"] = "Arrived-2028", ["confirm"] = "Arrived-2028", ["returnUrl"] = "https://evil.example/" });
        (await offsite.Content.ReadAsStringAsync()).ShouldContain("密码已修改", customMessage: "never sent off the site");
    }

    [Fact]
    public async Task A_missing_page_answers_in_Chinese_and_the_site_has_an_icon()
    {
        using var planner = await app.SignInAsync("planner");
        var missing = await planner.GetAsync("/no-such-page");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var body = await missing.Content.ReadAsStringAsync();
        body.ShouldContain("没有找到这个页面");
        body.ShouldContain("返回总览");
        body.ShouldContain("favicon.svg");
        using var anonymous = app.Client();
        var icon = await anonymous.GetAsync("/favicon.svg");
        icon.StatusCode.ShouldBe(HttpStatusCode.OK);
        icon.Content.Headers.ContentType!.MediaType.ShouldBe("image/svg+xml");
        (await anonymous.GetAsync("/favicon.ico")).StatusCode.ShouldBe(HttpStatusCode.MovedPermanently);
        (await planner.GetStringAsync("/")).ShouldContain("rel=\"icon\"");
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_say_so()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Data.YardstickDb>();
            (await Data.Access.UserAccounts.CreateAsync(scope.ServiceProvider, db, "forgetful", "viewer", WebApp.City, WebApp.Password, false, DateTimeOffset.UtcNow)).ShouldBeEmpty();
        }
        using var client = app.Client();
        string last = "";
        for (var i = 0; i < 5; i++)
        {
            last = await (await WebApp.PostFormAsync(client, "/Account/Login", "/Account/Login", new() { ["userName"] = "forgetful", ["password"] = "Wrong-Pass-1" })).Content.ReadAsStringAsync();
        }
        last.ShouldContain("账号已锁定");
        // Even the right password is refused while locked.
        var right = await WebApp.PostFormAsync(client, "/Account/Login", "/Account/Login", new() { ["userName"] = "forgetful", ["password"] = WebApp.Password });
        right.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await right.Content.ReadAsStringAsync()).ShouldContain("账号已锁定");
    }

    [Fact]
    public async Task Responses_carry_security_headers_and_the_cookie_is_http_only_and_strict()
    {
        using var client = app.Client();
        var login = await client.GetAsync("/Account/Login");
        login.Headers.GetValues("X-Frame-Options").ShouldBe(["DENY"]);
        login.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        login.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("default-src 'self'");
        var post = await WebApp.PostFormAsync(client, "/Account/Login", "/Account/Login", new() { ["userName"] = "viewer", ["password"] = WebApp.Password });
        var cookie = post.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("yardstick=", StringComparison.Ordinal));
        cookie.ShouldContain("httponly");
        cookie.ShouldContain("samesite=strict");
        // A form posted without its anti-forgery token is refused.
        using var signedIn = await app.SignInAsync("kerqin");
        var forged = await signedIn.PostAsync("/Entry", new FormUrlEncodedContent(new Dictionary<string, string> { ["orgunit"] = WebApp.Kerqin, ["v[beds_total]"] = "1" }));
        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_evaluations_api_answers_the_clis_json()
    {
        using var planner = app.TokenClient(await app.TokenAsync("planner"));
        var json = await planner.GetFromJsonAsync<JsonElement>("/api/evaluations?indicator=infant_mortality_rate&orgunit=150500&period=2023");
        var expected = await app.WithDbAsync(async db => (await Evaluations.IndicatorAsync(db, EngineLoader.OneShot, "infant_mortality_rate", "150500", Core.Model.Period.OfYear(2023))).Result!);
        json.GetProperty("value").GetDecimal().ShouldBe(expected.Value.Value!.Value);
        json.GetProperty("numerator").GetDecimal().ShouldBe(expected.Value.Numerator!.Value);
        json.GetProperty("denominator").GetDecimal().ShouldBe(expected.Value.Denominator!.Value);
        json.GetProperty("unit").GetString().ShouldBe("‰");
        var plan = await planner.GetFromJsonAsync<JsonElement>("/api/plans/TL14/evaluation?orgunit=150500&year=2023");
        plan.EnumerateArray().Count(r => !r.TryGetProperty("item", out _)).ShouldBe(24);
        (await planner.GetStringAsync("/openapi/v1.json")).ShouldContain("/api/dataValueSets");
    }

    private async Task<decimal?> ValueAsync(string unit, string element, int year = 2023) => await app.WithDbAsync(async db =>
    {
        var e = db.DataElements.Single(x => x.Code == element);
        var u = db.OrgUnits.Single(x => x.Code == unit);
        await db.Database.OpenConnectionAsync();
        try
        {
            await foreach (var v in DataValueStore.ReadAsync(db, [e.Id], year, year))
            {
                if (v.OrgUnitId == u.Id && v.Period == Core.Model.Period.OfYear(year))
                {
                    return (decimal?)v.Value;
                }
            }
            return null;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    });

    private static async Task<string> UploadAsync(HttpClient client, string name, string csv)
    {
        var page = await client.GetStringAsync("/Entry/Upload");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(AntiForgeryToken.From(page)), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", name },
        };
        var response = await client.PostAsync("/Entry/Upload?handler=Preview", form);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    private static StringContent Json(params string[] unitElementValue)
    {
        var values = unitElementValue.Chunk(3).Select(c => new { dataElement = c[1], period = "2023", orgUnit = c[0], value = c[2] });
        return new StringContent(JsonSerializer.Serialize(new { dataValues = values }), Encoding.UTF8, "application/json");
    }
}

public sealed class SqliteAccessTests(SqliteWebApp app) : AccessTests(app), IClassFixture<SqliteWebApp>;

public sealed class PostgresAccessTests(PostgresWebApp app) : AccessTests(app), IClassFixture<PostgresWebApp>;
