using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace Yardstick.Web.Tests;

/// <summary>
/// Issue 28, 数据分析 favourites: a selection saved by name, private or shared with the saver's unit; the unit's subtree opens
/// a shared one (each reader their own part of it), no other unit ever sees it; only the owner renames or deletes, each on
/// the version they saw; every write audited under the owner's unit. On both stores (migration 0022).
/// </summary>
public abstract partial class DemoWalkTests
{
    private static object Births(string units) => new { data = new[] { "live_births" }, units, periods = "2022;2023", rows = "ou", columns = "pe", chart = "bar" };

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement;
    }

    /// <summary>A program's client of the API (a personal access token: cookie writes need the page's anti-forgery token).</summary>
    private async Task<HttpClient> ApiClientAsync(string user) => app.TokenClient(await app.TokenAsync(user));

    private static IEnumerable<string> Names(JsonElement list) => list.EnumerateArray().Select(f => f.GetProperty("name").GetString()!);

    [Fact]
    public async Task Issue_28_a_favourite_shared_by_the_city_opens_in_a_county_with_only_the_countys_rows_and_no_other_unit_sees_a_private_one()
    {
        using var planner = await app.SignInAsync("planner");
        using var kerqin = await app.SignInAsync("kerqin");
        using var qianjia = await app.SignInAsync("qianjia");
        using var plannerApi = await ApiClientAsync("planner");
        using var dalin = await ApiClientAsync("dalin");
        var tag = Guid.NewGuid().ToString("N")[..6];

        var shared = await JsonOf(await plannerApi.PostAsJsonAsync("/api/analytics/favorites", new { name = $"各旗县活产数{tag}", shared = true, selection = Births("150500;CHILDREN") }),
            HttpStatusCode.Created);
        await JsonOf(await plannerApi.PostAsJsonAsync("/api/analytics/favorites", new { name = $"我的草稿{tag}", shared = false, selection = Births("150500") }), HttpStatusCode.Created);
        var township = await JsonOf(await dalin.PostAsJsonAsync("/api/analytics/favorites", new { name = $"大林镇{tag}", shared = true, selection = Births(WebApp.Dalin) }),
            HttpStatusCode.Created);

        shared.GetProperty("mine").GetBoolean().ShouldBeTrue();
        shared.GetProperty("orgUnit").GetString().ShouldBe(WebApp.City);
        shared.GetProperty("version").GetInt32().ShouldBe(1);
        var id = shared.GetProperty("id").GetInt64();
        Names(await JsonOf(await planner.GetAsync("/api/analytics/favorites"), HttpStatusCode.OK)).Where(n => n.EndsWith(tag, StringComparison.Ordinal)).ShouldBe([$"我的草稿{tag}", $"各旗县活产数{tag}"], ignoreOrder: true,
            "the city does not see a township's favourite, shared or not");
        var seenInKerqin = await JsonOf(await kerqin.GetAsync("/api/analytics/favorites"), HttpStatusCode.OK);
        Names(seenInKerqin).Where(n => n.EndsWith(tag, StringComparison.Ordinal)).ShouldBe([$"各旗县活产数{tag}"], "the planner's private one is not shown to the county");
        seenInKerqin.EnumerateArray().Single(f => f.GetProperty("id").GetInt64() == id).GetProperty("mine").GetBoolean().ShouldBeFalse();
        Names(await JsonOf(await dalin.GetAsync("/api/analytics/favorites"), HttpStatusCode.OK)).Where(n => n.EndsWith(tag, StringComparison.Ordinal))
            .ShouldBe([$"大林镇{tag}", $"各旗县活产数{tag}"], ignoreOrder: true);
        Names(await JsonOf(await qianjia.GetAsync("/api/analytics/favorites"), HttpStatusCode.OK)).ShouldNotContain($"大林镇{tag}",
            "a sibling township never sees another unit's favourite");
        (await qianjia.GetStringAsync($"/Analysis?favorite={township.GetProperty("id").GetInt64()}")).ShouldContain("没有这个收藏");

        // Opened with current figures: the city sees every county; 科尔沁区 sees its own row only, told that the rest is left out.
        var cityPage = await planner.GetStringAsync($"/Analysis?favorite={id}");
        cityPage.ShouldContain($"各旗县活产数{tag}");
        cityPage.ShouldContain($"<tr data-row=\"{WebApp.Kailu}\">");
        var countyPage = await kerqin.GetStringAsync($"/Analysis?favorite={id}");
        countyPage.ShouldContain($"<tr data-row=\"{WebApp.Kerqin}\">");
        countyPage.ShouldNotContain($"<tr data-row=\"{WebApp.Kailu}\">");
        countyPage.ShouldNotContain($"<tr data-row=\"{WebApp.City}\">");
        countyPage.ShouldContain("id=\"left-out\"");
        countyPage.ShouldNotContain("不在您的机构范围内</div>", customMessage: "cut, not refused");
        // The county's row holds the county's figure: the same as the county asking for itself.
        string Row(string page, string unit) => Regex.Match(page, $@"<tr data-row=""{unit}"">.*?</tr>", RegexOptions.Singleline).Value;
        Row(countyPage, WebApp.Kerqin).ShouldBe(Row(cityPage, WebApp.Kerqin));
        // Its export is cut alike.
        var csv = System.Text.Encoding.UTF8.GetString(await kerqin.GetByteArrayAsync($"/Analysis?favorite={id}&format=csv"));
        csv.ShouldNotContain("开鲁县");
    }

    [Fact]
    public async Task Issue_28_only_the_owner_renames_or_deletes_a_favourite_each_on_the_version_seen_and_every_write_is_audited()
    {
        using var planner = await ApiClientAsync("planner");
        using var kerqin = await ApiClientAsync("kerqin");
        var tag = Guid.NewGuid().ToString("N")[..6];
        var saved = await JsonOf(await planner.PostAsJsonAsync("/api/analytics/favorites", new { name = $"出生{tag}", shared = true, selection = Births("150500;CHILDREN") }),
            HttpStatusCode.Created);
        var id = saved.GetProperty("id").GetInt64();

        var blank = await JsonOf(await planner.PostAsJsonAsync("/api/analytics/favorites", new { name = "  ", selection = Births("150500") }), HttpStatusCode.BadRequest);
        var twice = await JsonOf(await planner.PostAsJsonAsync("/api/analytics/favorites", new { name = $"出生{tag}", selection = Births("150500") }), HttpStatusCode.BadRequest);
        var notMine = await JsonOf(await kerqin.PatchAsJsonAsync($"/api/analytics/favorites/{id}", new { name = "改名", version = 1 }), HttpStatusCode.Forbidden);
        var renamed = await JsonOf(await planner.PatchAsJsonAsync($"/api/analytics/favorites/{id}", new { name = $"活产数{tag}", version = 1 }), HttpStatusCode.OK);
        var stale = await JsonOf(await planner.PatchAsJsonAsync($"/api/analytics/favorites/{id}", new { name = $"又改{tag}", version = 1 }), HttpStatusCode.Conflict);
        var staleDelete = await JsonOf(await planner.DeleteAsync($"/api/analytics/favorites/{id}?version=1"), HttpStatusCode.Conflict);
        var noVersion = await JsonOf(await planner.DeleteAsync($"/api/analytics/favorites/{id}"), HttpStatusCode.BadRequest);
        var deleteByOther = await JsonOf(await kerqin.DeleteAsync($"/api/analytics/favorites/{id}?version=2"), HttpStatusCode.Forbidden);
        await JsonOf(await planner.DeleteAsync($"/api/analytics/favorites/{id}?version=2"), HttpStatusCode.NoContent);
        var gone = await JsonOf(await planner.DeleteAsync($"/api/analytics/favorites/{id}?version=2"), HttpStatusCode.NotFound);

        blank.GetProperty("detail").GetString().ShouldBe("请填写收藏名称");
        twice.GetProperty("detail").GetString()!.ShouldContain("您已有名为");
        notMine.GetProperty("detail").GetString().ShouldBe("只能重命名或删除自己保存的收藏");
        renamed.GetProperty("version").GetInt32().ShouldBe(2);
        stale.GetProperty("detail").GetString().ShouldBe($"收藏刚被修改 (现名“活产数{tag}”), 请刷新后再试");
        staleDelete.GetProperty("detail").GetString()!.ShouldContain("收藏刚被修改");
        noVersion.GetProperty("detail").GetString()!.ShouldContain("version");
        deleteByOther.GetProperty("detail").GetString().ShouldBe("只能重命名或删除自己保存的收藏");
        gone.GetProperty("detail").GetString().ShouldBe($"没有编号为 {id} 的收藏");
        var audit = await app.WithDbAsync(async db =>
        {
            var city = await db.OrgUnits.SingleAsync(u => u.Code == WebApp.City);
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = $"SELECT a.old_value, a.new_value, a.org_unit_path FROM audit_log a WHERE a.entity = 'analysis_favorite' AND a.entity_key = '{WebApp.City}/{id}' ORDER BY a.id";
            var rows = new List<(string? Old, string? New, string Path)>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2)));
            }
            return (rows, city.Path);
        });
        audit.rows.Count.ShouldBe(3, "saved, renamed, deleted: the refused writes left nothing");
        audit.rows.ShouldAllBe(r => r.Path == audit.Path);
        audit.rows[0].New!.ShouldStartWith($"name=出生{tag};shared=是;selection=dx=live_births&ou=150500%3BCHILDREN");
        audit.rows[1].Old.ShouldBe($"name=出生{tag}");
        audit.rows[1].New.ShouldBe($"name=活产数{tag}");
        audit.rows[2].New.ShouldBeNull();
    }

    [Fact]
    public async Task Issue_28_the_analysis_page_saves_the_selection_shown_lists_it_and_renames_and_deletes_it()
    {
        using var planner = await app.SignInAsync("planner");
        var tag = Guid.NewGuid().ToString("N")[..6];
        const string Selection = "/Analysis?dx=live_births&ou=150500;CHILDREN&pe=2022;2023&rows=pe&cols=ou&chart=line";

        var save = await WebApp.PostFormAsync(planner, Selection, "/Analysis?handler=Save", new()
        {
            ["dx"] = "live_births",
            ["ou"] = "150500;CHILDREN",
            ["pe"] = "2022;2023",
            ["rows"] = "pe",
            ["cols"] = "ou",
            ["chart"] = "line",
            ["name"] = $"年度 × 旗县{tag}",
            ["shared"] = "true",
        });

        save.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var opened = await planner.GetStringAsync(save.Headers.Location!.OriginalString);
        opened.ShouldContain($"已保存收藏“年度 × 旗县{tag}”，本单位及下级单位均可打开");
        opened.ShouldContain("<tr data-row=\"2023\">", customMessage: "the layout saved: periods as rows");
        opened.ShouldContain("<option value=\"line\" selected=\"selected\">");
        var id = long.Parse(Regex.Match(save.Headers.Location!.OriginalString, @"favorite=(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        opened.ShouldContain($"<tr data-favorite=\"{id}\">");
        // A layout switch from the opened favourite keeps it open.
        opened.ShouldContain($"rows=ou&amp;cols=pe&amp;chart=line&amp;favorite={id}");

        var rename = await WebApp.PostFormAsync(planner, $"/Analysis?favorite={id}", "/Analysis?handler=Rename",
            new() { ["id"] = $"{id}", ["version"] = "1", ["name"] = $"改名{tag}", ["back"] = $"/Analysis?favorite={id}" });
        (await planner.GetStringAsync(rename.Headers.Location!.OriginalString)).ShouldContain($"已重命名为“改名{tag}”");
        var staleDelete = await WebApp.PostFormAsync(planner, $"/Analysis?favorite={id}", "/Analysis?handler=Delete",
            new() { ["id"] = $"{id}", ["version"] = "1", ["back"] = "/Analysis" });
        (await planner.GetStringAsync(staleDelete.Headers.Location!.OriginalString)).ShouldContain($"收藏刚被修改 (现名“改名{tag}”)");
        var delete = await WebApp.PostFormAsync(planner, $"/Analysis?favorite={id}", "/Analysis?handler=Delete",
            new() { ["id"] = $"{id}", ["version"] = "2", ["back"] = $"/Analysis?favorite={id}" });
        delete.Headers.Location!.OriginalString.ShouldBe("/Analysis");
        var after = await planner.GetStringAsync("/Analysis");
        after.ShouldContain("已删除收藏");
        after.ShouldNotContain($"data-favorite=\"{id}\"");
    }
}
