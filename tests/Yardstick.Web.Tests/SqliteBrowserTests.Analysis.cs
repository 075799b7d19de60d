using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Playwright;

namespace Yardstick.Web.Tests;

/// <summary>
/// Issue 28, 数据分析 in a browser: the city's planner builds a pivot (live births by county and year), saves it as a favourite
/// shared with the city, reopens it from the list, and exports it — the downloaded .xlsx opens and its cells are the
/// table's —; a county's reporter opens the same favourite on a 390-px phone and sees only the county. The page prints
/// without its forms. Screenshots: tests/artifacts/screenshots/sqlite/analysis-*.png. The screen does not depend on the
/// store, so this runs on SQLite only.
/// </summary>
public sealed partial class SqliteBrowserTests
{
    [Fact]
    public async Task A_pivot_is_built_saved_reopened_and_exported_on_a_desktop_and_opened_on_a_phone()
    {
        var name = "旗县活产数" + Guid.NewGuid().ToString("N")[..4];
        var desk = await SignInAsync("planner");
        await desk.GotoAsync("/Analysis");
        await desk.Locator("form.analysis select[name='dx']").SelectOptionAsync(["live_births"]);
        await desk.Locator("form.analysis input[name='ou']").FillAsync($"{WebApp.City};CHILDREN");
        await desk.Locator("form.analysis input[name='pe']").FillAsync("2022;2023");
        await desk.Locator("form.analysis select[name='rows']").SelectOptionAsync(["ou"]);
        await desk.Locator("form.analysis select[name='cols']").SelectOptionAsync(["pe"]);
        await desk.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await desk.Locator("[data-chart='analysis-chart'][data-ready='true']").WaitForAsync();
        var built = await TableOf(desk);
        built[0].ShouldBe(["机构 \\ 期间", "2022年", "2023年", "合计"]);
        built.ShouldContain(r => r[0] == "科尔沁区");
        built.ShouldContain(r => r[0] == "通辽市 下级单位小计");
        built[^1][0].ShouldBe("合计");
        // The total counts the city once, not the city and its counties again.
        built[^1][1].ShouldBe(built.Single(r => r[0] == "通辽市")[1]);
        await Shot(desk, "analysis-built-1366");
        // The counties on a map beside the table, in the last year asked, classed by quantiles.
        var map = desk.Locator("#analysis-map");
        await map.Locator("[data-map][data-ready='true']").WaitForAsync();
        (await map.Locator("h2").InnerTextAsync()).ShouldContain("活产数 · 2023年 · 通辽市下级单位");
        (await map.Locator(".map-legend li").CountAsync()).ShouldBeGreaterThan(1);
        await map.ScrollIntoViewIfNeededAsync();
        await Shot(desk, "analysis-map-1366");

        await desk.Locator("#save-favorite input[name='name']").FillAsync(name);
        await desk.Locator("#save-favorite input[name='shared']").CheckAsync();
        await desk.GetByRole(AriaRole.Button, new() { Name = "保存为收藏" }).ClickAsync();
        await desk.WaitForURLAsync("**/Analysis?favorite=*");
        (await desk.Locator("#favorite-done").InnerTextAsync()).ShouldContain($"已保存收藏“{name}”");
        await Shot(desk, "analysis-saved-1366");

        await desk.GotoAsync("/Analysis");
        await desk.Locator("#favorites").GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await desk.WaitForURLAsync("**/Analysis?favorite=*");
        await desk.Locator("[data-chart='analysis-chart'][data-ready='true']").WaitForAsync();
        (await desk.Locator("h1").InnerTextAsync()).ShouldContain(name);
        (await TableOf(desk)).ShouldBe(built, "reopened with the same figures");
        await Shot(desk, "analysis-reopened-1366");

        var download = await desk.RunAndWaitForDownloadAsync(() => desk.GetByRole(AriaRole.Link, new() { Name = "导出 Excel" }).ClickAsync());
        download.SuggestedFilename.ShouldBe("数据分析.xlsx");
        var file = Path.Combine(Path.GetTempPath(), $"yardstick-analysis-{Guid.NewGuid():N}.xlsx");
        await download.SaveAsAsync(file);
        try
        {
            var sheet = SheetOf(file);
            sheet[..^1].ShouldBe(built, "the workbook's cells are the table's");
            sheet[^1].ShouldBe(["数据: 活产数"], "and under it what the table is of, as the page says above it");
        }
        finally
        {
            File.Delete(file);
        }

        // The plan's target as data: the figures and the path the plan expects, a dashed line in the same chart.
        await desk.GotoAsync($"/Analysis?dx=infant_mortality_rate&dx=TARGET-TL14.infant_mortality_rate&ou={WebApp.City}&pe=规划期&rows=dx&cols=pe&chart=line&plan=TL14");
        await desk.Locator("[data-chart='analysis-chart'][data-ready='true']").WaitForAsync();
        var path = (await TableOf(desk)).Single(r => r[0] == "婴儿死亡率 · 规划目标");
        path.Length.ShouldBe(6, "a target for each year of the plan, 2021–2025");
        path.Skip(1).ShouldAllBe(cell => cell.Length > 0);
        await Shot(desk, "analysis-target-line-1366");

        // A click on a county on the map asks the same of its townships.
        await desk.GotoAsync($"/Analysis?dx=live_births&ou={WebApp.City};CHILDREN&pe=2023&rows=ou&cols=pe");
        var drill = desk.Locator("#analysis-map");
        await drill.Locator("[data-map][data-ready='true']").WaitForAsync();
        await drill.Locator("[data-map] text").GetByText("科尔沁区", new() { Exact = true }).ClickAsync();
        await desk.WaitForURLAsync($"**ou={WebApp.Kerqin}%3BCHILDREN**");
        (await TableOf(desk)).ShouldContain(r => r[0] == "科尔沁区");

        // Printed: the table and chart, no forms.
        await desk.EmulateMediaAsync(new() { Media = Media.Print });
        (await desk.Locator("#save-favorite").IsVisibleAsync()).ShouldBeFalse();
        (await desk.Locator("#pivot").IsVisibleAsync()).ShouldBeTrue();
        (await desk.PdfAsync(new() { Format = "A4", PrintBackground = true })).Length.ShouldBeGreaterThan(1000);
        await desk.Context.CloseAsync();

        var phone = await SignInAsync("kerqin", width: 390);
        await phone.GotoAsync("/Analysis");
        await phone.Locator("#favorites").GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await phone.WaitForURLAsync("**/Analysis?favorite=*");
        await phone.Locator("[data-chart='analysis-chart'][data-ready='true']").WaitForAsync();
        var county = await TableOf(phone);
        county.Select(r => r[0]).ShouldBe(["机构 \\ 期间", "科尔沁区", "合计"], "the county's part of the city's favourite");
        county[1].ShouldBe(built.Single(r => r[0] == "科尔沁区"));
        (await phone.Locator("#left-out").InnerTextAsync()).ShouldContain("不在您的机构范围内");
        (await phone.EvaluateAsync<int>("document.scrollingElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
        (await phone.EvaluateAsync<string[]>(Trips)).ShouldBeEmpty();
        await Shot(phone, "analysis-favorite-390");

        // A plan's targets and statuses beside the figures, with their numerators and denominators, on the phone too.
        await phone.GotoAsync($"/Analysis?dx=infant_mortality_rate&ou={WebApp.Kerqin};CHILDREN&pe=2022;2023&rows=ou&cols=pe&plan=TL14&numden=true");
        await phone.Locator("[data-chart='analysis-chart'][data-ready='true']").WaitForAsync();
        (await phone.Locator("#pivot .target .badge").CountAsync()).ShouldBeGreaterThan(0);
        (await phone.Locator("#pivot .parts").CountAsync()).ShouldBeGreaterThan(0);
        (await phone.EvaluateAsync<int>("document.scrollingElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
        (await phone.EvaluateAsync<string[]>(Trips)).ShouldBeEmpty();
        await Shot(phone, "analysis-targets-390");
        await phone.Context.CloseAsync();
    }

    /// <summary>The pivot table as shown: every row's cells' text, numbers without their thousands commas, "—" as empty.</summary>
    private static async Task<List<string[]>> TableOf(IPage page) =>
        [.. (await page.Locator("#pivot tr").EvaluateAllAsync<string[][]>("rows => rows.map(r => [...r.cells].map(c => c.innerText.trim()))"))
            .Select(r => r.Select(c => c == "—" ? "" : c.Replace(",", "", StringComparison.Ordinal)).ToArray())];

    /// <summary>The first sheet's rows as text (numbers as written, invariant).</summary>
    private static List<string[]> SheetOf(string path)
    {
        using var document = SpreadsheetDocument.Open(path, false);
        var part = document.WorkbookPart!.WorksheetParts.First();
        return [.. part.Worksheet.Descendants<Row>().Select(r => r.Elements<Cell>().Select(c => c.DataType?.Value == CellValues.Number
            ? decimal.Parse(c.CellValue!.Text, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)
            : c.InnerText).ToArray())];
    }
}
