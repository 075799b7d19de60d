using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Yardstick.Core.Model;
using Yardstick.Data.Access;
using Yardstick.Data.Interchange;
using Yardstick.Data.Reporting;

namespace Yardstick.Web.Tests;

/// <summary>
/// Issue 27's 接收 on a 390-px phone: a township's report the county approved waits for the city, whose reviewer finds 接收 in
/// place of 审核通过 on the entry page, takes it, and sees 市已接收 with 审核通过 and 取消接收 offered; the county's completeness
/// grid says 市已接收 in the cell with each level under it. Nothing is wider than the phone. Screenshots:
/// tests/artifacts/screenshots/sqlite/accept-*.png. The screens do not depend on the store, so this runs on SQLite only.
/// </summary>
public sealed partial class SqliteBrowserTests
{
    [Fact]
    public async Task A_city_reviewer_receives_a_county_approved_report_on_a_phone_and_the_grid_says_so()
    {
        var code = "accept" + Guid.NewGuid().ToString("N")[..6];
        var element = code + "_n";
        var month = Period.Containing(PeriodType.Month, LocalClock.Today(TimeProvider.System)).Previous();
        var folder = Directory.CreateTempSubdirectory("yardstick-accept-").FullName;
        string File(string name, string content)
        {
            var path = Path.Combine(folder, name);
            System.IO.File.WriteAllText(path, content);
            return path;
        }
        var imported = await App.WithDbAsync(db => new Importer(db, TimeProvider.System).ImportAsync(
        [
            File("dataelements.csv", $"code,name,value_type,agg_ou,agg_time\n{element},接收演示数,count,sum,sum\n"),
            File("datasets.csv", $"code,name,period_type,elements,assign,due_days,lock_days,approval_levels,accept\n{code},接收演示月报,month,{element},level:4,40,0,level:3;level:2,是\n"),
            File("values.csv", $"dataelement,period,orgunit,value\n{element},{month},{WebApp.Dalin},12\n"),
        ], "tester"));
        imported.Succeeded.ShouldBeTrue(string.Join("; ", imported.Issues));
        Directory.Delete(folder, recursive: true);
        var approved = await App.WithDbAsync(async db =>
        {
            var set = await ReportingCycle.FindAsync(db, code);
            var units = await db.OrgUnits.AsNoTracking().Where(u => u.Code == WebApp.Dalin || u.Code == WebApp.Kerqin).ToDictionaryAsync(u => u.Code);
            var now = TimeProvider.System.GetUtcNow();
            (await ReportingCycle.SubmitAsync(db, new ReportingActor("dalin", [Roles.Reporter], units[WebApp.Dalin]), set!, units[WebApp.Dalin], month, now)).ShouldBeNull();
            return await ReportingCycle.DecideAsync(db, new ReportingActor("kerqinreview", [Roles.Reviewer], units[WebApp.Kerqin]), set!, units[WebApp.Dalin], month,
                "approve", null, null, now);
        });
        approved.ShouldBeNull();
        try
        {
            var phone = await SignInAsync("cityreview", width: 390);
            await phone.GotoAsync($"/Entry?dataset={code}&orgunit={WebApp.Dalin}&period={month}");
            (await phone.Locator("#approval-levels").InnerTextAsync()).ShouldContain("县已审核 · 市待接收");
            (await phone.Locator("#approve").CountAsync()).ShouldBe(0);
            await Shot(phone, "accept-waiting-390");
            (await phone.EvaluateAsync<int>("document.scrollingElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
            var button = (await phone.Locator("#accept").BoundingBoxAsync())!;
            (button.X + button.Width).ShouldBeLessThanOrEqualTo(390);
            await phone.Locator("#accept").ClickAsync();
            (await phone.Locator("#report-state").InnerTextAsync()).ShouldContain("市已接收");
            (await phone.Locator("#saved").InnerTextAsync()).ShouldContain("已接收");
            (await phone.Locator("#approve").IsVisibleAsync()).ShouldBeTrue();
            (await phone.Locator("#unaccept").IsVisibleAsync()).ShouldBeTrue();
            await Shot(phone, "accept-received-390");
            (await phone.EvaluateAsync<int>("document.scrollingElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
            await phone.Context.CloseAsync();

            var county = await SignInAsync("kerqinreview", width: 390);
            await county.GotoAsync($"/Entry/Completeness?dataset={code}&orgunit={WebApp.Kerqin}&year={month.Year}");
            var cell = county.Locator($"#grid a[href*='orgunit={WebApp.Dalin}&period={month}']");
            (await cell.InnerTextAsync()).ShouldBe("市已接收");
            (await county.Locator("#grid").InnerTextAsync()).ShouldContain("县已审核 · 市已接收");
            await Shot(county, "accept-grid-390");
            (await county.EvaluateAsync<int>("document.scrollingElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
            await county.Context.CloseAsync();
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
