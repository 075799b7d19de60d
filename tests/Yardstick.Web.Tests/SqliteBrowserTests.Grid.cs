using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Yardstick.Data.Interchange;

namespace Yardstick.Web.Tests;

/// <summary>
/// Issue 27: a township reporter fills a return by sex and age group on the entry form — a grid of 男/女 × 0岁/1–4岁 with
/// its row, column and whole totals following the typing — at 1366 px and on a 390-px phone, where the grid fits or
/// scrolls inside its box and no name is stacked a character a line. Screenshots: tests/artifacts/screenshots/sqlite/
/// entry-grid-*.png. The screen does not depend on the store, so this runs on SQLite only.
/// </summary>
public sealed partial class SqliteBrowserTests
{
    [Fact]
    public async Task A_return_by_sex_and_age_is_filled_as_a_grid_with_its_totals_on_a_desktop_and_a_phone()
    {
        var code = "u5grid" + Guid.NewGuid().ToString("N")[..6];
        var folder = Directory.CreateTempSubdirectory("yardstick-grid-").FullName;
        string File(string name, string content)
        {
            var path = Path.Combine(folder, name);
            System.IO.File.WriteAllText(path, content);
            return path;
        }
        var files = new[]
        {
            File("categories.csv", "code,name,options\nsex_grid,性别,male:男;female:女\nage_grid,年龄组,age0:0岁;age1_4:1–4岁\n"),
            File("categorycombos.csv", "code,name,categories\nsex_age_grid,性别年龄,sex_grid;age_grid\n"),
            File("dataelements.csv", "code,name,value_type,agg_ou,agg_time,category_combo\ndeaths_u5_grid,5岁以下儿童死亡数,count,sum,sum,sex_age_grid\n"),
            File("datasets.csv", $"code,name,period_type,elements,assign,due_days,lock_days\n{code},5岁以下儿童死亡年报,year,deaths_u5_grid;live_births,level:4,40,0\n"),
        };
        var imported = await App.WithDbAsync(db => new Importer(db, TimeProvider.System).ImportAsync(files, "tester"));
        imported.Succeeded.ShouldBeTrue(string.Join("; ", imported.Issues));
        Directory.Delete(folder, recursive: true);
        var address = $"/Entry?dataset={code}&orgunit={WebApp.Dalin}&period=2063";
        ILocator Cell(IPage page, string combo) => page.Locator($"input[name='v[deaths_u5_grid.{combo}]']");
        async Task<string[]> Totals(IPage page) =>
            [.. await Task.WhenAll(new[] { "[data-row-total='0']", "[data-row-total='1']", "[data-col-total='0']", "[data-col-total='1']", "[data-grand-total]", "[data-grid-sum]" }
                .Select(s => page.Locator("[data-combo-grid] " + s + ", " + s).First.InnerTextAsync()))];
        try
        {
            var desk = await SignInAsync("dalin");
            await desk.GotoAsync(address);
            (await desk.Locator("[data-combo-grid] thead").InnerTextAsync()).ShouldContain("0岁");
            await Cell(desk, "male.age0").FillAsync("2");
            await Cell(desk, "male.age1_4").FillAsync("1");
            await Cell(desk, "female.age0").FillAsync("3");
            await Cell(desk, "female.age1_4").FillAsync("4");
            // The totals follow the typing before anything is saved: rows 男 3, 女 7; columns 0岁 5, 1–4岁 5; the whole 10.
            (await Totals(desk)).ShouldBe(["3", "7", "5", "5", "10", "10"]);
            await Shot(desk, "entry-grid-1366");
            await desk.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
            (await desk.Locator("#saved").InnerTextAsync()).ShouldContain("已保存 4 项");
            (await Cell(desk, "female.age1_4").InputValueAsync()).ShouldBe("4");
            (await Totals(desk)).ShouldBe(["3", "7", "5", "5", "10", "10"], "drawn by the server from the stored values");
            await Shot(desk, "entry-grid-saved-1366");
            await desk.Context.CloseAsync();

            var phone = await SignInAsync("dalin", width: 390);
            await phone.GotoAsync(address);
            await Cell(phone, "female.age1_4").FillAsync("6");
            (await Totals(phone)).ShouldBe(["3", "9", "5", "7", "12", "12"]);
            await Shot(phone, "entry-grid-390");
            // The page is the phone's width; the grid fits its box or scrolls inside it; nothing is stacked a character a line.
            (await phone.EvaluateAsync<int>("document.scrollingElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
            // (The form's own table scrolls sideways on a phone; the grid under its element starts at its left edge and
            // two age columns with the totals fit the screen: no scrolling needed to fill it.)
            var grid = (await phone.Locator("[data-combo-grid]").BoundingBoxAsync())!;
            (grid.X + grid.Width).ShouldBeLessThanOrEqualTo(390);
            // Every option name and header on one line (男, 1–4岁, 合计: lines counted from where the text is laid out).
            (await phone.Locator("[data-combo-grid] th").EvaluateAllAsync<string[]>("""
                cells => cells.filter(th => {
                  const range = document.createRange(); range.selectNodeContents(th);
                  return new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size > 1;
                }).map(th => th.innerText)
                """)).ShouldBeEmpty();
            (await phone.Locator("[data-combo-grid] th").CountAsync()).ShouldBe(7);
            (await phone.EvaluateAsync<string[]>(Trips)).ShouldBeEmpty();
            await phone.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
            (await phone.Locator("#saved").InnerTextAsync()).ShouldContain("已保存 1 项");
            await Shot(phone, "entry-grid-saved-390");
            await phone.Context.CloseAsync();
        }
        finally
        {
            // The set leaves the township's 我的报表 as it found it: the role walk opens its first owed form.
            await App.WithDbAsync(async db =>
            {
                var set = await db.DataSets.SingleAsync(s => s.Code == code);
                await db.DataSetReports.Where(r => r.DataSetId == set.Id).ExecuteDeleteAsync();
                return await db.DataSets.Where(s => s.Id == set.Id).ExecuteDeleteAsync();
            });
        }
    }
}
