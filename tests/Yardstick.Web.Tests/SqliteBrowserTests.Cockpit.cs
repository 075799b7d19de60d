using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Yardstick.Data;
using Yardstick.Data.Access;

namespace Yardstick.Web.Tests;

/// <summary>
/// Issue 28, item 4: the 领导驾驶舱 as a city viewer reads it on a 1920×1080 wall screen and a 390-px phone and prints it
/// on one A4 landscape page; a county viewer sees its county only. Screenshots and the PDF: tests/artifacts/screenshots/
/// sqlite/cockpit-*. The screen does not depend on the store, so this runs on SQLite only.
/// </summary>
public sealed partial class SqliteBrowserTests
{
    [Fact]
    public async Task Issue_28_the_cockpit_fits_a_wall_screen_and_a_phone_prints_on_one_landscape_page_and_a_county_viewer_sees_its_county_only()
    {
        // A published 考核 of the city's counties (2022: the other tests leave that year a draft), for the ranking.
        var planner = App.TokenClient(await App.TokenAsync("planner"));
        (await planner.PostAsJsonAsync($"/api/plans/TL14/assessment?orgunit={WebApp.City}&year=2022", new { action = "publish", appealDays = 7 }))
            .IsSuccessStatusCode.ShouldBeTrue();
        const string countyViewer = "kerqinviewer";
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<YardstickDb>();
            (await UserAccounts.CreateAsync(scope.ServiceProvider, db, countyViewer, Roles.Viewer, WebApp.Kerqin, WebApp.Password, mustChangePassword: false,
                DateTimeOffset.UtcNow)).ShouldBeEmpty();
        }

