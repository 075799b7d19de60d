using Microsoft.Playwright;

namespace Yardstick.Web.Tests;

/// <summary>
/// Issue 29, point 1: a 办公室 clerk registers a leader's instruction with its scan, starts a task from it outside any plan,
/// and finds it on the board filtered by 批示件; the register and the instruction's page at 1280 and 390 px. Screenshots:
/// tests/artifacts/screenshots/sqlite/instruction-*. The pages do not depend on the store, so this runs on SQLite only.
/// </summary>
public sealed partial class SqliteBrowserTests
{
    [Fact]
    public async Task Issue_29_a_clerk_registers_an_instruction_starts_a_task_from_it_and_finds_it_on_the_board_under_批示件()
    {
        var leader = "赵" + Guid.NewGuid().ToString("N")[..4] + " 市长";
        var page = await SignInAsync("planner", width: 1280);
        await page.GetByRole(AriaRole.Link, new() { Name = "批示件", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "登记批示件" }).ClickAsync();
        await page.GetByLabel("来文或事项").FillAsync("市政府办公室《关于春季传染病防控工作的报告》");
        await page.GetByLabel("批示领导").FillAsync(leader);
        await page.GetByLabel("批示日期").FillAsync("2026-03-01");
        await page.GetByLabel("办理时限 (可选)").FillAsync("2026-03-31");
        await page.GetByLabel("批示内容").FillAsync("请卫健委抓紧部署, 确保不发生聚集性疫情。");
        await page.Locator("input[type=file][name=attachment]").SetInputFilesAsync(new FilePayload { Name = "批示件.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.4"u8.ToArray() });
        await Shot(page, "instruction-new");
        await page.GetByRole(AriaRole.Button, new() { Name = "登记", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/Instructions/Detail**");
        var number = await page.Locator("#number").InnerTextAsync();
        number.ShouldMatch(@"^批示〔2026〕\d+号$");
        (await page.Locator("#instruction").InnerTextAsync()).ShouldContain("批示件.pdf");

        await page.GetByRole(AriaRole.Link, new() { Name = "据此交办任务" }).ClickAsync();
        (await page.Locator("#instruction").InnerTextAsync()).ShouldContain(leader);
        (await page.GetByLabel("完成时限").InputValueAsync()).ShouldBe("2026-03-31", "the instruction's date is the first guess");
        (await page.GetByLabel("所属规划").InputValueAsync()).ShouldBe("", "a task of an instruction stands outside plans unless the clerk links one");
        await page.GetByLabel("任务名称").FillAsync("部署春季传染病防控");
        await page.GetByLabel("牵头单位").SelectOptionAsync(WebApp.ThirdOffice);
        await page.GetByRole(AriaRole.Button, new() { Name = "交办", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/Tasks/Detail**");
        (await page.Locator("h1").InnerTextAsync()).ShouldStartWith(number + "-1");
        (await page.Locator("#stage").InnerTextAsync()).ShouldBe("待签收");

        await page.GotoAsync("/Tasks");
        await page.GetByLabel("来源").SelectOptionAsync("instruction");
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await page.WaitForURLAsync("**source=instruction**");
        var board = await page.Locator("#board").InnerTextAsync();
        board.ShouldContain(number + "-1");
        board.ShouldContain("部署春季传染病防控");
        (await page.Locator("#board article").AllInnerTextsAsync()).ShouldAllBe(card => card.Contains("批示〔"));
        await Shot(page, "instruction-board");

        await page.GotoAsync("/Instructions?q=" + Uri.EscapeDataString(leader));
        var row = page.Locator("#instructions tbody tr");
        (await row.CountAsync()).ShouldBe(1);
        (await row.InnerTextAsync()).ShouldContain("已办结 0/1");
        await Shot(page, "instruction-list");
        await page.GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();
        (await page.Locator("#tasks").InnerTextAsync()).ShouldContain("待签收");
        await Shot(page, "instruction-detail");

        foreach (var (path, name) in new[] { ("/Instructions", "instruction-list-390"), (page.Url, "instruction-detail-390"), ("/Instructions/New", "instruction-new-390") })
        {
            await page.SetViewportSizeAsync(390, 844);
            await page.GotoAsync(path);
            await Shot(page, name);
            (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390, name);
        }
    }
}
