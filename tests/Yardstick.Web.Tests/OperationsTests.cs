using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Yardstick.Data.Access;
using Yardstick.Data.Tasks;
using Yardstick.Data.Values;

using Yardstick.Testing;

namespace Yardstick.Web.Tests;

/// <summary>
/// What operations and the less-travelled paths need: a second factor, a second instance on the same database, a plan
/// created from its document through the browser forms, a task report with an attachment.
/// </summary>
public abstract partial class OperationsTests(WebApp app)
{
    [Fact]
    public async Task An_authenticator_code_is_asked_after_the_password_when_the_second_factor_is_on()
    {
        string key;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Data.YardstickDb>();
            (await UserAccounts.CreateAsync(scope.ServiceProvider, db, "careful", Roles.Viewer, WebApp.City, WebApp.Password, false, DateTimeOffset.UtcNow)).ShouldBeEmpty();
        }
        using var client = await app.SignInAsync("careful");
        var setup = await client.GetStringAsync("/Account/TwoFactor");
        key = KeyPattern().Match(setup).Groups[1].Value;
        key.ShouldNotBeNullOrEmpty();
        var enabled = await (await WebApp.PostFormAsync(client, "/Account/TwoFactor", "/Account/TwoFactor?handler=Enable", new() { ["code"] = Totp(key) }))
            .Content.ReadAsStringAsync();
        enabled.ShouldContain("已启用动态验证码");
        var recovery = Regex.Match(enabled, "<div class=\"notice\" id=\"recovery-codes\">.*?<code>([^<]+)</code>", RegexOptions.Singleline).Groups[1].Value
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        recovery.Length.ShouldBe(10);

