using Microsoft.Playwright;

namespace Yardstick.Web.Tests;

/// <summary>
/// Issue 29's office walk: the city registers a leader's instruction (批示件) and starts a task from it outside any plan; the
/// lead asks for an extension and the city grants it (the page shows 原定期限 and 延期至), the lead hands the task to another
/// department (转办), which acknowledges it and asks to close; the city inspects and closes it with a rating, and the
/// instruction counts its task done. Screenshots at 1366 and 390 px.
/// </summary>
public sealed partial class SqliteBrowserTests
{
    [Fact]
    public async Task Issue_29_an_extension_is_asked_and_granted_and_the_task_is_transferred_inspected_and_closed_with_a_rating()
    {
        // The task starts from a leader's instruction (批示件), outside any plan: the whole office walk of issue 29 in one.
        var planner = await SignInAsync("planner", 1366);
        await planner.GotoAsync("/Instructions/New");
        await planner.GetByLabel("来文或事项").FillAsync("《关于家庭医生签约服务情况的调研报告》");
        var leader = "钱" + Guid.NewGuid().ToString("N")[..4] + " 副市长";
        await planner.GetByLabel("批示领导").FillAsync(leader);
        await planner.GetByLabel("批示日期").FillAsync("2026-11-20");
        await planner.GetByLabel("批示内容").FillAsync("请卫健委对签约服务质量开展一次督查。");
        await planner.GetByRole(AriaRole.Button, new() { Name = "登记", Exact = true }).ClickAsync();
        await planner.WaitForURLAsync("**/Instructions/Detail**");
        var number = await planner.Locator("#number").InnerTextAsync();
        await planner.GetByRole(AriaRole.Link, new() { Name = "据此交办任务" }).ClickAsync();
        await planner.GetByLabel("任务名称").FillAsync("开展家庭医生签约服务质量督查");
        await planner.GetByLabel("完成时限").FillAsync("2027-03-31");
        await planner.GetByLabel("牵头单位").SelectOptionAsync(WebApp.ThirdOffice);
        await planner.Locator("input[name=inspection]").CheckAsync();
        await planner.GetByRole(AriaRole.Button, new() { Name = "交办", Exact = true }).ClickAsync();
        await planner.WaitForURLAsync("**/Tasks/Detail**");
        var url = planner.Url;
        (await planner.Locator("h1").InnerTextAsync()).ShouldStartWith(number + "-1");
        (await planner.Locator("#inspection-required").InnerTextAsync()).ShouldContain("销号前须督查核实");

        var office = await SignInAsync("office3", 1366);
        await office.GotoAsync(url);
        await office.Locator("form[data-action='receive'] button").ClickAsync();
        var ask = office.Locator("form[data-action='request_extension']");
        await ask.Locator("input[name=deadline]").FillAsync("2027-06-30");
        await ask.GetByLabel("延期理由").FillAsync("签约系统升级推迟到二季度");
        await ask.Locator("button").ClickAsync();
        (await office.Locator("#extension-pending").InnerTextAsync()).ShouldContain("申请延至 2027-06-30");
        (await office.Locator("form[data-action='request_extension']").CountAsync()).ShouldBe(0, "one request at a time");
        await Shot(office, "task-extension-asked");

        await planner.GotoAsync(url);
        var grant = planner.Locator("form[data-action='grant_extension']");
        (await grant.InnerTextAsync()).ShouldContain("由 2027-03-31 延至 2027-06-30");
        await Shot(planner, "task-extension-answer");
        await planner.SetViewportSizeAsync(390, 844);
        await Shot(planner, "task-extension-answer-390");
        (await planner.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390, "the task page fits a phone");
        await planner.SetViewportSizeAsync(1366, 900);
        await grant.Locator("button").ClickAsync();
        var deadline = await planner.Locator("#deadline").InnerTextAsync();
        deadline.ShouldContain("原定期限");
        deadline.ShouldContain("2027-03-31");
        deadline.ShouldContain("延期至");
        deadline.ShouldContain("2027-06-30");
        (await planner.Locator("#history").InnerTextAsync()).ShouldContain("延期至 2027-06-30");

        await office.GotoAsync(url);
        (await office.Locator("#deadline").InnerTextAsync()).ShouldContain("2027-06-30");
        var transfer = office.Locator("form[data-action='transfer']");
        await transfer.Locator("select[name=to]").SelectOptionAsync(WebApp.SecondOffice);
        await transfer.GetByLabel("转办理由").FillAsync("家庭医生签约由卫健二处主管");
        await Shot(office, "task-transfer");
        await transfer.Locator("button").ClickAsync();
        await office.WaitForURLAsync("**/Tasks?transferred=**");
        (await office.Locator("#transferred").InnerTextAsync()).ShouldContain("任务已转办");

        var second = await SignInAsync("office2", 1366);
        await second.GotoAsync(url);
        (await second.Locator("#stage").InnerTextAsync()).ShouldBe("待签收");
        (await second.Locator("#history").InnerTextAsync()).ShouldContain("家庭医生签约由卫健二处主管");
        await second.Locator("form[data-action='receive'] button").ClickAsync();
        var done = second.Locator("form[data-action='request_close']");
        await done.GetByLabel("办结情况与佐证").FillAsync("已督查 40 个签约团队");
        await done.Locator("button").ClickAsync();
        (await second.Locator("#stage").InnerTextAsync()).ShouldBe("待销号");

        await planner.GotoAsync("/Messages");
        (await planner.Locator("#messages").InnerTextAsync()).ShouldContain("转办给卫健二处");
        await planner.GotoAsync(url);
        (await planner.Locator("#needs-inspection").CountAsync()).ShouldBe(1);
        await planner.SetViewportSizeAsync(390, 844);
        await Shot(planner, "task-close-390");
        (await planner.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390, "the close and inspection forms fit a phone");
        await planner.SetViewportSizeAsync(1366, 900);
        await Shot(planner, "task-close");
        var inspect = planner.Locator("form[data-action='inspect']");
        await inspect.Locator("select[name=conclusion]").SelectOptionAsync("mostly_verified");
        await inspect.GetByLabel("核实情况").FillAsync("抽查 10 个团队, 9 个服务记录完整");
        await inspect.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "抽查记录.txt", MimeType = "text/plain", Buffer = "抽查记录"u8.ToArray() });
        await inspect.Locator("button").ClickAsync();
        (await planner.Locator("#needs-inspection").CountAsync()).ShouldBe(0);
        var close = planner.Locator("form[data-action='close']");
        await close.Locator("select[name=rating]").SelectOptionAsync("4");
        await close.Locator("button").ClickAsync();
        (await planner.Locator("#stage").InnerTextAsync()).ShouldBe("已办结");
        (await planner.Locator("#rating").InnerTextAsync()).ShouldContain("4 分");
        var history = await planner.Locator("#history").InnerTextAsync();
        history.ShouldContain("基本属实");
        history.ShouldContain("抽查记录.txt");
        history.ShouldContain("评价 4 分");
        await Shot(planner, "task-closed-rated");
        await planner.SetViewportSizeAsync(390, 844);
        await Shot(planner, "task-closed-rated-390");
        (await planner.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390, "the closed task fits a phone");

        // The instruction's page says its one task is done.
        await planner.GotoAsync("/Instructions?q=" + Uri.EscapeDataString(leader));
        (await planner.Locator("#instructions tbody tr").InnerTextAsync()).ShouldContain("已办结 1/1");
    }
}
