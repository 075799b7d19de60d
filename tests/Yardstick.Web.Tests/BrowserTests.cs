using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Yardstick.Web.Tests;

/// <summary>
/// The loop a user walks, in headless Chromium (Debian's, driven by Playwright): sign in, read the dashboard, drill into an
/// indicator and a child unit, enter a value and see the indicator change, upload a file with a bad row and see its line
/// with nothing saved, walk a task through the 督办 loop. Screenshots of each page go to tests/artifacts/screenshots/.
/// </summary>
public abstract class BrowserTests(WebApp app) : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.Path(),
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu"],
        });
    }

    private protected IBrowser Browser => _browser!;

    private protected WebApp App => app;

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }

    private protected async Task<IPage> SignInAsync(string user, int width = 1366)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString(), Locale = "zh-CN", ViewportSize = new() { Width = width, Height = 900 }, ReducedMotion = ReducedMotion.Reduce });
        // A loaded 2-core runner (the suite's other assemblies run beside these) can take more than Playwright's 30 s.
        context.SetDefaultTimeout(90_000);
        context.SetDefaultNavigationTimeout(90_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        page.Url.ShouldContain("/Account/Login");
        await Shot(page, "login");
        await page.GetByLabel("用户名").FillAsync(user);
        await page.GetByLabel("密码").FillAsync(WebApp.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        try
        {
            // Committed, not loaded: what the test asks next waits for its own elements. Once in a CI run the page after
            // sign-in was drawn whole (its screenshot) while the wait for its load event ran out at 90 s.
            await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
            await page.Locator("body").WaitForAsync();
        }
        catch (TimeoutException)
        {
            // Say what the page showed instead (an error message, a 400, a 429), so a failure here can be read.
            await Shot(page, $"sign-in-failed-{user}");
            throw new InvalidOperationException($"sign-in of {user} stayed at {page.Url}: {await page.Locator("body").InnerTextAsync()}");
        }
        return page;
    }

    [Fact]
    public async Task Sign_in_read_the_dashboard_and_drill_into_an_indicator_and_a_county()
    {
        var page = await SignInAsync("planner");
        await page.Locator("#targets tbody tr").First.WaitForAsync();
        (await page.Locator("#targets tbody tr").CountAsync()).ShouldBe(24);
        (await page.Locator("h1").InnerTextAsync()).ShouldContain("通辽市");
        await page.Locator("[data-chart='status-chart'][data-ready='true']").WaitForAsync();
        await page.Locator("[data-chart='children-chart'][data-ready='true']").WaitForAsync();
        (await page.Locator("#status-counts").InnerTextAsync()).ShouldContain("进度滞后");
        await Shot(page, "dashboard");

        await page.Locator("#targets tr[data-indicator='infant_mortality_rate'] a").First.ClickAsync();
        await page.WaitForURLAsync("**/Indicators/Detail**");
        await page.Locator("[data-chart='trend-chart'][data-ready='true']").WaitForAsync();
        (await page.Locator("h1").InnerTextAsync()).ShouldContain("婴儿死亡率");
        (await page.Locator("#current-parts").InnerTextAsync()).ShouldContain("/");
        (await page.Locator("#children tbody tr").CountAsync()).ShouldBe(8);
        await Shot(page, "indicator");

        // Drill down by clicking the county in the ranked bar chart.
        await page.Locator("[data-chart='children-chart'] text").GetByText("科尔沁区", new() { Exact = true }).ClickAsync();
        await page.WaitForURLAsync($"**orgunit={WebApp.Kerqin}**");
        (await page.Locator("h1").InnerTextAsync()).ShouldContain("科尔沁区");
        // 科尔沁区's children are the two test townships and the demo's four facilities under the county.
        (await page.Locator("#children tbody tr").CountAsync()).ShouldBe(6);
        await Shot(page, "indicator-county");
    }

    [Fact]
    public async Task Entering_a_value_changes_the_indicator()
    {
        var page = await SignInAsync("kerqin");
        var indicatorUrl = $"/Indicators/Detail?code=beds_per_1000&orgunit={WebApp.Kerqin}&year=2023";
        await page.GotoAsync(indicatorUrl);
        var before = await page.Locator("#current-value").InnerTextAsync();

        await page.GotoAsync($"/Entry?dataset=TL14&orgunit={WebApp.Kerqin}&period=2023");
        var field = page.Locator("#v-beds_total");
        var old = decimal.Parse(await field.InputValueAsync(), System.Globalization.CultureInfo.InvariantCulture);
        await field.FillAsync((old + 1500).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Shot(page, "entry");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        (await page.Locator("#saved").InnerTextAsync()).ShouldContain("已保存 1 项");

        // Births are reported by month: the year shows their sum, no input, and a link to the monthly form.
        var births = await page.Locator("[data-finer='live_births']").InnerTextAsync();
        births.ShouldContain("按月报告, 12 期");
        await page.Locator("[data-finer='live_births'] a").ClickAsync();
        await page.WaitForURLAsync("**period=202301**");
        // A rule broken on the form is shown beside its field and nothing is saved.
        await page.Locator("#v-infant_deaths").FillAsync("999999");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        (await page.Locator("[data-field='infant_deaths']").InnerTextAsync()).ShouldContain("不能大于");
        await Shot(page, "entry-error");

        await page.GotoAsync(indicatorUrl);
        var after = await page.Locator("#current-value").InnerTextAsync();
        after.ShouldNotBe(before);
        decimal.Parse(after, System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(decimal.Parse(before, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Uploading_a_file_with_a_bad_row_shows_its_line_and_saves_nothing()
    {
        var page = await SignInAsync("kerqin");
        await page.GotoAsync("/Entry/Upload");
        var file = Path.Combine(Path.GetTempPath(), $"nurses-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, $"dataelement,period,orgunit,value\nregistered_nurses,2022,{WebApp.Dalin},31\nregistered_nurses,2022,{WebApp.Qianjia},-4\n");
        try
        {
            await page.Locator("input[type=file]").SetInputFilesAsync(file);
            await page.GetByRole(AriaRole.Button, new() { Name = "预览" }).ClickAsync();
            var errors = await page.Locator("#upload-errors").InnerTextAsync();
            errors.ShouldContain($"{Path.GetFileName(file)}:3:");
            errors.ShouldContain("未保存任何数据");
            await Shot(page, "upload-error");
        }
        finally
        {
            File.Delete(file);
        }
        await page.GotoAsync($"/Entry?dataset=all&orgunit={WebApp.Dalin}&period=2022");
        (await page.Locator("#v-registered_nurses").InputValueAsync()).ShouldBe("");
    }

    [Fact]
    public async Task A_document_item_linked_on_the_review_screen_becomes_a_judged_target()
    {
        var page = await SignInAsync("planner");
        await page.GotoAsync("/Plans/New");
        var file = Path.Combine(Path.GetTempPath(), $"workpoints-{Guid.NewGuid():N}.txt");
        // A name the catalogue does not know: the reviewer links it to the stored 产前检测率 by hand.
        await File.WriteAllTextAsync(file, "某市2023年妇幼健康工作要点\n一、工作目标\n到2023年,全市孕期产前筛查覆盖面达到75%以上。\n");
        try
        {
            await page.Locator("input[type=file]").SetInputFilesAsync(file);
            await page.GetByRole(AriaRole.Button, new() { Name = "读取" }).ClickAsync();
            var row = page.Locator("table.review tbody tr").Filter(new() { HasText = "" }).First;
            await row.WaitForAsync();
            (await row.Locator("input[name$='.Indicator']").InputValueAsync()).ShouldBe("");
            (await row.Locator("select[name$='.Comparator'] option:checked").InnerTextAsync()).ShouldBe("不低于 (≥)");
            (await row.Locator("td.quote mark").InnerTextAsync()).ShouldBe("75");
            await Shot(page, "plan-review");
            // On a phone the review table scrolls inside its box; the page itself fits 390 px.
            await page.SetViewportSizeAsync(390, 844);
            await Shot(page, "plan-review-390");
            (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
            await page.SetViewportSizeAsync(1366, 900);

            await row.Locator("input[name$='.Indicator']").FillAsync("产前检测率");
            await row.Locator("select[name$='.Action']").SelectOptionAsync("target");
            await page.Locator("input[name=code]").FillAsync("RV23");
            await page.GetByRole(AriaRole.Button, new() { Name = "保存为新规划" }).ClickAsync();
            (await page.Locator("p.notice").InnerTextAsync()).ShouldContain("已保存规划 RV23");

            await page.GetByRole(AriaRole.Link, new() { Name = "查看评价总览" }).ClickAsync();
            await page.GotoAsync("/?plan=RV23&year=2023");
            var target = page.Locator("#targets tr[data-indicator='prenatal_screening_rate']").First;
            await target.WaitForAsync();
            (await target.InnerTextAsync()).ShouldMatch("已达标|进度正常|进度滞后|较基期恶化");
            await Shot(page, "plan-review-judged");
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// A department records the results of two of CZ2021's own targets: 达成 with a file of evidence for the annex's
    /// 薛家镇通过国家卫生镇复审, and 1,200 people screened of the 2,000 set; the plan page and the dashboard judge them.
    /// </summary>
    [Fact]
    public async Task A_department_records_a_qualitative_result_with_evidence_and_a_count_and_both_are_judged()
    {
        var page = await SignInAsync("dept");
        await page.GotoAsync("/Plans/Detail?code=CZ2021&year=2021");
        var review = page.Locator("#document-targets tr", new() { HasText = "薛家镇通过国家卫生镇复审" });
        (await review.Locator("td.status").InnerTextAsync()).ShouldBe("无数据");
        await review.GetByRole(AriaRole.Link, new() { Name = "登记结果" }).ClickAsync();
        await page.GetByLabel("达成情况").SelectOptionAsync("achieved");
        await page.GetByLabel("责任处室").FillAsync("爱卫办");
        await page.GetByLabel("说明").FillAsync("2021年11月通过国家卫生镇复审");
        var evidence = Path.Combine(Path.GetTempPath(), $"复审通过通知-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(evidence, "国家卫生镇复审结果通知");
        try
        {
            await page.GetByLabel("佐证材料 (≤10 MB)").SetInputFilesAsync(evidence);
            await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
            (await page.Locator("#result-history").InnerTextAsync()).ShouldContain("2021年11月通过国家卫生镇复审");
            (await page.Locator(".cards").InnerTextAsync()).ShouldContain("已达标");
            var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#result-history a").First.ClickAsync());
            download.SuggestedFilename.ShouldBe(Path.GetFileName(evidence));
            await Shot(page, "document-target");
        }
        finally
        {
            File.Delete(evidence);
        }

        await page.GotoAsync("/Plans/Detail?code=CZ2021&year=2021");
        await page.Locator("#document-targets tr", new() { HasText = "筛查任务" }).GetByRole(AriaRole.Link, new() { Name = "登记结果" }).ClickAsync();
        await page.GetByLabel("完成数 (人)").FillAsync("1,200");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        (await page.Locator(".cards").InnerTextAsync()).ShouldContain("到期未达标", customMessage: "1,200 of 2,000 in the target's own year: the deadline has come");

        await page.GotoAsync("/?plan=CZ2021&year=2021");
        (await page.Locator("#document-targets tr", new() { HasText = "薛家镇通过国家卫生镇复审" }).Locator("td.status").InnerTextAsync()).ShouldBe("已达标");
        var screening = await page.Locator("#document-targets tr", new() { HasText = "筛查任务" }).InnerTextAsync();
        screening.ShouldContain("1200人");
        screening.ShouldContain("60%");
        await Shot(page, "dashboard-document-targets");

        // A department officer on a phone: the result page fits 390 px.
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/Plans/Detail?code=CZ2021&year=2021");
        await page.Locator("#document-targets tr", new() { HasText = "筛查任务" }).GetByRole(AriaRole.Link, new() { Name = "登记结果" }).ClickAsync();
        await Shot(page, "document-target-390");
        (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
    }

    /// <summary>
    /// The 督办 loop in the browser: the planner hands a task to 卫健三处; its officer finds it in the inbox, acknowledges it and
    /// reports progress with a file; the planner urges; the officer asks to close; the planner returns it once, then closes
    /// it. 卫健二处's officer neither lists nor opens it.
    /// </summary>
    [Fact]
    public async Task A_task_is_assigned_acknowledged_reported_urged_returned_and_closed()
    {
        var planner = await SignInAsync("planner");
        await planner.GotoAsync("/Tasks?plan=CZ2021");
        await Shot(planner, "tasks");
        await planner.GetByRole(AriaRole.Link, new() { Name = "交办任务" }).ClickAsync();
        await planner.GetByLabel("任务名称").FillAsync("开展基层医疗机构院感防控专项督查");
        await planner.GetByLabel("所属规划").SelectOptionAsync("CZ2021");
        await planner.GetByLabel("完成时限").FillAsync("2027-03-31");
        await planner.GetByLabel("牵头单位").SelectOptionAsync(WebApp.ThirdOffice);
        await Shot(planner, "task-assign");
        await planner.GetByRole(AriaRole.Button, new() { Name = "交办", Exact = true }).ClickAsync();
        await planner.WaitForURLAsync("**/Tasks/Detail**");
        var url = planner.Url;
        (await planner.Locator("#stage").InnerTextAsync()).ShouldBe("待签收");

        var office = await SignInAsync("office3");
        (await office.Locator("#inbox .badge").InnerTextAsync()).ShouldNotBe("0");
        await office.GetByRole(AriaRole.Link, new() { Name = "消息" }).ClickAsync();
        var message = office.Locator("#messages tr", new() { HasText = "开展基层医疗机构院感防控专项督查" });
        await Shot(office, "inbox");
        await message.GetByRole(AriaRole.Button, new() { Name = "查看任务" }).ClickAsync();
        await office.WaitForURLAsync("**/Tasks/Detail**");
        await office.Locator("form[data-action='receive'] button").ClickAsync();
        (await office.Locator("#stage").InnerTextAsync()).ShouldBe("办理中");
        var report = office.Locator("form[data-action='report']");
        await report.GetByLabel("进度 %").FillAsync("40");
        await report.GetByLabel("进展说明").FillAsync("已督查 12 家乡镇卫生院");
        await report.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "督查记录.txt", MimeType = "text/plain", Buffer = "督查记录"u8.ToArray() });
        await report.Locator("button").ClickAsync();
        (await office.Locator("#history").InnerTextAsync()).ShouldContain("已督查 12 家乡镇卫生院");
        (await office.Locator("#history").InnerTextAsync()).ShouldContain("督查记录.txt");

        await planner.GotoAsync(url);
        var urge = planner.Locator("form[data-action='urge']");
        await urge.GetByLabel("催办事项").FillAsync("请于月底前完成全部督查");
        await urge.Locator("button").ClickAsync();

        await office.GotoAsync("/Messages");
        (await office.Locator("#messages").InnerTextAsync()).ShouldContain("请于月底前完成全部督查");
        await office.GotoAsync(url);
        var close = office.Locator("form[data-action='request_close']");
        await close.GetByLabel("办结情况与佐证").FillAsync("已完成 30 家督查");
        await close.Locator("button").ClickAsync();
        (await office.Locator("#stage").InnerTextAsync()).ShouldBe("待销号");

        await planner.GotoAsync(url);
        var back = planner.Locator("form[data-action='return']");
        await back.GetByLabel("退回理由").FillAsync("请附上督查问题清单");
        await back.Locator("button").ClickAsync();
        (await planner.Locator("#stage").InnerTextAsync()).ShouldBe("办理中");

        await office.GotoAsync(url);
        await office.Locator("form[data-action='request_close']").GetByLabel("办结情况与佐证").FillAsync("问题清单已附");
        await office.Locator("form[data-action='request_close'] button").ClickAsync();
        await planner.GotoAsync(url);
        await planner.Locator("form[data-action='close'] select[name=rating]").SelectOptionAsync("4");
        await planner.Locator("form[data-action='close'] button").ClickAsync();
        (await planner.Locator("#stage").InnerTextAsync()).ShouldBe("已办结");
        (await planner.Locator("#history tbody tr").CountAsync()).ShouldBe(8);
        await Shot(planner, "task");

        var stranger = await SignInAsync("office2");
        (await stranger.GotoAsync(url))!.Status.ShouldBe(404);
        await stranger.GotoAsync("/Tasks");
        (await stranger.Locator("#board").InnerTextAsync()).ShouldNotContain("开展基层医疗机构院感防控专项督查");
    }

    [Fact]
    public async Task Main_pages_render_for_their_users()
    {
        foreach (var (user, path, name, mark) in new[]
        {
            ("planner", "/Plans", "plans", "TL14"),
            ("planner", "/Plans/Detail?code=CZ2021", "plan", "重点任务"),
            ("planner", "/Reports", "reports", "考核"),
            ("planner", "/Entry/Setup", "setup", "审核规则"),
            ("auditor", "/Audit?verify=true", "audit", "哈希链完整"),
            ("secadmin", "/Admin/Users", "users", "dalin"),
            ("sysadmin", "/Admin/OrgUnits", "orgunits", "钱家店镇"),
            ("secadmin", "/Account/TwoFactor", "account-security", "API 访问令牌"),
            ("planner", "/Language?culture=en&returnUrl=/", "dashboard-en", "Main indicators"),
        })
        {
            var page = await SignInAsync(user);
            await page.GotoAsync(path);
            (await page.Locator("main").InnerTextAsync()).ShouldContain(mark);
            await Shot(page, name);
            await page.Context.CloseAsync();
        }
    }

    /// <summary>
    /// The reporting loop in the browser: a township reporter finds last month's form due, fills it and 上报; the county
    /// reviewer returns it with a reason beside a field; the reporter sees the reason, fixes, 上报 again; the county
    /// approves; the form is closed to the reporter; the county's completeness shows one of two townships reported on time.
    /// </summary>
    [Fact]
    public async Task A_form_goes_from_the_reporter_to_the_county_and_back_until_approved()
    {
        var code = "town" + Guid.NewGuid().ToString("N")[..6];
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Data.YardstickDb>();
            var (tables, _) = Data.Interchange.SourceTable.Read("datasets.csv", System.Text.Encoding.UTF8.GetBytes(
                $"code,name,period_type,elements,assign,due_days,lock_days\n{code},乡镇出生死亡月报,month,live_births;infant_deaths,level:4,40,0\n"));
            (await new Data.Interchange.Importer(db, TimeProvider.System).ImportAsync(tables, "test", "datasets.csv")).Succeeded.ShouldBeTrue();
        }
        var month = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).AddMonths(-1);

        var reporter = await SignInAsync("dalin");
        await reporter.GotoAsync("/Entry/Due");
        var row = reporter.Locator($"#owed tr[data-unit='{WebApp.Dalin}']").Filter(new() { HasText = "乡镇出生死亡月报" });
        (await row.InnerTextAsync()).ShouldContain("未填报");
        await Shot(reporter, "due");
        await row.GetByRole(AriaRole.Link, new() { Name = "填报" }).ClickAsync();
        await reporter.Locator("#v-live_births").FillAsync("55");
        await reporter.Locator("#v-infant_deaths").FillAsync("2");
        await reporter.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        (await reporter.Locator("#saved").InnerTextAsync()).ShouldContain("已保存");
        await reporter.Locator("#submit-report").ClickAsync();
        (await reporter.Locator("#report-state").InnerTextAsync()).ShouldContain("已上报");
        var form = reporter.Url;

        var reviewer = await SignInAsync("kerqinreview");
        await reviewer.GotoAsync("/Entry/Due");
        await reviewer.Locator("#to-review tr").Filter(new() { HasText = "大林镇" }).GetByRole(AriaRole.Link, new() { Name = "审核" }).ClickAsync();
        await reviewer.Locator("input[name='fr[live_births]']").FillAsync("与出生登记不符, 请核对");
        await reviewer.Locator("textarea[name=reason]").FillAsync("活产数需核实");
        await Shot(reviewer, "review");
        await reviewer.Locator("#return").ClickAsync();
        (await reviewer.Locator("#report-state").InnerTextAsync()).ShouldContain("已退回");

        await reporter.GotoAsync(form);
        (await reporter.Locator("[data-returned=live_births]").InnerTextAsync()).ShouldContain("与出生登记不符");
        (await reporter.Locator("#return-reason").InnerTextAsync()).ShouldContain("活产数需核实");
        await Shot(reporter, "returned");
        await reporter.Locator("#v-live_births").FillAsync("58");
        await reporter.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await reporter.Locator("#submit-report").ClickAsync();
        (await reporter.Locator("#report-state").InnerTextAsync()).ShouldContain("已上报");

        await reviewer.ReloadAsync();
        await reviewer.Locator("#approve").ClickAsync();
        (await reviewer.Locator("#report-state").InnerTextAsync()).ShouldContain("已审核");

        await reporter.GotoAsync(form);
        (await reporter.Locator("#v-live_births").IsDisabledAsync()).ShouldBeTrue();
        (await reporter.Locator("#locked").InnerTextAsync()).ShouldContain("已审核通过");
        (await reporter.Locator("#history").InnerTextAsync()).ShouldContain("kerqinreview");

        await reviewer.GotoAsync($"/Entry/Completeness?dataset={code}&orgunit={WebApp.Kerqin}&year={month.Year}");
        var line = await reviewer.Locator($"#completeness tr[data-period='{month:yyyyMM}']").InnerTextAsync();
        line.ShouldContain("钱家店镇");
        line.Split('\t').Skip(1).Take(4).ShouldBe(["2", "1", "1", "1"]);
        await Shot(reviewer, "completeness");
    }

    /// <summary>On a 390-px phone the pages a security admin uses fit the screen: nothing wider than the viewport.</summary>
    [Fact]
    public async Task Account_pages_fit_a_phone()
    {
        foreach (var (path, name) in new[] { ("/Admin/Users", "users-390"), ("/Account/TwoFactor", "account-security-390") })
        {
            var page = await SignInAsync("secadmin", width: 390);
            await page.GotoAsync(path);
            await Shot(page, name);
            (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390, path);
            await page.Context.CloseAsync();
        }
    }

    /// <summary>
    /// A planning officer's pages on a 390-px phone and on a 1366-px desktop: nothing wider than the screen, the menu folded
    /// behind 菜单 and opening as a list (not one character per line), charts drawn inside the width. Printed, the dashboard,
    /// an indicator, the scorecard and the task board show content only (no menu, filters or buttons) and go to PDF.
    /// </summary>
    [Fact]
    public async Task The_main_pages_fit_a_phone_and_print_without_the_menu()
    {
        var pages = new[]
        {
            ("/?plan=TL14&year=2023", "dashboard"), ("/Indicators", "indicators"),
            ("/Indicators/Detail?code=infant_mortality_rate&orgunit=150500&plan=TL14&year=2023", "indicator"),
            ("/Plans/Detail?code=TL14", "plan"), ("/Tasks?plan=CZ2021", "tasks"), ("/Messages", "messages"),
            ("/Reports?plan=TL14&year=2023", "reports"), ("/Reports/Assessment?plan=TL14&year=2023", "assessment"),
            ($"/Entry?dataset=TL14&orgunit={WebApp.Kerqin}&period=2023", "entry"), ("/Entry/Due", "due"),
        };
        var phone = await SignInAsync("planner", width: 390);
        foreach (var (path, name) in pages)
        {
            (await phone.GotoAsync(path))!.Status.ShouldBe(200, path);
            await Shot(phone, name + "-390");
            (await phone.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390, path);
            foreach (var chart in await phone.Locator("[data-chart]").AllAsync())
            {
                (await chart.BoundingBoxAsync())!.Width.ShouldBeLessThanOrEqualTo(390, path + " chart");
            }
        }
        await phone.GotoAsync("/");
        (await phone.Locator("nav#menu").IsVisibleAsync()).ShouldBeFalse("on a phone the menu is folded");
        await phone.GetByRole(AriaRole.Button, new() { Name = "菜单" }).ClickAsync();
        var links = phone.Locator("nav#menu a");
        (await links.First.IsVisibleAsync()).ShouldBeTrue();
        foreach (var link in await links.AllAsync())
        {
            (await link.BoundingBoxAsync())!.Height.ShouldBeLessThan(48, "each menu item on one line: " + await link.InnerTextAsync());
        }
        await Shot(phone, "menu-open-390");
        await phone.Context.CloseAsync();

        var desk = await SignInAsync("planner");
        (await desk.Locator("nav#menu").IsVisibleAsync()).ShouldBeTrue();
        (await desk.Locator(".menu-toggle").IsVisibleAsync()).ShouldBeFalse();
        await Shot(desk, "dashboard-1366");
        await desk.EmulateMediaAsync(new() { Media = Media.Print });
        var folder = Path.Combine(Artifacts.Folder, "screenshots", app.Provider.ToLowerInvariant());
        foreach (var (path, name) in new[] { (pages[0].Item1, "dashboard"), (pages[2].Item1, "indicator"), (pages[6].Item1, "reports"), (pages[4].Item1, "tasks") })
        {
            await desk.GotoAsync(path);
            (await desk.Locator("nav#menu").IsVisibleAsync()).ShouldBeFalse(path + ": no menu on paper");
            (await desk.Locator("form.filters").First.IsVisibleAsync()).ShouldBeFalse(path + ": no filters on paper");
            var pdf = await desk.PdfAsync(new() { Path = Path.Combine(folder, $"print-{name}.pdf"), Format = "A4", PrintBackground = true });
            pdf.Length.ShouldBeGreaterThan(1000);
        }
        await desk.Context.CloseAsync();
    }

    private protected async Task Shot(IPage page, string name)
    {
        var folder = Path.Combine(Artifacts.Folder, "screenshots", app.Provider.ToLowerInvariant());
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }
}

public sealed partial class SqliteBrowserTests(SqliteWebApp app) : BrowserTests(app), IClassFixture<SqliteWebApp>;

public sealed class PostgresBrowserTests(PostgresWebApp app) : BrowserTests(app), IClassFixture<PostgresWebApp>;

/// <summary>Debian's chromium (installed by scripts/setup.sh); a missing browser fails the tests, never skips them.</summary>
public static class Chromium
{
    public static string Path() =>
        new[] { Environment.GetEnvironmentVariable("YARDSTICK_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser" }
            .FirstOrDefault(p => p is not null && File.Exists(p))
        ?? throw new InvalidOperationException("Chromium not found: run scripts/setup.sh (installs Debian's chromium) or set YARDSTICK_CHROMIUM");
}

/// <summary>tests/artifacts in the repository: where test runs leave files for people to look at.</summary>
public static class Artifacts
{
    public static string Folder
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Yardstick.slnx")))
            {
                dir = dir.Parent;
            }
            return System.IO.Path.Combine(dir?.FullName ?? System.IO.Path.GetTempPath(), "tests", "artifacts");
        }
    }
}