        using var next = app.Client();
        var password = await WebApp.PostFormAsync(next, "/Account/Login", "/Account/Login", new() { ["userName"] = "careful", ["password"] = WebApp.Password });
        password.Headers.Location!.ToString().ShouldContain("/Account/LoginWith2fa");
        (await next.GetAsync("/")).Headers.Location!.ToString().ShouldContain("/Account/Login");
        var wrong = await WebApp.PostFormAsync(next, "/Account/LoginWith2fa", "/Account/LoginWith2fa", new() { ["code"] = "000000" == Totp(key) ? "111111" : "000000" });
        (await wrong.Content.ReadAsStringAsync()).ShouldContain("验证码错误");
        var right = await WebApp.PostFormAsync(next, "/Account/LoginWith2fa", "/Account/LoginWith2fa", new() { ["code"] = Totp(key) });
        right.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await next.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // A recovery code works once, instead of the app's code.
        async Task<HttpResponseMessage> WithRecovery(string code)
        {
            using var c = app.Client();
            await WebApp.PostFormAsync(c, "/Account/Login", "/Account/Login", new() { ["userName"] = "careful", ["password"] = WebApp.Password });
            return await WebApp.PostFormAsync(c, "/Account/LoginWith2fa", "/Account/LoginWith2fa", new() { ["code"] = code });
        }
        (await WithRecovery(recovery[0])).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await (await WithRecovery(recovery[0])).Content.ReadAsStringAsync()).ShouldContain("验证码错误");
    }

    [Fact]
    public async Task A_second_instance_on_the_same_database_accepts_the_first_ones_sign_in()
    {
        var jar = new CookieContainer();
        using var first = await app.SignInAsync("planner", jar: jar);
        var cookies = jar.GetCookies(app.BaseAddress);
        await using var second = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Yardstick:Provider", app.Provider);
            b.UseSetting("Yardstick:ConnectionString", app.Connection);
        });
        using var client = second.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        await WebApp.UntilReadyAsync(second);
        client.DefaultRequestHeaders.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Name}={c.Value}")));
        var page = await client.GetAsync("/");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await page.Content.ReadAsStringAsync()).ShouldContain("planner");
    }

    [Fact]
    public async Task A_planner_creates_a_plan_from_its_document_reviews_the_reading_and_saves_it()
    {
        using var planner = await app.SignInAsync("planner");
        var form = await planner.GetStringAsync("/Plans/New");
        var document = await File.ReadAllBytesAsync(Seeds.Path("004_district_report.txt"));
        using var upload = new MultipartFormDataContent
        {
            { new StringContent(AntiForgeryToken.From(form)), "__RequestVerificationToken" },
            { new ByteArrayContent(document), "file", "summary2021.txt" },
        };
        var read = await (await planner.PostAsync("/Plans/New?handler=Read", upload)).Content.ReadAsStringAsync();
        read.ShouldContain("读出");
        read.ShouldContain("确认保存");
        // The reading travels in a hidden field; the review table's rows post beside it.
        var json = WebUtility.HtmlDecode(Regex.Match(read, "<input type=\"hidden\" name=\"json\" value=\"([^\"]*)\"", RegexOptions.Singleline).Groups[1].Value);
        json.ShouldContain("\"achievements\"");
        var saved = await WebApp.PostFormAsync(planner, "/Plans/New", "/Plans/New?handler=Save", new()
        {
            ["code"] = "S2021",
            ["orgunit"] = WebApp.City,
            ["json"] = json,
            ["fileName"] = "summary2021.txt",
        });
        (await saved.Content.ReadAsStringAsync()).ShouldContain("已保存规划 S2021");
        (await planner.GetStringAsync("/Plans")).ShouldContain("S2021");
        // The same code again is refused whole.
        var again = await WebApp.PostFormAsync(planner, "/Plans/New", "/Plans/New?handler=Save", new()
        {
            ["code"] = "S2021",
            ["orgunit"] = WebApp.City,
            ["json"] = json,
            ["fileName"] = "summary2021.txt",
        });
        (await again.Content.ReadAsStringAsync()).ShouldContain("S2021");
        (await again.Content.ReadAsStringAsync()).ShouldNotContain("已保存规划");
    }

    /// <summary>
    /// The 督办 loop through the API, as the acceptance walks it: the city's planner assigns a task to 卫健三处 (lead) with
    /// 科尔沁区 as partner; 卫健三处 acknowledges and reports; the planner urges; 卫健三处 asks to close, is returned once,
    /// asks again and is closed. Each side's steps are refused to the others (403), a stage out of turn is 409, and 卫健二处
    /// neither lists nor reads the task (404). Every step lands in the other side's inbox.
    /// </summary>
    [Fact]
    public async Task The_task_loop_runs_through_the_api_and_each_step_is_only_its_owners()
    {
        using var planner = app.TokenClient(await app.TokenAsync("planner"));
        using var office = app.TokenClient(await app.TokenAsync("office3"));
        using var other = app.TokenClient(await app.TokenAsync("office2"));
        using var county = app.TokenClient(await app.TokenAsync("kerqin"));
        async Task<System.Text.Json.JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected)
        {
            var text = await response.Content.ReadAsStringAsync();
            response.StatusCode.ShouldBe(expected, text);
            return text.Length == 0 ? default : System.Text.Json.JsonDocument.Parse(text).RootElement.Clone();
        }
        Task<HttpResponseMessage> Act(HttpClient who, long task, object body) => who.PostAsync($"/api/tasks/{task}/actions", System.Net.Http.Json.JsonContent.Create(body));

        var task = await Json(await planner.PostAsync("/api/tasks", System.Net.Http.Json.JsonContent.Create(new
        {
            title = "完成家庭医生签约服务提质增效",
            plan = "CZ2021",
            indicators = Array.Empty<string>(),
            leads = new[] { WebApp.ThirdOffice },
            partners = new[] { WebApp.Kerqin },
            deadline = "2099-06-30",
            milestones = new[] { new { title = "制定签约服务方案", due = DateTime.UtcNow.AddDays(-2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) } },
        })), HttpStatusCode.Created);
        var id = task.GetProperty("id").GetInt64();
        task.GetProperty("stage").GetString().ShouldBe("assigned");
        task.GetProperty("light").GetString().ShouldBe("逾期", "its first milestone has passed, though the deadline is far");
        (await Json(await other.PostAsync("/api/tasks", System.Net.Http.Json.JsonContent.Create(new { title = "x", plan = "CZ2021", leads = new[] { WebApp.ThirdOffice } })),
            HttpStatusCode.Forbidden)).GetProperty("detail").GetString()!.ShouldContain("规划管理");
        (await planner.PostAsync("/api/tasks", System.Net.Http.Json.JsonContent.Create(new { title = "x", plan = "CZ2021", leads = new[] { "nowhere" } })))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        (await office.GetStringAsync("/api/messages")).ShouldContain("完成家庭医生签约服务提质增效");
        (await Act(other, id, new { action = "receive" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.GetStringAsync("/api/tasks")).ShouldNotContain("完成家庭医生签约服务提质增效");
        (await other.GetAsync($"/api/tasks/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await county.GetStringAsync("/api/tasks")).ShouldContain("完成家庭医生签约服务提质增效", customMessage: "a partner county sees the task");
        (await Act(county, id, new { action = "receive" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden, "a reporter does not act on tasks");
        (await Act(planner, id, new { action = "receive" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden, "the assigner does not acknowledge for the owner");
        (await Act(office, id, new { action = "request_close", note = "已完成" })).StatusCode.ShouldBe(HttpStatusCode.Conflict, "acknowledge first");

        (await Json(await Act(office, id, new { action = "receive" }), HttpStatusCode.OK)).GetProperty("stage").GetString().ShouldBe("received");
        var reported = await Json(await Act(office, id, new { action = "report", note = "已完成签约 1.2 万人", progress = 40, milestone = 1 }), HttpStatusCode.OK);
        reported.GetProperty("progress").GetInt32().ShouldBe(40);
        reported.GetProperty("light").GetString().ShouldBe("", "the milestone is done and the deadline far");
        reported.GetProperty("milestones")[0].GetProperty("doneOn").GetString().ShouldNotBeNull();
        (await Act(planner, id, new { action = "urge" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest, "an urging says what it urges");
        (await Json(await Act(planner, id, new { action = "urge", note = "请加快进度" }), HttpStatusCode.OK)).GetProperty("stage").GetString().ShouldBe("received");
        (await office.GetStringAsync("/api/messages")).ShouldContain("请加快进度");
        (await Act(office, id, new { action = "close" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden, "an owner does not close its own task");
        (await Json(await Act(office, id, new { action = "request_close", note = "签约率达到 45%", progress = 100 }), HttpStatusCode.OK)).GetProperty("stage").GetString()
            .ShouldBe("close_requested");
        (await planner.GetStringAsync("/api/messages")).ShouldContain("申请办结");
        (await Json(await Act(planner, id, new { action = "return", note = "缺少签约台账" }), HttpStatusCode.OK)).GetProperty("stage").GetString().ShouldBe("received");
        (await office.GetStringAsync("/api/messages")).ShouldContain("缺少签约台账");
        await Json(await Act(office, id, new { action = "request_close", note = "已补充签约台账" }), HttpStatusCode.OK);
        var closed = await Json(await Act(planner, id, new { action = "close", rating = 5 }), HttpStatusCode.OK);
        (closed.GetProperty("stage").GetString(), closed.GetProperty("progress").GetInt32()).ShouldBe(("closed", 100));
        (await Act(planner, id, new { action = "return", note = "再看看" })).StatusCode.ShouldBe(HttpStatusCode.Conflict, "nothing moves a closed task");

        var history = (await Json(await office.GetAsync($"/api/tasks/{id}"), HttpStatusCode.OK)).GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()).Reverse();
        history.ShouldBe(["assign", "receive", "report", "urge", "request_close", "return", "request_close", "close"]);
        var audit = await app.WithDbAsync(db => AuditLog.ReadAsync(db));
        audit.Count(e => e.Entity.StartsWith("task.", StringComparison.Ordinal) && e.Key.StartsWith("CZ2021/交办", StringComparison.Ordinal)).ShouldBeGreaterThanOrEqualTo(8);
    }

    /// <summary>
    /// The 考核 table on 报告与考核 shows totals as they are ranked — two decimals — so two counties a hundredth apart no longer
    /// both read 82.8 at ranks 2 and 3, equal shown totals share a rank, and the rule is said under the table (issue 25).
    /// </summary>
    [Fact]
    public async Task Issue_25_the_scorecard_page_ranks_the_totals_it_shows_and_says_the_tie_rule()
    {
        using var planner = await app.SignInAsync("planner");

        var html = await planner.GetStringAsync("/Reports?plan=TL14&orgunit=" + WebApp.City + "&year=2023");

        html.ShouldContain(Core.Scorecards.Scorecard.TieRule);
        var rows = ScoreRow().Matches(html[html.IndexOf("id=\"scorecard\"", StringComparison.Ordinal)..])
            .Select(m => (Rank: int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Total: m.Groups[2].Value)).ToList();
        rows.Count.ShouldBe(8);
        rows.ShouldAllBe(r => !r.Total.Contains('.') || r.Total.Length - r.Total.IndexOf('.') <= 3);
        foreach (var (above, below) in rows.Zip(rows.Skip(1)))
        {
            (below.Rank == above.Rank).ShouldBe(below.Total == above.Total, $"{above} then {below}");
        }
    }

    [GeneratedRegex(@"<tr><td class=""num"">(\d+)</td><td>[^<]*(?:<span[^>]*>[^<]*</span>\s*)?</td><td class=""num"">([\d.,]+)</td>")]
    private static partial Regex ScoreRow();

    /// <summary>
    /// 考核 in the web, by role: the city's planner keeps a scheme and publishes; a county reporter reads the published table
    /// and appeals with evidence, but cannot finalize; a township (not scored by the city) cannot see it; finalizing inside the
    /// window is refused with the reason.
    /// </summary>
    [Fact]
    public async Task A_scorecard_is_kept_published_and_appealed_in_the_web_by_the_right_people()
    {
        const string page = "/Reports/Assessment?plan=TL14&orgunit=" + WebApp.City + "&year=2022";
        using var planner = await app.SignInAsync("planner");
        var draft = await planner.GetStringAsync(page);
        draft.ShouldContain("草稿 (未公示)");
        var saved = await WebApp.PostFormAsync(planner, page, page + "&handler=Scheme", new()
        {
            ["key"] = "infant_mortality_rate",
            ["weight"] = "60",
            ["rule"] = "按进度得分",
            ["deduction"] = "",
            ["floor"] = "",
        });
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect, await saved.Content.ReadAsStringAsync());
        (await planner.GetStringAsync(page)).ShouldContain("婴儿死亡率 (60)");

        using var county = await app.SignInAsync("kerqin");
        (await county.GetAsync(page)).StatusCode.ShouldBe(HttpStatusCode.NotFound, "a draft is the city's own");
        (await WebApp.PostFormAsync(planner, page, page + "&handler=Publish", new() { ["days"] = "7" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var published = await county.GetStringAsync(page);
        published.ShouldContain("公示中");
        published.ShouldContain("科尔沁区");
        using (var form = new MultipartFormDataContent
        {
            { new StringContent(AntiForgeryToken.From(published)), "__RequestVerificationToken" },
            { new StringContent("活产数漏报, 已补报"), "body" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes("补报说明")), "evidence", "补报说明.txt" },
        })
        {
            (await county.PostAsync(page + "&handler=Appeal", form)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }
        (await planner.GetStringAsync(page)).ShouldContain("活产数漏报, 已补报");
        (await planner.GetStringAsync("/Messages")).ShouldContain("提出申诉");
        (await WebApp.PostFormAsync(county, page, page + "&handler=Finalize", new())).Headers.Location!.ToString().ShouldContain("/Account/Denied");
        (await (await WebApp.PostFormAsync(planner, page, page + "&handler=Finalize", new())).Content.ReadAsStringAsync()).ShouldContain("之后才能定稿");
        using var township = await app.SignInAsync("dalin");
        (await township.GetAsync(page)).Headers.Location!.ToString().ShouldContain("/Account/Denied");
        var file = await county.GetAsync(page + "&handler=File&format=docx");
        file.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await file.Content.ReadAsByteArrayAsync()).Length.ShouldBeGreaterThan(1000);
    }

    [Fact]
    public async Task A_scheme_is_put_as_csv_and_the_scorecard_read_through_the_api()
    {
        using var planner = app.TokenClient(await app.TokenAsync("planner"));
        using var viewer = app.TokenClient(await app.TokenAsync("viewer"));
        const string scheme = "/api/plans/TL14/scheme?orgunit=" + WebApp.City + "&year=2021";
        HttpContent Csv(string text) => new StringContent(text, Encoding.UTF8, "text/csv");

        (await viewer.PutAsync(scheme, Csv("indicator,weight,rule\ninfant_mortality_rate,50,达标得满分\n"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var bad = await planner.PutAsync(scheme, Csv("indicator,weight,rule\ninfant_mortality_rate,很多,达标得满分\n"));
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("第2行: 权重无效");
        (await planner.PutAsync(scheme, Csv("indicator,weight,rule\nno_such_indicator,50,达标得满分\n"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await planner.PutAsync(scheme, Csv("indicator,weight,rule,deduction,floor\ninfant_mortality_rate,50,达标得满分,,\nmaternal_mortality_ratio,50,一票否决,,\n")))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        var card = System.Text.Json.JsonDocument.Parse(await planner.GetStringAsync("/api/plans/TL14/scorecard?orgunit=" + WebApp.City + "&year=2021")).RootElement;
        card.GetProperty("state").GetString().ShouldBe("draft");
        card.GetProperty("scheme").EnumerateArray().Select(i => i.GetProperty("key").GetString()).ShouldBe(["infant_mortality_rate", "maternal_mortality_ratio"]);
        var units = card.GetProperty("units").EnumerateArray().ToList();
        units.Count.ShouldBe(8);
        units.ShouldAllBe(u => u.GetProperty("total").GetDecimal() <= 100);
        units.Select(u => u.GetProperty("rank").GetInt32()).ShouldBe(units.Select(u => u.GetProperty("rank").GetInt32()).Order());
    }

    [Fact]
    public async Task A_department_reports_progress_with_an_attachment_on_its_own_task_and_another_department_cannot_see_it()
    {
        using var planner = app.TokenClient(await app.TokenAsync("planner"));
        var created = await planner.PostAsync("/api/tasks", System.Net.Http.Json.JsonContent.Create(new
        {
            title = "开展医疗机构督导检查",
            plan = "CZ2021",
            indicators = new[] { "infant_mortality_rate" },
            leads = new[] { WebApp.ThirdOffice },
            deadline = "2027-03-31",
        }));
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
        using var office = await app.SignInAsync("office3");
        (await WebApp.PostFormAsync(office, $"/Tasks/Detail?id={id}", $"/Tasks/Detail?id={id}", new() { ["action"] = "receive" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var page = await office.GetStringAsync($"/Tasks/Detail?id={id}");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(AntiForgeryToken.From(page)), "__RequestVerificationToken" },
            { new StringContent("report"), "action" },
            { new StringContent("60"), "progress" },
            { new StringContent("完成督导检查 9 家单位"), "note" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes("督导检查记录")), "attachment", "督导记录.txt" },
        };
        var response = await office.PostAsync($"/Tasks/Detail?id={id}", form);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var task = await app.WithDbAsync(db => TaskBoard.GetAsync(db, id));
        (task!.Stage, task.Progress, task.Deadline, task.IndicatorCodes.Single()).ShouldBe((Core.Tasks.TaskStage.Received, 60, new DateOnly(2027, 3, 31), "infant_mortality_rate"));
        var detail = await office.GetStringAsync($"/Tasks/Detail?id={id}");
        detail.ShouldContain("完成督导检查 9 家单位");
        var link = Regex.Match(detail, "href=\"(/Tasks/Detail\\?handler=Attachment[^\"]+)\"").Groups[1].Value;
        var file = await office.GetAsync(WebUtility.HtmlDecode(link));
        (await file.Content.ReadAsStringAsync()).ShouldBe("督导检查记录");

        using var other = await app.SignInAsync("office2");
        (await other.GetAsync($"/Tasks/Detail?id={id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.GetAsync(WebUtility.HtmlDecode(link))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.GetStringAsync("/Tasks")).ShouldNotContain("开展医疗机构督导检查");
    }

    [Fact]
    public async Task A_downloaded_template_lists_the_users_units_and_a_filled_copy_uploads()
    {
        using var kerqin = await app.SignInAsync("kerqin");
        var response = await kerqin.GetAsync("/Entry/Upload?handler=Template&dataset=TL14&period=2022");
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using (var book = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(bytes), false))
        {
            var sheet = book.WorkbookPart!.WorksheetParts.Single().Worksheet;
            var strings = book.WorkbookPart.SharedStringTablePart?.SharedStringTable.Elements<DocumentFormat.OpenXml.Spreadsheet.SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
            var header = sheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>().First().Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>()
                .Select(c => c.DataType?.Value == DocumentFormat.OpenXml.Spreadsheet.CellValues.SharedString ? strings[int.Parse(c.InnerText, System.Globalization.CultureInfo.InvariantCulture)] : c.InnerText)
                .ToList();
            header.ShouldBe(["数据元代码", "期间", "机构代码", "数值", "数据元名称", "机构名称"], "a template's headings are Chinese");
        }
        var (tables, issues) = Data.Interchange.SourceTable.Read("template.xlsx", bytes);
        issues.ShouldBeEmpty();
        var rows = tables.Single().Rows;
        rows.Select(r => r["orgunit"]).Distinct().ShouldBe([WebApp.Kerqin, WebApp.Dalin, WebApp.Qianjia, "150502H01", "150502H02", "150502H03", "150502H04"],
            ignoreOrder: true, "the county, its townships and its facilities");
        rows.ShouldAllBe(r => r["value"] == "" && r["period"] == "2022");

        // Fill one cell, as a township clerk would, and upload the workbook.
        var filled = rows.Select(r => (IReadOnlyList<Data.Reports.ReportCell>)
            [r["dataelement"], r["period"], r["orgunit"], r["orgunit"] == WebApp.Qianjia && r["dataelement"] == "licensed_doctors" ? "17" : ""]).ToList();
        filled.Insert(0, ["数据元代码", "期间", "机构代码", "数值"]);
        var path = Path.Combine(Path.GetTempPath(), $"filled-{Guid.NewGuid():N}.xlsx");
        Data.Reports.XlsxWriter.Write(path, [new Data.Reports.ReportSheet("数据值", filled)]);
        var page = await kerqin.GetStringAsync("/Entry/Upload");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(AntiForgeryToken.From(page)), "__RequestVerificationToken" },
            { new ByteArrayContent(await File.ReadAllBytesAsync(path)), "file", "filled.xlsx" },
        };
        File.Delete(path);
        var preview = await (await kerqin.PostAsync("/Entry/Upload?handler=Preview", form)).Content.ReadAsStringAsync();
        preview.ShouldContain("将写入 1 个数值");
        preview.ShouldContain("钱家店镇");
    }

    [Fact]
    public async Task A_planner_edits_a_target_and_the_change_is_audited()
    {
        var id = await app.WithDbAsync(async db =>
        {
            var indicator = await db.Indicators.SingleAsync(i => i.Code == "gps_per_10000");
            return (await db.Targets.SingleAsync(t => t.IndicatorId == indicator.Id)).Id;
        });
        using var planner = await app.SignInAsync("planner");
        var saved = await WebApp.PostFormAsync(planner, $"/Plans/EditTarget?id={id}", $"/Plans/EditTarget?id={id}", new()
        {
            ["baselineYear"] = "2020",
            ["baselineValue"] = "2.4",
            ["targetYear"] = "2025",
            ["comparator"] = ">=",
            ["targetValue"] = "3.5",
            ["nature"] = "约束性",
        });
        (await saved.Content.ReadAsStringAsync()).ShouldContain("已保存");
        var target = await app.WithDbAsync(db => db.Targets.AsNoTracking().SingleAsync(t => t.Id == id));
        (target.TargetValue, target.Nature).ShouldBe((3.5m, Core.Targets.TargetNature.Binding));
        var audit = await app.WithDbAsync(db => Data.Values.AuditLog.ReadAsync(db));
        audit.ShouldContain(e => e.Entity == "target" && e.Actor == "planner" && e.New!.Contains("3.5") && e.Old!.Contains("3.2"));
        // Bad input is refused with its reason and nothing changes.
        var bad = await WebApp.PostFormAsync(planner, $"/Plans/EditTarget?id={id}", $"/Plans/EditTarget?id={id}", new()
        {
            ["baselineYear"] = "2020",
            ["baselineValue"] = "2.4",
            ["targetYear"] = "2025",
            ["comparator"] = ">=",
            ["targetValue"] = "三点五",
            ["nature"] = "约束性",
        });
        (await bad.Content.ReadAsStringAsync()).ShouldContain("目标值无效");
        (await app.WithDbAsync(db => db.Targets.AsNoTracking().SingleAsync(t => t.Id == id))).TargetValue.ShouldBe(3.5m);
    }

    [Fact]
    public async Task The_interface_switches_to_english_and_back()
    {
        using var client = await app.SignInAsync("planner");
        (await client.GetStringAsync("/")).ShouldContain("目标总数");
        var switched = await client.GetAsync("/Language?culture=en&returnUrl=%2F%3Fyear%3D2023");
        switched.Headers.Location!.ToString().ShouldBe("/?year=2023");
        var english = await client.GetStringAsync("/?year=2023");
        english.ShouldContain("<html lang=\"en\">");
        english.ShouldContain("Overview");
        english.ShouldContain("Main indicators");
        english.ShouldContain("Achieved");
        english.ShouldNotContain("目标总数");
        (await client.GetStringAsync("/Tasks")).ShouldContain("To acknowledge");
        await client.GetAsync("/Language?culture=zh-CN&returnUrl=/");
        (await client.GetStringAsync("/")).ShouldContain("目标总数");
        // An outside return address is not followed.
        (await client.GetAsync("/Language?culture=en&returnUrl=https%3A%2F%2Fevil.example")).Headers.Location!.ToString().ShouldBe("/");
    }

    [Fact]
    public async Task Reports_download_as_docx_xlsx_and_pdf_for_the_users_unit()
    {
        using var kerqin = await app.SignInAsync("kerqin");
        var q = $"plan=TL14&orgunit={WebApp.Kerqin}&year=2023";
        var docx = await kerqin.GetAsync($"/Reports?handler=Report&kind=midterm&format=docx&{q}");
        docx.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        (await docx.Content.ReadAsByteArrayAsync())[..2].ShouldBe("PK"u8.ToArray());
        var pdf = await kerqin.GetAsync($"/Reports?handler=Report&kind=monitoring&format=pdf&{q}");
        (await pdf.Content.ReadAsByteArrayAsync())[..4].ShouldBe("%PDF"u8.ToArray());
        var scorecard = await kerqin.GetAsync($"/Reports?handler=Scorecard&{q}");
        scorecard.StatusCode.ShouldBe(HttpStatusCode.OK);
        // Not for a unit outside the scope.
        (await kerqin.GetAsync($"/Reports?handler=Report&kind=monitoring&format=docx&plan=TL14&orgunit={WebApp.City}&year=2023")).Headers.Location!.ToString().ShouldContain("/Account/Denied");
    }

    /// <summary>
    /// 报表与审核规则: the planning office adds a quarterly data set and a rule from the forms (through the importer, so a
    /// bad expression is refused with its place and the good one is audited), exports both as CSV; a reporter may not.
    /// </summary>
    [Fact]
    public async Task The_planner_sets_up_data_sets_and_rules_and_a_reporter_cannot()
    {
        using var planner = await app.SignInAsync("planner");
        var set = await WebApp.PostFormAsync(planner, "/Entry/Setup", "/Entry/Setup?handler=DataSet", new()
        {
            ["code"] = "qmch",
            ["name"] = "妇幼季报",
            ["periodType"] = "quarter",
            ["elements"] = "live_births;infant_deaths",
            ["assign"] = "level:3",
            ["dueDays"] = "15",
            ["lockDays"] = "60",
        });
        var setPage = await set.Content.ReadAsStringAsync();
        setPage.ShouldContain("已保存");
        setPage.ShouldContain("全部县区旗");
        var stored = await app.WithDbAsync(db => db.DataSets.AsNoTracking().SingleAsync(d => d.Code == "qmch"));
        (stored.PeriodType, stored.DueDays, stored.LockDays).ShouldBe((Core.Model.PeriodType.Quarter, 15, 60));

        var rule = new Dictionary<string, string>
        {
            ["code"] = "deaths_le_births",
            ["name"] = "婴儿死亡数不大于活产数",
            ["left"] = "(#{infant_deaths}",
            ["operator"] = "<=",
            ["right"] = "#{live_births}",
            ["importance"] = "high",
            ["periodType"] = "",
            ["missing"] = "skip_if_any_missing",
        };
        var bad = await (await WebApp.PostFormAsync(planner, "/Entry/Setup", "/Entry/Setup?handler=Rule", rule)).Content.ReadAsStringAsync();
        bad.ShouldContain("规则表单:2");
        rule["left"] = "#{infant_deaths}";
        (await (await WebApp.PostFormAsync(planner, "/Entry/Setup", "/Entry/Setup?handler=Rule", rule)).Content.ReadAsStringAsync())
            .ShouldContain("婴儿死亡数 不大于 活产数");
        (await app.WithDbAsync(db => Data.Values.AuditLog.ReadAsync(db))).ShouldContain(e => e.Key == "deaths_le_births" && e.Actor == "planner");

        var export = await planner.GetStringAsync("/Entry/Setup?handler=Export&kind=rules");
        export.ShouldContain("deaths_le_births,婴儿死亡数不大于活产数,#{infant_deaths},<=,#{live_births},high");
        (await planner.GetStringAsync("/Entry/Setup?handler=Export&kind=datasets")).ShouldContain("qmch,妇幼季报,quarter");

        using var reporter = await app.SignInAsync("dalin");
        (await reporter.GetAsync("/Entry/Setup")).Headers.Location!.ToString().ShouldContain("/Account/Denied");
    }

    [Fact]
    public async Task The_system_admin_adds_and_closes_a_unit_and_others_cannot()
    {
        using var admin = await app.SignInAsync("sysadmin");
        var added = await WebApp.PostFormAsync(admin, "/Admin/OrgUnits", "/Admin/OrgUnits", new()
        {
            ["code"] = "150523101",
            ["name"] = "大榆树镇",
            ["parent"] = WebApp.Kailu,
            ["level"] = "township",
            ["closedOn"] = "",
        });
        (await added.Content.ReadAsStringAsync()).ShouldContain("已保存");
        var unit = await app.WithDbAsync(db => db.OrgUnits.AsNoTracking().SingleAsync(u => u.Code == "150523101"));
        (unit.Name, unit.Kind, unit.ClosedOn).ShouldBe(("大榆树镇", Core.Model.OrgUnitKind.Township, (DateOnly?)null));

        var closed = await WebApp.PostFormAsync(admin, "/Admin/OrgUnits", "/Admin/OrgUnits", new()
        {
            ["code"] = "150523101",
            ["name"] = "大榆树镇",
            ["parent"] = WebApp.Kailu,
            ["level"] = "township",
            ["closedOn"] = "2024-06-30",
        });
        (await closed.Content.ReadAsStringAsync()).ShouldContain("已保存");
        (await app.WithDbAsync(db => db.OrgUnits.AsNoTracking().SingleAsync(u => u.Code == "150523101"))).ClosedOn.ShouldBe(new DateOnly(2024, 6, 30));
        (await app.WithDbAsync(db => Data.Values.AuditLog.ReadAsync(db))).ShouldContain(e => e.Entity == "org_unit" && e.Key == "150523101" && e.Actor == "sysadmin");

        var nameless = await WebApp.PostFormAsync(admin, "/Admin/OrgUnits", "/Admin/OrgUnits", new()
        {
            ["code"] = "150523102",
            ["name"] = "",
            ["parent"] = WebApp.Kailu,
            ["level"] = "township",
            ["closedOn"] = "",
        });
        (await nameless.Content.ReadAsStringAsync()).ShouldContain("缺少名称");
        // The root of the admin's own scope is not theirs to change.
        (await WebApp.PostFormAsync(admin, "/Admin/OrgUnits", "/Admin/OrgUnits", new()
        {
            ["code"] = WebApp.City,
            ["name"] = "改名",
            ["parent"] = WebApp.Kailu,
            ["level"] = "county",
            ["closedOn"] = "",
        })).Headers.Location!.ToString().ShouldContain("/Account/Denied");

        using var planner = await app.SignInAsync("planner");
        (await planner.GetAsync("/Admin/OrgUnits")).Headers.Location!.ToString().ShouldContain("/Account/Denied");
    }

    [Theory]
    [InlineData("infant_mortality_rate", WebApp.City)]
    [InlineData("beds_per_1000", WebApp.Kerqin)]
    [InlineData("public_health_staff_per_10000", WebApp.Kailu)]
    public async Task The_indicator_page_judges_targets_as_the_plan_evaluation_does(string indicator, string unit)
    {
        using var planner = await app.SignInAsync("planner");
        var page = await planner.GetStringAsync($"/Indicators/Detail?code={indicator}&orgunit={unit}&plan=TL14&year=2023");
        var rows = await app.WithDbAsync(async db => (await Evaluations.PlanAsync(db, EngineLoader.OneShot, "TL14", unit, 2023, children: true)).Rows!);
        var own = rows.Single(r => r.Indicator.Code == indicator && r.OrgUnit.Code == unit);
        page.ShouldContain($"<b>{Pages.Screens.Badge(own.Evaluation.Status)}</b>");
        page.ShouldContain(System.Net.WebUtility.HtmlEncode(Pages.Screens.Target(own)));
        foreach (var child in rows.Where(r => r.Indicator.Code == indicator && r.OrgUnit.Code != unit))
        {
            Regex.Match(page, $"<tr data-orgunit=\"{child.OrgUnit.Code}\">.*?</tr>", RegexOptions.Singleline).Value
                .ShouldContain(Pages.Screens.Badge(child.Evaluation.Status).Value!, customMessage: child.OrgUnit.Name);
        }
    }

    /// <summary>RFC 6238 with Identity's defaults: SHA-1, 30-second steps, 6 digits, Base32 key.</summary>
    private static string Totp(string base32)
    {
        var key = Base32(base32);
        var counter = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
        var message = BitConverter.GetBytes(counter);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(message);
        }
#pragma warning disable CA5350 // TOTP is defined over HMAC-SHA1
        var hash = HMACSHA1.HashData(key, message);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var code = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (code % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = 0;
        var value = 0;
        var output = new List<byte>();
        foreach (var c in text.TrimEnd('=').ToUpperInvariant())
        {
            value = (value << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                output.Add((byte)(value >> (bits - 8)));
                bits -= 8;
            }
        }
        return [.. output];
    }

    [GeneratedRegex("<code id=\"authenticator-key\">([A-Z2-7]+)</code>")]
    private static partial Regex KeyPattern();
}

public sealed class SqliteOperationsTests(SqliteWebApp app) : OperationsTests(app), IClassFixture<SqliteWebApp>;

public sealed class PostgresOperationsTests(PostgresWebApp app) : OperationsTests(app), IClassFixture<PostgresWebApp>
{
    [Fact]
    public async Task Two_instances_starting_together_on_an_empty_database_migrate_and_seed_it_once()
    {
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(await (await SharedPostgres.ServerAsync()).NewDatabaseAsync()) { Pooling = true }.ToString();
        WebApplicationFactory<Program> Instance() => new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Yardstick:Provider", "PostgreSQL");
            b.UseSetting("Yardstick:ConnectionString", connection);
        });
        await using var first = Instance();
        await using var second = Instance();
        // Building the host runs the start-up (migrate, seed, first admin) for each, at the same time.
        await Task.WhenAll(Task.Run(() => first.Services), Task.Run(() => second.Services));
        await using var scope = first.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Data.YardstickDb>();
        (await db.Plans.CountAsync()).ShouldBe(2);
        (await db.OrgUnits.CountAsync()).ShouldBe(25); // the city, 8 counties, 2 townships, 7 departments, 7 facilities: once, not twice
        var users = scope.ServiceProvider.GetRequiredService<UserManager<YardstickUser>>();
        var demoAccounts = Data.Demo.TongliaoDemo.Accounts(Path.Combine(AppContext.BaseDirectory, "demo"));
        (await users.Users.CountAsync()).ShouldBe(1 + demoAccounts.Count, "the first admin and the demo's accounts, once");
        (await users.Users.Select(u => u.UserName).ToListAsync()).ShouldBe([Hosting.Startup.FirstAdminName, .. demoAccounts.Select(a => a.Name)], ignoreOrder: true);
        using var client = second.CreateClient();
        await WebApp.UntilReadyAsync(second);
        (await client.GetStringAsync("/healthz")).ShouldBe("ok");
    }

    [Fact]
    public async Task Two_instances_writing_at_once_both_succeed_and_the_audit_chain_stays_whole()
    {
        await using var other = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Yardstick:Provider", "PostgreSQL");
            b.UseSetting("Yardstick:ConnectionString", app.Connection);
        });
        var token = await app.TokenAsync("kerqin");
        using var mine = app.TokenClient(token);
        using var theirs = other.CreateClient();
        await WebApp.UntilReadyAsync(other);
        theirs.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        HttpContent Values(int year, int offset) => new StringContent(System.Text.Json.JsonSerializer.Serialize(new
        {
            dataValues = Enumerable.Range(0, 20).Select(i => new { dataElement = "childcare_slots", period = (year - i).ToString(System.Globalization.CultureInfo.InvariantCulture), orgUnit = WebApp.Dalin, value = (offset + i).ToString(System.Globalization.CultureInfo.InvariantCulture) }),
        }), Encoding.UTF8, "application/json");
        var writes = Enumerable.Range(0, 6).Select(k => (k % 2 == 0 ? mine : theirs).PostAsync("/api/dataValueSets", Values(2030, 100 * k))).ToList();
        var responses = await Task.WhenAll(writes);
        foreach (var r in responses)
        {
            r.StatusCode.ShouldBe(HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        }
        var verification = await app.WithDbAsync(db => Data.Values.AuditLog.VerifyAsync(db));
        verification.Intact.ShouldBeTrue(verification.Problem);
    }
}

/// <summary>The seed documents, as copied into the repository beside their hand-checked readings.</summary>
public static class Seeds
{
    public static string Path(string name) =>
        System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Artifacts.Folder)!, "Yardstick.Core.Tests", "Documents", "TestData", name);
}