        var wall = await SignInAsync("viewer", width: 1920);
        await wall.SetViewportSizeAsync(1920, 1080);
        (await wall.GotoAsync("/Cockpit?plan=TL14"))!.Status.ShouldBe(200);
        await wall.Locator("[data-chart][data-ready], [data-map][data-ready='true']").First.WaitForAsync();
        (await wall.Locator("#cockpit-children-map [data-map][data-ready='true']").CountAsync()).ShouldBe(1, "the counties have boundaries: a map of their red lights");
        (await wall.Locator("nav#menu").CountAsync()).ShouldBe(0, "no menu, only a small link back");
        (await wall.Locator("h1").InnerTextAsync()).ShouldBe("领导驾驶舱");
        (await wall.Locator(".cockpit-head .scope").InnerTextAsync()).ShouldStartWith("通辽市");
        var lights = await wall.Locator("#cockpit-targets tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.light || '')");
        lights.Length.ShouldBeGreaterThan(3);
        lights.Select(l => l switch { "red" => 0, "yellow" => 1, "green" => 2, _ => 3 }).ShouldBeInOrder(SortDirection.Ascending, "red first");
        lights[0].ShouldBe("red", "the demo's city has red lights");
        (await wall.Locator("#cockpit-ranking tbody tr").CountAsync()).ShouldBeGreaterThan(1, "the counties ranked");
        (await wall.Locator("#cockpit-reporting tbody tr").CountAsync()).ShouldBeGreaterThan(0);
        var body = await wall.Locator("body").InnerTextAsync();
        Regex.IsMatch(body, "[A-Za-z]{4,}").ShouldBeFalse("no English word or code on the Chinese screen: " + Regex.Match(body, "[A-Za-z]{4,}").Value);
        (await wall.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(1920);
        await Shot(wall, "cockpit-1920");
        (await wall.EvaluateAsync<int>("document.documentElement.scrollHeight")).ShouldBeLessThanOrEqualTo(1080, "a wall screen shows it whole");

        // On paper: one A4 landscape page.
        await wall.EmulateMediaAsync(new() { Media = Media.Print });
        var folder = Path.Combine(Artifacts.Folder, "screenshots", App.Provider.ToLowerInvariant());
        var pdf = await wall.PdfAsync(new() { Path = Path.Combine(folder, "cockpit-print.pdf"), PreferCSSPageSize = true, PrintBackground = true });
        var text = System.Text.Encoding.Latin1.GetString(pdf);
        Regex.Matches(text, @"/Type\s*/Page[^s]").Count.ShouldBe(1, "the cockpit prints on one page");
        var box = Regex.Match(text, @"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)");
        double.Parse(box.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBeGreaterThan(double.Parse(box.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), "landscape");
        await wall.Context.CloseAsync();

        var phone = await SignInAsync("viewer", width: 390);
        (await phone.GotoAsync("/Cockpit?plan=TL14"))!.Status.ShouldBe(200);
        await phone.Locator("[data-chart][data-ready], [data-map][data-ready='true']").First.WaitForAsync();
        (await phone.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
        (await phone.Locator(".chart").First.BoundingBoxAsync())!.Width.ShouldBeLessThanOrEqualTo(390);
        await Shot(phone, "cockpit-390");
        await phone.Context.CloseAsync();

        // A county viewer: its county, its townships, its own line of the city's ranking; the city's cockpit is refused.
        var county = await SignInAsync(countyViewer, width: 1920);
        (await county.GotoAsync("/Cockpit?plan=TL14"))!.Status.ShouldBe(200);
        (await county.Locator(".cockpit-head .scope").InnerTextAsync()).ShouldStartWith("科尔沁区");
        var ranked = await county.Locator("#cockpit-ranking tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.orgunit)");
        ranked.ShouldBe([WebApp.Kerqin], "only its own line of the city's 考核");
        (await county.Locator("body").InnerTextAsync()).ShouldNotContain("开鲁县", customMessage: "a sibling county");
        // Its townships have no boundaries: the bars stand in for the map.
        var bars = await county.Locator("#cockpit-children").TextContentAsync() ?? "";
        bars.ShouldContain("大林镇");
        bars.ShouldNotContain("开鲁县");
        await Shot(county, "cockpit-county-1920");
        var refused = await county.GotoAsync($"/Cockpit?plan=TL14&orgunit={WebApp.City}");
        refused!.Url.ShouldContain("/Account/Denied");
        await county.Context.CloseAsync();
    }
}

/// <summary>Issue 28, item 3 on the demo: the red lights' drafts beside the lights on /Warnings, on the board, and dismissed once.</summary>
public sealed partial class SqliteBrowserTests
{
    [Fact]
    public async Task Issue_28_a_red_lights_draft_is_shown_beside_the_light_and_the_planner_dismisses_it_once()
    {
        // What the scheduled job does every five minutes, run now on the app's live engine.
        await using (var scope = App.Services.CreateAsyncScope())
        {
            await Data.Tasks.RedLights.DraftAsync(scope.ServiceProvider.GetRequiredService<YardstickDb>(),
                scope.ServiceProvider.GetRequiredService<Data.Values.LiveEngine>(), TimeProvider.System);
        }
        var page = await SignInAsync("planner");
        (await page.GotoAsync($"/Warnings?plan=TL14&orgunit={WebApp.City}"))!.Status.ShouldBe(200);
        var draft = page.Locator("tr[data-light='red'] a.draft").First;
        (await draft.InnerTextAsync()).ShouldBe("督办: 待交办");
        await draft.ClickAsync();
        (await page.Locator("#reason").InnerTextAsync()).ShouldStartWith("红灯预警 红灯原因: ");
        (await page.Locator("#stage").InnerTextAsync()).ShouldBe("待交办");
        await Shot(page, "red-light-draft");
        var id = long.Parse(new Uri(page.Url).Query.Split("id=")[1], System.Globalization.CultureInfo.InvariantCulture);

        var dismiss = page.Locator("form[data-action='dismiss']");
        await dismiss.Locator("textarea[name='note']").FillAsync("区里已在整改, 不再交办");
        await dismiss.GetByRole(AriaRole.Button, new() { Name = "撤销" }).ClickAsync();
        (await page.Locator("#stage").InnerTextAsync()).ShouldBe("已撤销");
        (await page.Locator("#history").InnerTextAsync()).ShouldContain("区里已在整改, 不再交办");
        (await page.Locator("form[data-action]").CountAsync()).ShouldBe(0, "a dismissed draft takes no more steps");

        var planner = App.TokenClient(await App.TokenAsync("planner"));
        var again = await planner.PostAsJsonAsync($"/api/tasks/{id}/actions", new { action = "dismiss", note = "再撤销一次" });
        again.StatusCode.ShouldBe(System.Net.HttpStatusCode.Conflict);
        var task = await planner.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/tasks/{id}");
        task.GetProperty("stage").GetString().ShouldBe("dismissed");
        task.GetProperty("reason").GetString()!.ShouldStartWith("红灯原因: ");
        (await page.GotoAsync("/Tasks?plan=TL14"))!.Status.ShouldBe(200);
        (await page.Locator($"#dismissed li[data-task='{id}']").CountAsync()).ShouldBe(1);
        await page.Context.CloseAsync();
    }
}
