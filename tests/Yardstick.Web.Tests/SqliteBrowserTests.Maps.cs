using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Yardstick.Testing;

namespace Yardstick.Web.Tests;

/// <summary>
/// Issue 28, maps: the demo's county boundaries drawn as the city's children on the indicator page and the dashboard,
/// coloured by status, a county without a boundary listed under the map, and a click on a county drilling down to it — at
/// 1366 px and on a 390-px phone. Screenshots: tests/artifacts/screenshots/sqlite/map-*.png. The geometry API answers only
/// inside the caller's scope. The screen does not depend on the store, so this runs on SQLite only (the import is tested on
/// both: OrgUnitGeometryTests).
/// </summary>
public sealed partial class SqliteBrowserTests
{
    private const string Huolin = "150581";

    [Fact]
    public async Task Issue_28_a_map_of_the_counties_is_drilled_into_a_county_on_a_desktop_and_a_phone()
    {
        // One county loses its boundary for this test: it must be listed under the map, not silently left off.
        var saved = await App.WithDbAsync(db => db.Database.SqlQueryRaw<string>(
            $"SELECT g.geometry AS \"Value\" FROM org_unit_geometries g JOIN org_units u ON u.id = g.org_unit_id WHERE u.code = '{Huolin}'").SingleAsync());
        await App.WithDbAsync(db => db.Database.ExecuteSqlRawAsync($"DELETE FROM org_unit_geometries WHERE org_unit_id = (SELECT id FROM org_units WHERE code = '{Huolin}')"));
        try
        {
            var desk = await SignInAsync("planner");
            await desk.GotoAsync($"/Indicators/Detail?code=infant_mortality_rate&orgunit={WebApp.City}&year=2023");
            var map = desk.Locator("#children-map");
            await map.Locator("[data-map][data-ready='true']").WaitForAsync();
            (await map.Locator("h2").InnerTextAsync()).ShouldContain("下级单位地图");
            // Coloured by the target's status, the legend in the app's status words.
            (await map.Locator(".map-legend").InnerTextAsync()).ShouldContain("已达标");
            (await map.Locator(".map-missing").InnerTextAsync()).ShouldContain("霍林郭勒市");
            var kerqin = map.Locator("[data-map] text").GetByText("科尔沁区", new() { Exact = true });
            await kerqin.HoverAsync();
            var tip = desk.Locator("#children-map [data-map] div").Filter(new() { HasText = "‰" }).Last;
            await tip.WaitForAsync();
            (await tip.InnerTextAsync()).ShouldContain("科尔沁区");
            await Shot(desk, "map-indicator-1366");

            await kerqin.ClickAsync();
            await desk.WaitForURLAsync($"**orgunit={WebApp.Kerqin}**");
            (await desk.Locator("h1").InnerTextAsync()).ShouldContain("科尔沁区");
            // Its townships and facilities have no boundary or point: no map, and the page is whole.
            (await desk.Locator("#children-map").CountAsync()).ShouldBe(0);
            (await desk.Locator("#children tbody tr").CountAsync()).ShouldBe(6);
            await Shot(desk, "map-drilled-1366");
            await desk.Context.CloseAsync();

            var phone = await SignInAsync("planner", width: 390);
            await phone.GotoAsync("/?year=2023");
            var phoneMap = phone.Locator("#children-map");
            await phoneMap.Locator("[data-map][data-ready='true']").WaitForAsync();
            await phoneMap.ScrollIntoViewIfNeededAsync();
            (await phone.EvaluateAsync<int>("document.scrollingElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
            var box = (await phoneMap.Locator("[data-map]").BoundingBoxAsync())!;
            (box.X + box.Width).ShouldBeLessThanOrEqualTo(390);
            (await phoneMap.Locator(".map-missing").InnerTextAsync()).ShouldContain("霍林郭勒市");
            await Shot(phone, "map-dashboard-390");

            await phoneMap.Locator("[data-map] text").GetByText("开鲁县", new() { Exact = true }).ClickAsync();
            await phone.WaitForURLAsync($"**orgunit={WebApp.Kailu}**");
            (await phone.Locator("h1").InnerTextAsync()).ShouldContain("开鲁县");
            await Shot(phone, "map-drilled-390");
            await phone.Context.CloseAsync();
        }
        finally
        {
            await App.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
                "INSERT INTO org_unit_geometries (org_unit_id, kind, geometry) SELECT id, 'boundary', {0} FROM org_units WHERE code = {1}", saved, Huolin));
        }
    }

