using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Yardstick.Data.Values;

namespace Yardstick.Web.Tests;

/// <summary>
/// Issue 29, point 5: a 处室 account given a read-only data scope reads that subtree's figures — and writes nothing there,
/// approves nothing, reads nothing beyond it; its tasks stay the department's.
/// </summary>
public abstract partial class AccessTests
{
    private async Task<string> AccountIdAsync(string name) => await app.WithDbAsync(async db => await db.WithConnectionAsync(async c =>
    {
        await using var command = c.CreateCommand();
        command.CommandText = $"SELECT id FROM users WHERE user_name = '{name}'";
        return (string)(await command.ExecuteScalarAsync())!;
    }, default));

    [Fact]
    public async Task A_department_given_a_data_scope_reads_its_figures_but_enters_approves_and_reads_beyond_nothing()
    {
        const string Figures = "/api/analytics?dimension=dx:live_births&dimension=ou:{0}&dimension=pe:2023";
        using var before = await app.SignInAsync("office3");
        (await before.GetAsync(string.Format(null, Figures, WebApp.Kerqin))).StatusCode.ShouldBe(HttpStatusCode.Forbidden, "a 处室 reads no county's figures by itself");

        using var secadmin = await app.SignInAsync("secadmin");
        // Only a 处室's account has one: a reporter reads its own unit's figures.
        var reporter = await WebApp.PostFormAsync(secadmin, "/Admin/Users", "/Admin/Users?handler=Grant",
            new() { ["id"] = await AccountIdAsync("kerqin"), ["role"] = "reporter", ["orgunit"] = WebApp.Kerqin, ["dataScope"] = WebApp.City });
        reporter.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await reporter.Content.ReadAsStringAsync()).ShouldContain("只有处室账号可以另设数据查看范围");
        // Nor does it name another 处室, which holds no figures.
        var office = await AccountIdAsync("office3");
        (await WebApp.PostFormAsync(secadmin, "/Admin/Users", "/Admin/Users?handler=Grant",
            new() { ["id"] = office, ["role"] = "department", ["orgunit"] = WebApp.ThirdOffice, ["dataScope"] = WebApp.SecondOffice })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var granted = await WebApp.PostFormAsync(secadmin, "/Admin/Users", "/Admin/Users?handler=Grant",
            new() { ["id"] = office, ["role"] = "department", ["orgunit"] = WebApp.ThirdOffice, ["dataScope"] = WebApp.Kerqin });
        granted.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await granted.Content.ReadAsStringAsync()).ShouldContain("数据查看");
        (await app.WithDbAsync(db => AuditLog.ReadAsync(db))).ShouldContain(e => e.Entity == "user.access" && e.Key == "office3"
            && e.Actor == "secadmin" && e.New!.Contains($"data_scope={WebApp.Kerqin}"));
        // A new scope ends the sessions made under the old one.
        (await before.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        try
        {
            using var reader = await app.SignInAsync("office3");
            // The dashboard opens on the data scope, with its figures.
            var dashboard = await reader.GetStringAsync("/");
            dashboard.ShouldContain("科尔沁区");
            (await reader.GetAsync(string.Format(null, Figures, WebApp.Kerqin))).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await reader.GetAsync(string.Format(null, Figures, WebApp.Dalin))).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await reader.GetAsync($"/api/dataValueSets?orgUnit={WebApp.Dalin}&period=2023")).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await reader.GetAsync($"/Indicators/Detail?code=infant_mortality_rate&orgunit={WebApp.Kerqin}")).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await reader.GetAsync($"/Analysis?dx=live_births&ou={WebApp.Kerqin}&pe=2023")).StatusCode.ShouldBe(HttpStatusCode.OK);
            // Beyond it: a sibling county and the city are not its figures.
            (await reader.GetAsync(string.Format(null, Figures, WebApp.Kailu))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await reader.GetAsync(string.Format(null, Figures, WebApp.City))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await reader.GetAsync($"/?orgunit={WebApp.Kailu}")).Headers.Location!.ToString().ShouldContain("/Account/Denied");
            (await reader.GetAsync($"/api/plans/TL14/evaluation?orgunit={WebApp.Kailu}&year=2023")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

            // Read-only: no value entered, no report handed in or approved there, by API or by page.
            using var api = app.TokenClient(await app.TokenAsync("office3"));
            (await api.PostAsync("/api/dataValueSets", Json(WebApp.Dalin, "beds_total", "121"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await ValueAsync(WebApp.Dalin, "beds_total")).ShouldNotBe(121m);
            (await api.PostAsJsonAsync("/api/dataSets/epi_monthly/submissions", new { orgUnit = WebApp.Dalin, period = "202312" })).StatusCode
                .ShouldBe(HttpStatusCode.Forbidden);
            (await api.PostAsJsonAsync("/api/dataSets/epi_monthly/approvals", new { orgUnit = WebApp.Dalin, period = "202312", action = "approve" })).StatusCode
                .ShouldBe(HttpStatusCode.Forbidden);
            (await reader.GetAsync($"/Entry?orgunit={WebApp.Dalin}")).Headers.Location!.ToString().ShouldContain("/Account/Denied");
            var form = await WebApp.PostFormAsync(reader, "/Entry", "/Entry",
                new() { ["dataset"] = "TL14", ["orgunit"] = WebApp.Dalin, ["period"] = "2023", ["v[beds_total]"] = "122" });
            form.Headers.Location!.ToString().ShouldContain("/Account/Denied");
            (await ValueAsync(WebApp.Dalin, "beds_total")).ShouldNotBe(122m);
        }
        finally
        {
            (await WebApp.PostFormAsync(secadmin, "/Admin/Users", "/Admin/Users?handler=Grant",
                new() { ["id"] = office, ["role"] = "department", ["orgunit"] = WebApp.ThirdOffice, ["dataScope"] = "" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
    }

    /// <summary>
    /// The 考核 page and the 数据分析 favourites read within the data scope too: a 处室 account reads the published 考核 of a
    /// county inside it and the favourites shared there (opened cut to that county), and still nothing beyond it; publishing
    /// stays with the planners whose own scope holds the unit.
    /// </summary>
    [Fact]
    public async Task A_department_given_a_data_scope_reads_the_assessment_and_favourites_there_but_publishes_nothing()
    {
        const string Published = "/Reports/Assessment?plan=TL14&orgunit=" + WebApp.Kerqin + "&year=2021";
        const string Draft = "/Reports/Assessment?plan=TL14&orgunit=" + WebApp.Kerqin + "&year=2020";
        static bool Denied(HttpResponseMessage r) => r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location!.ToString().Contains("/Account/Denied", StringComparison.Ordinal);
        using var plannerApi = app.TokenClient(await app.TokenAsync("planner"));
        (await plannerApi.PostAsJsonAsync($"/api/plans/TL14/assessment?orgunit={WebApp.Kerqin}&year=2021", new { action = "publish", appealDays = 7 })).StatusCode
            .ShouldBe(HttpStatusCode.OK);
        var tag = Guid.NewGuid().ToString("N")[..6];
        async Task<long> SharedAsync(string user, string name, string units)
        {
            using var api = app.TokenClient(await app.TokenAsync(user));
            var saved = await api.PostAsJsonAsync("/api/analytics/favorites", new
            {
                name = name + tag,
                shared = true,
                selection = new { data = new[] { "live_births" }, units, periods = "2022;2023", rows = "ou", columns = "pe", chart = "bar" },
            });
            saved.StatusCode.ShouldBe(HttpStatusCode.Created, await saved.Content.ReadAsStringAsync());
            return JsonDocument.Parse(await saved.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
        }
        var county = await SharedAsync("kerqin", "科尔沁区活产数", $"{WebApp.Kerqin};CHILDREN");
        var city = await SharedAsync("planner", "各旗县活产数", $"{WebApp.City};CHILDREN");
        var township = await SharedAsync("qianjia", "钱家店镇活产数", WebApp.Qianjia);
        async Task<IEnumerable<string>> FavouritesAsync(HttpClient client) =>
            [.. JsonDocument.Parse(await client.GetStringAsync("/api/analytics/favorites")).RootElement.EnumerateArray()
                .Select(f => f.GetProperty("name").GetString()!).Where(n => n.EndsWith(tag, StringComparison.Ordinal))];

        using (var before = await app.SignInAsync("office2"))
        {
            Denied(await before.GetAsync(Published)).ShouldBeTrue("a 处室 reads no county's 考核 by itself");
            (await FavouritesAsync(before)).ShouldBe([$"各旗县活产数{tag}"], "the city's shared one only: the department lies in the city");
        }

        using var secadmin = await app.SignInAsync("secadmin");
        var office = await AccountIdAsync("office2");
        (await WebApp.PostFormAsync(secadmin, "/Admin/Users", "/Admin/Users?handler=Grant",
            new() { ["id"] = office, ["role"] = "department", ["orgunit"] = WebApp.SecondOffice, ["dataScope"] = WebApp.Kerqin })).StatusCode.ShouldBe(HttpStatusCode.OK);
        try
        {
            using var reader = await app.SignInAsync("office2");

            var page = await reader.GetAsync(Published);
            page.StatusCode.ShouldBe(HttpStatusCode.OK);
            var table = await page.Content.ReadAsStringAsync();
            table.ShouldContain("id=\"assessment\"");
            table.ShouldContain("钱家店镇");
            table.ShouldNotContain("id=\"publish\"");
            // Beyond the data scope: a sibling county is refused, an unknown unit not found.
            Denied(await reader.GetAsync("/Reports/Assessment?plan=TL14&orgunit=" + WebApp.Kailu + "&year=2021")).ShouldBeTrue();
            (await reader.GetAsync("/Reports/Assessment?plan=TL14&orgunit=999999&year=2021")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            // Read, never acted on: the draft is not its to publish, by page or by API.
            var draft = await reader.GetStringAsync(Draft);
            draft.ShouldNotContain("id=\"publish\"");
            Denied(await WebApp.PostFormAsync(reader, Draft, Draft + "&handler=Publish", new() { ["days"] = "7" })).ShouldBeTrue();
            using var api = app.TokenClient(await app.TokenAsync("office2"));
            (await api.PostAsJsonAsync($"/api/plans/TL14/assessment?orgunit={WebApp.Kerqin}&year=2020", new { action = "publish", appealDays = 7 })).StatusCode
                .ShouldBe(HttpStatusCode.Forbidden);
            (await app.WithDbAsync(async db => await Data.Reports.Assessments.GetAsync(db, db.Plans.Single(p => p.Code == "TL14").Id,
                db.OrgUnits.Single(u => u.Code == WebApp.Kerqin).Id, 2020))).ShouldBeNull();

            // Favourites: the county's shared one now shows too, the township's never; each opens on the county's figures.
            (await FavouritesAsync(reader)).ShouldBe([$"各旗县活产数{tag}", $"科尔沁区活产数{tag}"], ignoreOrder: true);
            var countyPage = await reader.GetStringAsync($"/Analysis?favorite={county}");
            countyPage.ShouldNotContain("没有这个收藏");
            countyPage.ShouldContain($"<tr data-row=\"{WebApp.Kerqin}\">");
            var cityPage = await reader.GetStringAsync($"/Analysis?favorite={city}");
            cityPage.ShouldContain($"<tr data-row=\"{WebApp.Kerqin}\">", customMessage: "cut to the data scope, not to the department's own empty unit");
            cityPage.ShouldNotContain($"<tr data-row=\"{WebApp.Kailu}\">");
            (await reader.GetStringAsync($"/Analysis?favorite={township}")).ShouldContain("没有这个收藏");
        }
        finally
        {
            (await WebApp.PostFormAsync(secadmin, "/Admin/Users", "/Admin/Users?handler=Grant",
                new() { ["id"] = office, ["role"] = "department", ["orgunit"] = WebApp.SecondOffice, ["dataScope"] = "" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
    }
}