    [Fact]
    public async Task Issue_28_the_geometry_api_answers_a_units_children_only_inside_the_callers_scope()
    {
        using var planner = await App.SignInAsync("planner");
        var city = await planner.GetFromJsonAsync<JsonElement>($"/api/orgUnits/{WebApp.City}/geometry");
        city.GetProperty("type").GetString().ShouldBe("FeatureCollection");
        var features = city.GetProperty("features").EnumerateArray().ToList();
        features.Select(f => f.GetProperty("properties").GetProperty("name").GetString()).ShouldBe(
            ["科尔沁区", "科尔沁左翼中旗", "科尔沁左翼后旗", "开鲁县", "库伦旗", "奈曼旗", "扎鲁特旗", "霍林郭勒市"]);
        features.ShouldAllBe(f => f.GetProperty("geometry").GetProperty("type").GetString() == "Polygon");
        // The commission's departments are no places: not features, not "without geometry".
        city.GetProperty("withoutGeometry").GetArrayLength().ShouldBe(0);

        using var kerqin = await App.SignInAsync("kerqin");
        (await kerqin.GetAsync($"/api/orgUnits/{WebApp.City}/geometry")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await kerqin.GetAsync($"/api/orgUnits/{WebApp.Kailu}/geometry")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await kerqin.GetAsync("/api/orgUnits/nosuchunit/geometry")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var own = await kerqin.GetFromJsonAsync<JsonElement>($"/api/orgUnits/{WebApp.Kerqin}/geometry");
        own.GetProperty("unit").GetProperty("properties").GetProperty("kind").GetString().ShouldBe("boundary");
        own.GetProperty("features").GetArrayLength().ShouldBe(0);
        own.GetProperty("withoutGeometry").EnumerateArray().Select(u => u.GetProperty("code").GetString()).ShouldBe([WebApp.Dalin, WebApp.Qianjia, "150502H01", "150502H02", "150502H03", "150502H04"]);
    }

    [Fact]
    public async Task Issue_28_the_admin_imports_a_townships_point_by_name_from_the_org_units_page_all_or_nothing_and_the_map_draws_it()
    {
        using var admin = await App.SignInAsync("sysadmin");
        async Task<string> UploadAsync(string geojson, bool partial = false)
        {
            var page = await admin.GetStringAsync("/Admin/OrgUnits");
            using var form = new MultipartFormDataContent
            {
                { new StringContent(AntiForgeryToken.From(page)), "__RequestVerificationToken" },
                { new StringContent(WebApp.Kerqin), "parent" },
                { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(geojson)), "file", "points.geojson" },
            };
            if (partial)
            {
                form.Add(new StringContent("true"), "partial");
            }
            var response = await admin.PostAsync("/Admin/OrgUnits?handler=Boundaries", form);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            return await response.Content.ReadAsStringAsync();
        }
        const string Dalin = """{"type":"Feature","properties":{"name":"大林"},"geometry":{"type":"Point","coordinates":[122.4,43.7]}}""";
        const string Nowhere = """{"type":"Feature","properties":{"name":"不存在镇"},"geometry":{"type":"Point","coordinates":[122.5,43.6]}}""";
        async Task<string[]> MappedAsync() =>
            [.. (await admin.GetFromJsonAsync<JsonElement>($"/api/orgUnits/{WebApp.Kerqin}/geometry")).GetProperty("features").EnumerateArray()
                .Select(f => f.GetProperty("properties").GetProperty("code").GetString() + ":" + f.GetProperty("properties").GetProperty("kind").GetString())];
        try
        {
            var refused = await UploadAsync($$"""{"type":"FeatureCollection","features":[{{Dalin}},{{Nowhere}}]}""");
            refused.ShouldContain("points.geojson:要素 2: 名称 &quot;不存在镇&quot; 在科尔沁区 (150502) 的下级中找不到");
            (await MappedAsync()).ShouldBeEmpty();

            var partial = await UploadAsync($$"""{"type":"FeatureCollection","features":[{{Dalin}},{{Nowhere}}]}""", partial: true);
            partial.ShouldContain("已导入边界与位置: 2 个要素, 匹配 1 个机构, 更新 1 个");
            partial.ShouldContain("未匹配、未导入的要素");
            (await MappedAsync()).ShouldBe([$"{WebApp.Dalin}:point"]);

            // The township is a point on its county's outline; its sibling without one is listed under the map.
            var page = await SignInAsync("planner");
            await page.GotoAsync($"/Indicators/Detail?code=infant_mortality_rate&orgunit={WebApp.Kerqin}&year=2023");
            var map = page.Locator("#children-map");
            await map.Locator("[data-map][data-ready='true']").WaitForAsync();
            (await map.Locator(".map-missing").InnerTextAsync()).ShouldContain("钱家店镇");
            (await map.Locator(".map-missing").InnerTextAsync()).ShouldNotContain("大林镇");
            await Shot(page, "map-point-1366");
            await page.Context.CloseAsync();
        }
        finally
        {
            await App.WithDbAsync(db => db.Database.ExecuteSqlRawAsync($"DELETE FROM org_unit_geometries WHERE org_unit_id = (SELECT id FROM org_units WHERE code = '{WebApp.Dalin}')"));
        }
    }
}
